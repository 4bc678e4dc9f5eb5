package jsonld

import (
	"context"
	"strings"
	"testing"
)

// Documents that differ only in JSON-LD spelling normalize to the same N-Quads.
func TestNormalizeComparesAtTheRDFLevel(t *testing.T) {
	p := New(nil)
	nq := func(s string) string {
		t.Helper()
		out, err := p.Normalize(context.Background(), decode(t, s))
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	a := nq(`{"@context":"https://w3id.org/openbadges/v2","id":"http://e.org/a","type":"Assertion","verification":{"type":"HostedBadge"},"tags":["x"]}`)
	b := nq(`{"@context":"https://openbadgespec.org/v2/context.json","id":"http://e.org/a","type":["Assertion"],"verify":{"type":"hosted"},"tags":"x"}`)
	c := nq(`{"@context":"https://w3id.org/openbadges/v2","id":"http://e.org/a","type":"Assertion","verification":{"type":"SignedBadge"},"tags":["x"]}`)
	if a != b {
		t.Errorf("equivalent documents normalize differently:\n%s\n%s", a, b)
	}
	if a == c {
		t.Error("different verification types normalize alike")
	}
	want := "<http://e.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/openbadges#Assertion> .\n"
	if !strings.Contains(a, want) || !strings.Contains(a, "_:c14n0") {
		t.Errorf("N-Quads lack %q or a canonical blank node:\n%s", want, a)
	}
}

func TestExpand(t *testing.T) {
	out, err := New(nil).Expand(context.Background(), readJSON(t, scenarioDir+"/01-hosted-2_0-basic/assertion.json"))
	if err != nil {
		t.Fatal(err)
	}
	node := out[0].(map[string]any)
	if node["@id"] != "https://example.org/beths-robotics-badge.json" || node["https://w3id.org/openbadges#badge"] == nil {
		t.Errorf("expanded to %v", out)
	}
}
