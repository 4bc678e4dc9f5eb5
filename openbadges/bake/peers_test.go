package bake

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// readPeer reads a fixture the repository carries; a missing one fails the test.
func readPeer(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading fixture: %v", err)
	}
	return b
}

func TestPeerFixturesExtract(t *testing.T) {
	cases := []struct {
		file, source, contains, verify string
	}{
		{peers + "history/baked_heart.png", "iTXt", `"id": "https://example.org/beths-robotics-badge.json"`, ""},
		{peers + "bakery/baked_heart.png", "iTXt", `"url":"http://example.org/badgeinstance1"`, ""},
		{peers + "inline/baked_heart_assertion1_url.png", "iTXt", "http://example.org/assertion/1", ""},
		{scenarios + "02-baked-png-2_0/baked_heart_2_0_assertion.png", "iTXt", `"type": "Assertion"`, ""},
		{peers + "bakery/baked_example.svg", "svg-body", `"url":"https://example.org/assertion.json"`, "https://example.org/assertion.json"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			ex := mustExtract(t, readPeer(t, c.file))
			if ex.Source != c.source || ex.Verify != c.verify || !strings.Contains(ex.Payload, c.contains) {
				t.Errorf("got source %q verify %q payload %q", ex.Source, ex.Verify, ex.Payload)
			}
			if len(ex.Findings) != 0 {
				t.Errorf("findings %v", findingIDs(ex.Findings))
			}
		})
	}
}

func TestPeerFixturesWithoutBadge(t *testing.T) {
	for file, want := range map[string]string{
		peers + "bakery/unbaked_example.svg":     "BAKE-16",
		peers + "public_domain_heart.png":        "BAKE-08",
		peers + "bakery/public_domain_heart.png": "BAKE-08",
		scenarios + "02-baked-png-2_0/heart.png": "BAKE-08",
	} {
		t.Run(file, func(t *testing.T) {
			_, err := Extract(readPeer(t, file))
			requireError(t, err, want)
		})
	}
}

func TestBakingThePeerHeartKeepsItsChunks(t *testing.T) {
	heart := readPeer(t, scenarios+"02-baked-png-2_0/heart.png")
	want := mustExtract(t, readPeer(t, scenarios+"02-baked-png-2_0/baked_heart_2_0_assertion.png"))
	baked, err := BakePNG(heart, want.Payload)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(baked[:len(heart)-12], heart[:len(heart)-12]) {
		t.Error("baking changed the chunks before IEND")
	}
	if got := mustExtract(t, baked); got.Payload != want.Payload || len(got.Findings) != 0 {
		t.Errorf("got %+v", got)
	}
}

// The specification's SVG example, with its "<rest-of-document...>" placeholder removed.
func TestSpecSVGExample(t *testing.T) {
	raw := readPeer(t, "testdata/spec/ob_v2p0/baking-extracted/baked-hosted-assertion-example.svg.txt")
	svg := bytes.Replace(raw, []byte("<rest-of-document...>"), nil, 1)
	ex := mustExtract(t, svg)
	if ex.Source != "svg-body" || ex.Verify != "https://example.org/assertions/123" || len(ex.Findings) != 0 {
		t.Fatalf("got %+v", ex)
	}
	var a struct{ ID, Type string }
	if err := json.Unmarshal([]byte(ex.Payload), &a); err != nil || a.ID != ex.Verify || a.Type != "Assertion" {
		t.Errorf("payload does not parse as the example Assertion: %v %+v", err, a)
	}
	rebaked, err := BakeSVG(svg, SVGAssertion{Verify: ex.Verify, Body: ex.Payload})
	if err != nil {
		t.Fatal(err)
	}
	again := mustExtract(t, rebaked)
	if again.Payload != ex.Payload || again.Verify != ex.Verify || len(again.Findings) != 0 {
		t.Errorf("re-baked example gave %+v", again)
	}
}
