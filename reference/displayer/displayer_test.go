package displayer

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestCompactReadsPrefixedTerms reads sdo:name (a prefix the document's own context defines) and
// schema:description (one the OB v2 context defines) as name and description.
func TestCompactReadsPrefixedTerms(t *testing.T) {
	d := compact(doc{"@context": []any{"https://w3id.org/openbadges/v2", doc{"sdo": "http://schema.org/"}},
		"sdo:name": "N", "schema:description": "D", "other:name": "kept"})
	if d["name"] != "N" || d["description"] != "D" || d["other:name"] != "kept" {
		t.Errorf("compacted %v", d)
	}
}

// TestABadRequestIsRefused answers a body that is not a BadgeInput with 400, and a GET with 405.
func TestABadRequestIsRefused(t *testing.T) {
	srv := httptest.NewServer(New())
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/display", "application/json", strings.NewReader("not json"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a non-JSON body: HTTP %d, want 400", resp.StatusCode)
	}
	if resp, err = http.Get(srv.URL + "/display"); err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET /display: HTTP %d, want 405", resp.StatusCode)
		}
	}
}

// TestEveryFaultIsNamedAndDeclaresItsSpecs keeps the fault values self-contained.
func TestEveryFaultIsNamedAndDeclaresItsSpecs(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Faults() {
		if seen[f.Name] || f.Option == nil || len(f.Specs) == 0 || len(f.Requirements) == 0 || f.Description == "" {
			t.Errorf("fault %q is incomplete or named twice", f.Name)
		}
		seen[f.Name] = true
		if g, ok := LookupFault(f.Name); !ok || g.Name != f.Name {
			t.Errorf("LookupFault(%q) found %q", f.Name, g.Name)
		}
	}
}
