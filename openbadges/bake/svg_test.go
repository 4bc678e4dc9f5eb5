package bake

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestSVGRoundTrip(t *testing.T) {
	cases := []struct {
		name   string
		a      SVGAssertion
		source string
		want   string
	}{
		{"body and verify", SVGAssertion{Verify: "https://example.org/assertions/123", Body: assertionJSON}, "svg-body", assertionJSON},
		{"body only", SVGAssertion{Body: `{"name":"Zoë – ✓ 日本語 🏅 <&>"}`}, "svg-body", `{"name":"Zoë – ✓ 日本語 🏅 <&>"}`},
		{"body with CDATA end", SVGAssertion{Body: `{"a":"]]>","b":"]]]]>"}`}, "svg-body", `{"a":"]]>","b":"]]]]>"}`},
		{"body is trimmed", SVGAssertion{Body: "\n  " + assertionJSON + "\n"}, "svg-body", assertionJSON},
		{"signature", SVGAssertion{Verify: compactJWS}, "svg-verify", compactJWS},
		{"verify needing escapes", SVGAssertion{Verify: "a\"b'c<d>&e\tf\ng"}, "svg-verify", "a\"b'c<d>&e\tf\ng"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			baked, err := BakeSVG([]byte(plainSVG), c.a)
			if err != nil {
				t.Fatal(err)
			}
			ex := mustExtract(t, baked)
			if ex.Payload != c.want || ex.Source != c.source || ex.Verify != c.a.Verify || ex.Format != SVG || len(ex.Findings) != 0 {
				t.Errorf("got %+v\nfrom %s", ex, baked)
			}
		})
	}
}

func TestBakeSVGShape(t *testing.T) {
	baked, err := BakeSVG([]byte(plainSVG), SVGAssertion{Verify: "https://example.org/a", Body: assertionJSON})
	if err != nil {
		t.Fatal(err)
	}
	want := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" xmlns:openbadges="http://openbadges.org">` +
		`<openbadges:assertion verify="https://example.org/a"><![CDATA[` + assertionJSON + `]]></openbadges:assertion>` + "\n  <circle"
	if !bytes.Contains(baked, []byte(want)) || !bytes.HasPrefix(baked, []byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n<svg ")) {
		t.Errorf("baked SVG:\n%s\nwant it to contain:\n%s", baked, want)
	}
	signed, err := BakeSVG([]byte(plainSVG), SVGAssertion{Verify: compactJWS})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(signed, []byte(`<openbadges:assertion verify="`+compactJWS+`"/>`)) {
		t.Errorf("a signature is not baked self-closing (BAKE-13):\n%s", signed)
	}
}

func TestBakeSVGInputs(t *testing.T) {
	cases := map[string]string{
		"self-closing root":         `<svg xmlns="http://www.w3.org/2000/svg" />`,
		"prefixed self-closing":     `<s:svg xmlns:s="http://www.w3.org/2000/svg"/>`,
		"BOM, prolog and doctype":   utf8BOM + `<?xml version="1.0"?><!-- made by hand --><!DOCTYPE svg><svg><g/></svg>`,
		"wrong namespace value":     `<svg xmlns:openbadges="https://openbadges.org/"><g/></svg>`,
		"namespace already there":   `<svg xmlns:openbadges='http://openbadges.org'><g/></svg>`,
		"old assertion first":       `<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="https://old"/><g/></svg>`,
		"old assertions everywhere": `<svg xmlns:openbadges="http://openbadges.org"><g><openbadges:assertion>old</openbadges:assertion></g><openbadges:assertion verify="x"><openbadges:assertion/></openbadges:assertion></svg>`,
		"other prefix":              `<svg xmlns:ob="http://openbadges.org"><ob:assertion verify="https://old"/></svg>`,
		"prefix bound to nothing":   `<svg xmlns:openbadges=""><openbadges:assertion verify="https://old"/></svg>`,
		"prefix bound elsewhere":    `<svg xmlns:openbadges="urn:x"><g/><openbadges:assertion verify="https://old"/></svg>`,
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			baked, err := BakeSVG([]byte(in), SVGAssertion{Body: assertionJSON})
			if err != nil {
				t.Fatal(err)
			}
			ex := mustExtract(t, baked)
			if ex.Payload != assertionJSON || len(ex.Findings) != 0 {
				t.Errorf("got %+v from\n%s", ex, baked)
			}
			if n := bytes.Count(baked, []byte("assertion ")) + bytes.Count(baked, []byte("assertion>")); n != 2 {
				t.Errorf("want exactly one assertion element, got:\n%s", baked)
			}
			if strings.HasPrefix(in, utf8BOM) != bytes.HasPrefix(baked, []byte(utf8BOM)) {
				t.Error("the byte order mark was not kept")
			}
		})
	}
}

func TestSVGFaults(t *testing.T) {
	const url = "https://example.org/assertions/123"
	cases := []struct {
		name  string
		edits []svgEdit
		want  []string
	}{
		{"namespace omitted", []svgEdit{omitNamespace}, []string{"BAKE-10/ERROR"}},
		{"two elements", []svgEdit{duplicateElement}, []string{"BAKE-15/ERROR"}},
		{"not first", []svgEdit{notFirst}, []string{"BAKE-11/ERROR"}},
		{"all three", []svgEdit{omitNamespace, duplicateElement, notFirst},
			[]string{"BAKE-10/ERROR", "BAKE-15/ERROR", "BAKE-11/ERROR"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><g/></svg>`
			baked := faultySVG(t, in, SVGAssertion{Verify: url, Body: assertionJSON}, c.edits...)
			ex := mustExtract(t, baked)
			if ex.Payload != assertionJSON || ex.Verify != url {
				t.Errorf("payload %q, verify %q", ex.Payload, ex.Verify)
			}
			if got := findingIDs(ex.Findings); !slices.Equal(got, c.want) {
				t.Errorf("findings %v, want %v\n%s", got, c.want, baked)
			}
		})
	}
}

func TestSVGHandWrittenFaults(t *testing.T) {
	const ns = `<svg xmlns:openbadges="http://openbadges.org">`
	cases := []struct {
		name, in, payload string
		want              []string
	}{
		{"plain text body", ns + `<openbadges:assertion> {"a":1} </openbadges:assertion></svg>`, `{"a":1}`, []string{"BAKE-14/WARNING"}},
		{"signature not self-closing", ns + `<openbadges:assertion verify="x.y.z"> </openbadges:assertion></svg>`, "x.y.z", []string{"BAKE-13/WARNING"}},
		{"nested in a group", ns + `<g><openbadges:assertion verify="x.y.z"/></g></svg>`, "x.y.z", []string{"BAKE-11/ERROR"}},
		{"declared on the element", `<svg><ob:assertion xmlns:ob="http://openbadges.org" verify="x.y.z"/></svg>`, "x.y.z", []string{"BAKE-10/ERROR"}},
		{"mixed CDATA and text", ns + `<openbadges:assertion><![CDATA[{"a":]]>1}</openbadges:assertion></svg>`, `{"a":1}`, []string{"BAKE-14/WARNING"}},
		{"CDATA in pieces", ns + `<openbadges:assertion><![CDATA[{"a":]]><!-- c --><![CDATA[1}]]></openbadges:assertion></svg>`, `{"a":1}`, nil},
		{"child elements ignored", ns + `<openbadges:assertion><x>no</x><![CDATA[{"a":1}]]></openbadges:assertion></svg>`, `{"a":1}`, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ex := mustExtract(t, []byte(c.in))
			if ex.Payload != c.payload {
				t.Errorf("payload %q, want %q", ex.Payload, c.payload)
			}
			if got := findingIDs(ex.Findings); !slices.Equal(got, c.want) {
				t.Errorf("findings %v, want %v", got, c.want)
			}
		})
	}
}

func TestSVGErrors(t *testing.T) {
	deep := "<svg>" + strings.Repeat("<g>", 300) + strings.Repeat("</g>", 300) + "</svg>"
	cases := []struct{ name, in, want string }{
		{"no assertion", plainSVG, "BAKE-16"},
		{"neither body nor verify", `<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion> </openbadges:assertion></svg>`, "BAKE-16"},
		{"empty verify", `<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify=""/></svg>`, "BAKE-16"},
		{"other namespace", `<svg xmlns:openbadges="urn:other"><openbadges:assertion verify="x"/></svg>`, "BAKE-16"},
		{"malformed", `<svg><openbadges:assertion verify="x"></svg>`, "BAKE-16"},
		{"unclosed root", `<svg><openbadges:assertion verify="x"/>`, "BAKE-16"},
		{"too deep", deep, "BAKE-16"},
		{"unknown entity", `<svg>&nbsp;</svg>`, "BAKE-16"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ex, err := Extract([]byte(c.in))
			if ex != nil {
				t.Errorf("got %+v", ex)
			}
			requireError(t, err, c.want)
		})
	}
}

func TestBakeSVGRefuses(t *testing.T) {
	cases := []struct {
		name, svg string
		a         SVGAssertion
		want      string
	}{
		{"nothing to bake", plainSVG, SVGAssertion{Body: " "}, "BAKE-16"},
		{"control character", plainSVG, SVGAssertion{Body: "{\x01}"}, "BAKE-16"},
		{"invalid UTF-8", plainSVG, SVGAssertion{Verify: "\xff"}, "BAKE-16"},
		{"not SVG", `<html/>`, SVGAssertion{Body: assertionJSON}, "BAKE-01"},
		{"malformed", `<svg>`, SVGAssertion{Body: assertionJSON}, "BAKE-16"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := BakeSVG([]byte(c.svg), c.a)
			if out != nil {
				t.Errorf("got %s", out)
			}
			requireError(t, err, c.want)
		})
	}
}
