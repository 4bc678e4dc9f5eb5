package bake

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/obcert/obcert"
)

const maxSVGDepth = 256

// svgScan is what one walk over an SVG learns: where the root start tag is, how it declares the
// openbadges namespace, and every openbadges:assertion element.
type svgScan struct {
	rootStart, rootEnd int // byte span of the root start tag
	nsValue            string
	nsDeclared         bool
	elems              []svgElem
}

// svgElem is one openbadges:assertion element.
type svgElem struct {
	start, end  int // byte span of the whole element
	nested      bool
	firstChild  bool // the first child element of the root
	selfClosing bool
	verify      string
	hasVerify   bool
	body        strings.Builder // character data directly inside the element
	plainText   bool            // some non-space body text is outside CDATA
}

// svgWalker carries the state of scanSVG's token loop.
type svgWalker struct {
	data     []byte
	d        *xml.Decoder
	s        svgScan
	depth    int
	children int // child elements of the root seen so far
	open     int // index of the open top-level assertion element, or -1
	openAt   int // its depth
}

// scanSVG walks data (without BOM) with encoding/xml up to the end of the root element.
func scanSVG(data []byte) (*svgScan, error) {
	w := &svgWalker{data: data, d: xml.NewDecoder(bytes.NewReader(data)), open: -1}
	for {
		off := int(w.d.InputOffset())
		tok, err := w.d.Token()
		if errors.Is(err, io.EOF) {
			return nil, newError("corrupt SVG: the root element is not closed", "BAKE-16")
		}
		if err != nil {
			return nil, newError("corrupt SVG: "+err.Error(), "BAKE-16")
		}
		done, err := w.step(tok, off, int(w.d.InputOffset()))
		if err != nil || done {
			return &w.s, err
		}
	}
}

func (w *svgWalker) step(tok xml.Token, off, end int) (bool, error) {
	switch t := tok.(type) {
	case xml.StartElement:
		return false, w.start(t, off, end)
	case xml.EndElement:
		if w.open >= 0 && w.depth == w.openAt {
			w.s.elems[w.open].end, w.open = end, -1
		}
		w.depth--
		return w.depth == 0, nil
	case xml.CharData:
		if w.open >= 0 && w.depth == w.openAt {
			e := &w.s.elems[w.open]
			e.body.Write(t)
			raw := w.data[off:end]
			if len(bytes.TrimSpace(t)) > 0 && !bytes.HasPrefix(raw, []byte("<![CDATA[")) {
				e.plainText = true
			}
		}
	}
	return false, nil
}

func (w *svgWalker) start(t xml.StartElement, off, end int) error {
	w.depth++
	if w.depth > maxSVGDepth {
		return newError("SVG nests elements deeper than 256", "BAKE-16")
	}
	if w.depth == 1 {
		return w.root(t, off, end)
	}
	if w.depth == 2 {
		w.children++
	}
	if !isAssertion(t.Name) {
		return nil
	}
	e := svgElem{start: off, end: end, nested: w.open >= 0, firstChild: w.depth == 2 && w.children == 1,
		selfClosing: bytes.HasSuffix(w.data[off:end], []byte("/>"))}
	for _, a := range t.Attr {
		if a.Name.Space == "" && a.Name.Local == "verify" {
			e.verify, e.hasVerify = a.Value, true
		}
	}
	w.s.elems = append(w.s.elems, e)
	if w.open < 0 {
		w.open, w.openAt = len(w.s.elems)-1, w.depth
	}
	return nil
}

func (w *svgWalker) root(t xml.StartElement, off, end int) error {
	if !isSVGRoot(t.Name) {
		return newError("not an SVG: the root element is not svg", "BAKE-01")
	}
	w.s.rootStart, w.s.rootEnd = off, end
	for _, a := range t.Attr {
		if a.Name.Space == "xmlns" && a.Name.Local == "openbadges" {
			w.s.nsValue, w.s.nsDeclared = a.Value, true
		}
	}
	return nil
}

// isAssertion matches {http://openbadges.org}assertion, and also openbadges:assertion whose prefix
// is not declared at all (encoding/xml then leaves the prefix as the namespace).
func isAssertion(n xml.Name) bool {
	return n.Local == "assertion" && (n.Space == openbadgesNamespace || n.Space == "openbadges")
}

func extractSVG(data []byte) (*Extracted, error) {
	s, err := scanSVG(bytes.TrimPrefix(data, []byte(utf8BOM)))
	if err != nil {
		return nil, err
	}
	if len(s.elems) == 0 {
		return nil, newError("no openbadges data: the SVG has no openbadges:assertion element", "BAKE-16")
	}
	// BAKE-16: "SVG extraction: take the first <openbadges:assertion>."
	e := &s.elems[0]
	ex := &Extracted{Format: SVG, Verify: e.verify, Findings: svgFindings(s)}
	body := strings.TrimSpace(e.body.String())
	switch {
	// BAKE-16: "With a body, the body is the JSON Assertion." BAKE-17: a missing verify is then fine.
	case body != "":
		ex.Payload, ex.Source = body, "svg-body"
		ex.Findings = append(ex.Findings, bodyFindings(e)...)
	// BAKE-16: "With no body, the verify attribute is the signature."
	case strings.TrimSpace(e.verify) != "":
		ex.Payload, ex.Source = e.verify, "svg-verify"
		ex.Findings = append(ex.Findings, verifyFindings(e)...)
	default:
		return nil, newError("no openbadges data: openbadges:assertion has neither a body nor a verify attribute", "BAKE-16")
	}
	return ex, nil
}

// svgFindings checks where the assertion sits and how the root declares its namespace.
func svgFindings(s *svgScan) []obcert.Finding {
	var fs []obcert.Finding
	const prop = "openbadges:assertion"
	// BAKE-10: "SVG: add xmlns:openbadges="http://openbadges.org" to the root <svg>."
	if !s.nsDeclared || s.nsValue != openbadgesNamespace {
		fs = append(fs, finding(obcert.Error, "xmlns:openbadges",
			`the root svg element does not declare xmlns:openbadges="http://openbadges.org"`,
			`add xmlns:openbadges="http://openbadges.org" to the root <svg> start tag`, "BAKE-10"))
	}
	// BAKE-15: "An SVG has only one <openbadges:assertion>."
	if len(s.elems) > 1 {
		fs = append(fs, finding(obcert.Error, prop,
			"the SVG holds more than one openbadges:assertion element; the first was read",
			"bake exactly one openbadges:assertion, replacing any earlier one", "BAKE-15"))
	}
	// BAKE-11: "SVG: put an <openbadges:assertion> element directly after the <svg> start tag."
	if !s.elems[0].firstChild {
		fs = append(fs, finding(obcert.Error, prop,
			"openbadges:assertion is not the first child element of the root svg",
			"put openbadges:assertion directly after the <svg> start tag", "BAKE-11"))
	}
	return fs
}

func bodyFindings(e *svgElem) []obcert.Finding {
	// BAKE-14: "When baking an Assertion, put its JSON in the element body inside <![CDATA[…]]>."
	if e.plainText {
		return []obcert.Finding{finding(obcert.Warning, "openbadges:assertion",
			"the openbadges:assertion body is plain text, not CDATA",
			"wrap the Assertion JSON in <![CDATA[ ... ]]>", "BAKE-14")}
	}
	return nil
}

func verifyFindings(e *svgElem) []obcert.Finding {
	// BAKE-13: "When baking a signature, the element has no body and is self-closing."
	if !e.selfClosing {
		return []obcert.Finding{finding(obcert.Warning, "openbadges:assertion",
			"openbadges:assertion carries a signature in verify but is not self-closing",
			`write <openbadges:assertion verify="..."/>`, "BAKE-13")}
	}
	return nil
}
