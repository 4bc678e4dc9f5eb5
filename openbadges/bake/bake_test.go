package bake

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"slices"
	"testing"

	"github.com/obcert/obcert"
)

// Fixture folders, relative to this package: the reference validator's images copied into
// testdata/, and the end-to-end scenarios the module shares in ../../testdata (see the READMEs there).
const (
	peers     = "testdata/validator-core-testfiles/"
	scenarios = "../../testdata/validator-core-testfiles/scenarios/"
)

const assertionJSON = `{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://example.org/assertions/123"}`

const compactJWS = "eyJhbGciOiJSUzI1NiJ9.eyJpZCI6Imh0dHBzOi8vZXhhbXBsZS5vcmcvYS8xIn0.c2lnbmF0dXJl"

// newPNG encodes a small image with image/png.
func newPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const plainSVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
  <circle cx="5" cy="5" r="4" fill="red"/>
</svg>
`

// mustExtract extracts data, failing the test on an error.
func mustExtract(t *testing.T, data []byte) *Extracted {
	t.Helper()
	ex, err := Extract(data)
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	checkFindings(t, ex.Findings)
	return ex
}

// checkFindings asserts each finding has the check name, a severity and catalogued requirement IDs.
func checkFindings(t *testing.T, fs []obcert.Finding) {
	t.Helper()
	for _, f := range fs {
		if f.Check != CheckName || f.Message == "" || (f.Severity != obcert.Error && f.Severity != obcert.Warning) {
			t.Errorf("malformed finding %+v", f)
		}
		checkRequirements(t, f.Requirements)
	}
}

func checkRequirements(t *testing.T, ids []string) {
	t.Helper()
	if len(ids) == 0 {
		t.Error("no requirement IDs")
	}
	for _, id := range ids {
		if _, ok := obcert.LookupRequirement(id); !ok {
			t.Errorf("requirement %s is not in the catalogue", id)
		}
	}
}

// requireError asserts err is an *Error naming want among its requirements.
func requireError(t *testing.T, err error, want string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want *Error naming %s, got %v", want, err)
	}
	checkRequirements(t, e.Requirements)
	if !slices.Contains(e.Requirements, want) {
		t.Errorf("error %q does not name %s", e, want)
	}
}

// findingIDs lists "ID/SEVERITY" for every requirement of every finding.
func findingIDs(fs []obcert.Finding) []string {
	var out []string
	for _, f := range fs {
		for _, id := range f.Requirements {
			out = append(out, id+"/"+string(f.Severity))
		}
	}
	return out
}

func TestSniff(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want Format
	}{
		{"png", string(pngSignature) + "rest", PNG},
		{"svg", `<svg xmlns="http://www.w3.org/2000/svg"/>`, SVG},
		{"svg without namespace", `<svg/>`, SVG},
		{"svg prefixed", `<s:svg xmlns:s="http://www.w3.org/2000/svg"/>`, SVG},
		{"svg after prolog", utf8BOM + `<?xml version="1.0"?><!-- c --><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">` + "\n<svg>", SVG},
		{"html", `<html><svg/></html>`, ""},
		{"svg in another namespace", `<svg xmlns="urn:x"/>`, ""},
		{"text before root", `hello <svg/>`, ""},
		{"json", `{"a":1}`, ""},
		{"empty", ``, ""},
		{"truncated png signature", string(pngSignature[:5]), ""},
	}
	for _, c := range cases {
		if got := Sniff([]byte(c.in)); got != c.want {
			t.Errorf("%s: Sniff = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestExtractRefusesOtherFormats(t *testing.T) {
	_, err := Extract([]byte("GIF89a...."))
	requireError(t, err, "BAKE-01")
	_, err = Extract(nil)
	requireError(t, err, "BAKE-01")
}

func TestExtractRefusesHugeImages(t *testing.T) {
	big := append(newPNG(t), make([]byte, MaxImageBytes)...)
	_, err := Extract(big)
	requireError(t, err, "BAKE-08")
	svg := []byte("<svg>" + string(make([]byte, MaxImageBytes)) + "</svg>")
	_, err = Extract(svg)
	requireError(t, err, "BAKE-16")
	if _, err := BakePNG(big, assertionJSON); err == nil {
		t.Error("BakePNG accepted an image over MaxImageBytes")
	}
	if _, err := BakeSVG(svg, SVGAssertion{Body: assertionJSON}); err == nil {
		t.Error("BakeSVG accepted an image over MaxImageBytes")
	}
}

func TestErrorMessageNamesRequirements(t *testing.T) {
	e := &Error{Requirements: []string{"BAKE-02", "BAKE-08"}, Msg: "no openbadges data"}
	if got, want := e.Error(), "bake: no openbadges data (BAKE-02, BAKE-08)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func BenchmarkExtractPNG(b *testing.B) {
	img, err := BakePNG(newPNG(b), assertionJSON)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(img)))
	for b.Loop() {
		if _, err := Extract(img); err != nil {
			b.Fatal(err)
		}
	}
}
