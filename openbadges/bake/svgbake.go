package bake

import (
	"bytes"
	"encoding/xml"
	"strings"
	"unicode/utf8"

	"github.com/obcert/obcert/internal/limits"
)

// SVGAssertion is what BakeSVG writes into an SVG.
type SVGAssertion struct {
	Verify string // the verify attribute: the compact JWS or the hosted Assertion URL
	Body   string // the Assertion JSON, written in CDATA (BAKE-14); empty gives a self-closing element (BAKE-13)
}

// BakeSVG returns svg with a as an <openbadges:assertion> element directly after the <svg> start
// tag, declaring xmlns:openbadges on the root if it is missing. Any openbadges:assertion svg
// already holds is removed.
func BakeSVG(svg []byte, a SVGAssertion) ([]byte, error) {
	if len(svg) > MaxImageBytes || len(a.Body)+len(a.Verify) > maxPayload {
		return nil, newError("image or payload is larger than "+limits.Size(MaxImageBytes), "BAKE-16")
	}
	if Sniff(svg) != SVG {
		return nil, newError("not an SVG: the root element is not svg", "BAKE-01")
	}
	elem, err := assertionElement(a)
	if err != nil {
		return nil, err
	}
	body := bytes.TrimPrefix(svg, []byte(utf8BOM))
	// Declaring the namespace can turn elements into assertions, so look for the old ones after.
	declared, err := declareNamespace(body)
	if err != nil {
		return nil, err
	}
	s, err := scanSVG(declared)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Write(svg[:len(svg)-len(body)])
	// BAKE-11: "put an <openbadges:assertion> element directly after the <svg> start tag."
	out.Write(declared[:s.rootEnd])
	out.WriteString(elem)
	writeWithout(&out, declared, s.rootEnd, s.elems)
	return out.Bytes(), nil
}

// declareNamespace returns body with xmlns:openbadges on the root set right, and a self-closing
// root opened so that it can take a child.
func declareNamespace(body []byte) ([]byte, error) {
	s, err := scanSVG(body)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Write(body[:s.rootStart])
	writeRoot(&out, body[s.rootStart:s.rootEnd], s)
	out.Write(body[s.rootEnd:])
	return out.Bytes(), nil
}

// writeRoot writes the root start tag with the namespace declaration fixed.
func writeRoot(out *bytes.Buffer, tag []byte, s *svgScan) {
	keep := s.nsDeclared && s.nsValue == openbadgesNamespace
	selfClosing := bytes.HasSuffix(tag, []byte("/>"))
	closeAt := len(tag) - 1
	if selfClosing {
		closeAt--
	}
	last := 0
	for _, a := range tagAttrs(tag[:closeAt]) {
		if a.name == "xmlns:openbadges" && !keep {
			out.Write(tag[last:a.start])
			last = a.end
		}
	}
	// BAKE-10: "SVG: add xmlns:openbadges="http://openbadges.org" to the root <svg>."
	if !keep {
		out.Write(bytes.TrimRight(tag[last:closeAt], " \t\r\n"))
		out.WriteString(` xmlns:openbadges="` + openbadgesNamespace + `"`)
	} else {
		out.Write(tag[last:closeAt])
	}
	out.WriteString(">")
	if selfClosing {
		out.WriteString("</" + tagName(tag) + ">")
	}
}

// writeWithout writes body from offset from on, leaving out every top-level assertion element.
// BAKE-15: "When re-baking, MAY raise an error or overwrite."
func writeWithout(out *bytes.Buffer, body []byte, from int, elems []svgElem) {
	for _, e := range elems {
		if e.nested || e.start < from {
			continue
		}
		out.Write(body[from:e.start])
		from = e.end
	}
	out.Write(body[from:])
}

// assertionElement renders a as an openbadges:assertion element.
func assertionElement(a SVGAssertion) (string, error) {
	body := strings.TrimSpace(a.Body)
	if body == "" && strings.TrimSpace(a.Verify) == "" {
		return "", newError("nothing to bake: give a Body or a Verify", "BAKE-16")
	}
	if !isXMLText(a.Verify) || !isXMLText(body) {
		return "", newError("the assertion holds characters XML cannot carry", "BAKE-16")
	}
	var b strings.Builder
	b.WriteString("<openbadges:assertion")
	if a.Verify != "" {
		b.WriteString(` verify="`)
		xml.EscapeText(&b, []byte(a.Verify)) // writes to a strings.Builder do not fail
		b.WriteString(`"`)
	}
	// BAKE-13: "When baking a signature, the element has no body and is self-closing."
	if body == "" {
		b.WriteString("/>")
		return b.String(), nil
	}
	// BAKE-14: "When baking an Assertion, put its JSON in the element body inside <![CDATA[…]]>."
	b.WriteString("><![CDATA[")
	b.WriteString(strings.ReplaceAll(body, "]]>", "]]]]><![CDATA[>"))
	b.WriteString("]]></openbadges:assertion>")
	return b.String(), nil
}

// isXMLText reports whether s is UTF-8 made only of characters XML 1.0 allows.
func isXMLText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		ok := r == 0x09 || r == 0x0A || r == 0x0D || (r >= 0x20 && r <= 0xD7FF) ||
			(r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
		if !ok {
			return false
		}
	}
	return true
}
