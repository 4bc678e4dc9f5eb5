package bake

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// The product API bakes only what the specification asks for. The faulty images the tests need
// are built here, by hand or by byte surgery on a correct bake.

// itxtChunk is a correct openbadges iTXt chunk holding payload.
func itxtChunk(payload string) []byte { return encodeChunk("iTXt", itxtData(payload)) }

// compressedITXt is an openbadges iTXt chunk whose text is zlib-compressed (breaks BAKE-04).
func compressedITXt(t testing.TB, payload string) []byte {
	t.Helper()
	return encodeChunk("iTXt", append([]byte(keyword+"\x00\x01\x00\x00\x00"), zlibBytes(t, payload)...))
}

// textChunk is a legacy tEXt chunk with keyword kw whose ISO 8859-1 text is payload.
func textChunk(t testing.TB, kw, payload string) []byte {
	t.Helper()
	b := append([]byte(kw), 0)
	for _, r := range payload {
		if r > 0xff {
			t.Fatalf("%q is not ISO 8859-1", payload)
		}
		b = append(b, byte(r))
	}
	return encodeChunk("tEXt", b)
}

// pngWith returns the test PNG with the raw chunks inserted before IEND.
func pngWith(t testing.TB, chunks ...[]byte) []byte {
	t.Helper()
	return insertBeforeIEND(t, newPNG(t), slices.Concat(chunks...))
}

// svgEdit turns a correct bake into a faulty one, given the baked element.
type svgEdit func(baked, elem string) string

var (
	omitNamespace svgEdit = func(baked, _ string) string {
		return strings.Replace(baked, ` xmlns:openbadges="`+openbadgesNamespace+`"`, "", 1)
	}
	duplicateElement svgEdit = func(baked, elem string) string { return strings.Replace(baked, elem, elem+elem, 1) }
	notFirst         svgEdit = func(baked, elem string) string { return strings.Replace(baked, elem, "<g/>"+elem, 1) }
)

// faultySVG bakes a into svg correctly, then applies the edits.
func faultySVG(t testing.TB, svg string, a SVGAssertion, edits ...svgEdit) []byte {
	t.Helper()
	baked, err := BakeSVG([]byte(svg), a)
	if err != nil {
		t.Fatal(err)
	}
	elem, err := assertionElement(a)
	if err != nil || !bytes.Contains(baked, []byte(elem)) {
		t.Fatalf("the baked SVG does not hold %s (%v)", elem, err)
	}
	out := string(baked)
	for _, e := range edits {
		out = e(out, elem)
	}
	return []byte(out)
}
