package connect_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestBodiesAreBounded refuses a registration, a token request and an Assertion Payload larger
// than their limits with the error of each endpoint, never reading them whole.
func TestBodiesAreBounded(t *testing.T) {
	e := newEnv(t)
	tok := tokenFor(e)
	big := strings.Repeat("x", 9<<20)
	m := metadata()
	m["client_name"] = big
	if resp, out := e.register(m); resp.StatusCode != http.StatusBadRequest || out["error"] != "invalid_client_metadata" {
		t.Errorf("a 9 MiB registration: HTTP %d %v", resp.StatusCode, out)
	}
	if got := e.post(tok, map[string]any{"signedAssertion": big}); got.code != http.StatusBadRequest || got.text() != "REQUEST_VALIDATION_ERROR" {
		t.Errorf("a 9 MiB Assertion Payload: HTTP %d %.200s", got.code, got.raw)
	}
	c := e.newClient()
	if st, out := c.exchange(map[string][]string{"grant_type": {"authorization_code"}, "code": {big[:1<<20]}}); st != http.StatusBadRequest || out["error"] != "invalid_request" {
		t.Errorf("a 1 MiB token request: HTTP %d %v", st, out)
	}
	if got := e.call(http.MethodPost, "/profile", tok, map[string]any{"name": big[:1<<20]}); got.code != http.StatusBadRequest {
		t.Errorf("a 1 MiB profile update: HTTP %d", got.code)
	}
}
