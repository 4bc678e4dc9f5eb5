package host

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestABadRequestIsRefused answers a body that is not an ImportRequest with 400, the export of
// an unknown id with 404, and an import naming no badge with a refusal that says so.
func TestABadRequestIsRefused(t *testing.T) {
	srv := httptest.NewServer(New())
	defer srv.Close()
	for _, tc := range []struct {
		path, body string
		status     int
		want       string
	}{
		{"/import", "not json", http.StatusBadRequest, "not an ImportRequest"},
		{"/export", `{"id":"nope","as":"json"}`, http.StatusNotFound, "no badge nope"},
		{"/import", `{"account":"a@example.org"}`, http.StatusOK, `"reason":"the badge could not be read: the import names no url, image, jws or json"`},
	} {
		resp, err := http.Post(srv.URL+tc.path, "application/json", strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.want) {
			t.Errorf("POST %s %s: HTTP %d %s; want %d and %q", tc.path, tc.body, resp.StatusCode, body, tc.status, tc.want)
		}
	}
}

// TestEveryFaultIsNamedAndDeclaresItsSpecs keeps the fault values self-contained.
func TestEveryFaultIsNamedAndDeclaresItsSpecs(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Faults() {
		if seen[f.Name] || f.Option == nil || len(f.Specs) == 0 || len(f.Requirements) != 1 || f.Description == "" || !strings.HasPrefix(f.Name, "host-") {
			t.Errorf("fault %q is incomplete or named twice", f.Name)
		}
		seen[f.Name] = true
	}
}

// TestIssuedTo matches a hashed and a plain recipient, and refuses another identity.
func TestIssuedTo(t *testing.T) {
	hashed := doc{"recipient": doc{"type": "email", "hashed": true, "salt": "s",
		"identity": "sha256$" + "9c3e4b6c0b1b0e4b1a6d29e0f8c1e1b7c8d0b0e1f5a4f1a7e2b2d3c4e5f60718"}}
	if issuedTo(hashed, "x@example.org") {
		t.Error("a hash of another identity matched")
	}
	plain := doc{"recipient": doc{"type": "email", "hashed": false, "identity": "A@example.org"}}
	if !issuedTo(plain, "a@example.org") || issuedTo(plain, "b@example.org") {
		t.Error("a plain recipient is compared case-insensitively, and only with itself")
	}
}
