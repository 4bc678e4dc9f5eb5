package connect_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/obcert/obcert/fixtures"
	refconnect "github.com/obcert/obcert/reference/connect"
)

// probe looks at one behaviour of the provider: nil when it is right.
type probe func(t *testing.T, e *env) error

// tokenFor is a token with every scope, from a fresh client.
func tokenFor(e *env) string { return e.newClient().token().AccessToken }

// postTwo posts the valid hosted and signed fixtures, and returns the token.
func postTwo(t *testing.T, e *env) (string, error) {
	tok := tokenFor(e)
	for _, p := range []map[string]any{{"assertion": hosted(t, fixtures.ValidHosted)}, {"signedAssertion": signed(t, fixtures.ValidSigned)}} {
		if got := e.post(tok, p); got.code != http.StatusOK {
			return tok, found("posting a valid badge: HTTP %d %s", got.code, got.raw)
		}
	}
	return tok, nil
}

// refused exchanges a fresh code with the form edited by edit, and wants it refused.
func refused(e *env, edit func(v url.Values)) error {
	c := e.newClient()
	code, verifier := c.code()
	v := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {c.cfg.RedirectURL}, "code_verifier": {verifier}}
	edit(v)
	if st, out := c.exchange(v); st == http.StatusOK {
		return found("the token request was answered a token: %v", out["token_type"])
	}
	return nil
}

// probes are the behaviours each fault breaks.
var probes = map[string]probe{
	"connect-manifest-wrong-path": func(t *testing.T, e *env) error {
		if resp := e.do(http.MethodGet, e.srv.URL+refconnect.ManifestPath, "", nil, nil); resp.StatusCode != http.StatusOK {
			return found("the well-known manifest answers HTTP %d", resp.StatusCode)
		}
		return nil
	},
	"connect-manifest-no-privacy-policy": func(t *testing.T, e *env) error {
		if e.url("privacyPolicyUrl") == "" {
			return found("the manifest has no privacyPolicyUrl")
		}
		return nil
	},
	"connect-api-base-wrong": func(t *testing.T, e *env) error {
		if !strings.HasSuffix(e.url("apiBase"), "/ims/ob/v2p1") {
			return found("apiBase is %s", e.url("apiBase"))
		}
		if got := e.call(http.MethodGet, "/assertions", tokenFor(e), nil); got.code != http.StatusOK {
			return found("the API is not at apiBase: HTTP %d", got.code)
		}
		return nil
	},
	"connect-version-wrong": func(t *testing.T, e *env) error {
		if e.api["version"] != "v2p1" {
			return found("version is %v", e.api["version"])
		}
		return nil
	},
	"connect-manifest-other-host": func(t *testing.T, e *env) error {
		for k, v := range e.api {
			if s, ok := v.(string); ok && strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, e.srv.URL) {
				return found("%s is %s, not on %s", k, s, e.srv.URL)
			}
		}
		return nil
	},
	"connect-registration-no-echo": func(t *testing.T, e *env) error {
		_, out := e.register(metadata())
		for k := range metadata() {
			if out[k] == nil {
				return found("the registration answer does not echo %s", k)
			}
		}
		return nil
	},
	"connect-registration-cacheable": func(t *testing.T, e *env) error {
		if resp, _ := e.register(metadata()); resp.Header.Get("Cache-Control") != "no-store" {
			return found("Cache-Control %q", resp.Header.Get("Cache-Control"))
		}
		return nil
	},
	"connect-registration-accepts-missing": func(t *testing.T, e *env) error {
		m := metadata()
		delete(m, "software_id")
		if resp, _ := e.register(m); resp.StatusCode != http.StatusBadRequest {
			return found("a registration without software_id: HTTP %d", resp.StatusCode)
		}
		return nil
	},
	"connect-registration-accepts-http": func(t *testing.T, e *env) error {
		m := metadata()
		m["redirect_uris"] = []any{"http://consumer.example.org/cb"}
		if resp, _ := e.register(m); resp.StatusCode != http.StatusBadRequest {
			return found("an http redirect URI: HTTP %d", resp.StatusCode)
		}
		return nil
	},
	"connect-same-client-id": func(t *testing.T, e *env) error {
		if a, b := e.newClient(), e.newClient(); a.cfg.ClientID == b.cfg.ClientID {
			return found("two registrations got client_id %s", a.cfg.ClientID)
		}
		return nil
	},
	"connect-state-not-echoed": func(t *testing.T, e *env) error {
		u, err := e.newClient().authorize(oauth2.GenerateVerifier(), "the-state", refconnect.Scopes)
		if err != nil || u.Query().Get("state") != "the-state" {
			return found("the redirect %v (%v) lacks the state", u, err)
		}
		return nil
	},
	"connect-redirects-unknown-uri": func(t *testing.T, e *env) error {
		c := e.newClient()
		cfg := *c.cfg
		cfg.RedirectURL = "https://attacker.example.net/cb"
		resp := e.do(http.MethodGet, cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())), "", nil, nil)
		if loc := resp.Header.Get("Location"); loc != "" {
			return found("an unregistered redirect_uri was redirected to: %s", loc)
		}
		return nil
	},
	"connect-token-no-type": func(t *testing.T, e *env) error {
		c := e.newClient()
		code, verifier := c.code()
		st, out := c.exchange(url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {c.cfg.RedirectURL}, "code_verifier": {verifier}})
		if st != http.StatusOK || out["token_type"] != "Bearer" {
			return found("the token answer: HTTP %d token_type %v", st, out["token_type"])
		}
		return nil
	},
	"connect-no-pkce-check": func(t *testing.T, e *env) error {
		return refused(e, func(v url.Values) { v.Del("code_verifier") })
	},
	"connect-wrong-verifier-accepted": func(t *testing.T, e *env) error {
		return refused(e, func(v url.Values) { v.Set("code_verifier", oauth2.GenerateVerifier()) })
	},
	"connect-code-reusable": func(t *testing.T, e *env) error {
		c := e.newClient()
		code, verifier := c.code()
		v := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {c.cfg.RedirectURL}, "code_verifier": {verifier}}
		if st, _ := c.exchange(v); st != http.StatusOK {
			return found("the first exchange: HTTP %d", st)
		}
		if st, _ := c.exchange(v); st == http.StatusOK {
			return found("the code was exchanged twice")
		}
		return nil
	},
	"connect-redirect-mismatch-accepted": func(t *testing.T, e *env) error {
		return refused(e, func(v url.Values) { v.Set("redirect_uri", "https://consumer.example.org/cb2") })
	},
	"connect-token-error-shape": func(t *testing.T, e *env) error {
		c := e.newClient()
		if st, out := c.exchange(url.Values{"grant_type": {"authorization_code"}, "code": {"never-issued"}}); st != http.StatusBadRequest || out["error"] != "invalid_grant" {
			return found("an unknown code: HTTP %d error %v", st, out["error"])
		}
		return nil
	},
	"connect-refresh-broken": func(t *testing.T, e *env) error {
		c := e.newClient()
		tok := c.token()
		renewed, err := c.cfg.TokenSource(c.ctx(), &oauth2.Token{RefreshToken: tok.RefreshToken, Expiry: time.Now().Add(-time.Hour)}).Token()
		if err != nil {
			return found("refreshing: %v", err)
		}
		if got := e.call(http.MethodGet, "/assertions", renewed.AccessToken, nil); got.code != http.StatusOK {
			return found("the renewed token: HTTP %d", got.code)
		}
		return nil
	},
	"connect-403-no-token": func(t *testing.T, e *env) error {
		if got := e.call(http.MethodGet, "/assertions", "", nil); got.code != http.StatusUnauthorized {
			return found("no token: HTTP %d", got.code)
		}
		return nil
	},
	"connect-no-scope-check": func(t *testing.T, e *env) error {
		read := e.newClient().token(refconnect.ScopeAssertionRead).AccessToken
		if got := e.call(http.MethodGet, "/profile", read, nil); got.code != http.StatusUnauthorized || got.text() != "PERMISSION_DENIED" {
			return found("GET /profile with an assertion.readonly token: HTTP %d %s", got.code, got.text())
		}
		return nil
	},
	"connect-write-ignores-scope": func(t *testing.T, e *env) error {
		read := e.newClient().token(refconnect.ScopeAssertionRead).AccessToken
		if got := e.call(http.MethodPost, "/profile", read, map[string]any{"telephone": "+15555550100"}); got.code != http.StatusUnauthorized {
			return found("POST /profile with an assertion.readonly token: HTTP %d", got.code)
		}
		return nil
	},
	"connect-wrong-status-text": func(t *testing.T, e *env) error {
		if got := e.call(http.MethodPost, "/profile", tokenFor(e), map[string]any{"url": "https://example.org/me"}); got.text() != "OK" {
			return found("POST /profile: statusText %s", got.text())
		}
		return nil
	},
	"connect-status-code-mismatch": func(t *testing.T, e *env) error {
		got := e.post(tokenFor(e), map[string]any{"assertion": hosted(t, fixtures.ValidHosted)})
		if got.statusCode() != float64(got.code) {
			return found("HTTP %d with statusCode %v", got.code, got.statusCode())
		}
		return nil
	},
	"connect-plain-errors": func(t *testing.T, e *env) error {
		if got := e.call(http.MethodGet, "/nope", "", nil); got.text() != "NOT_FOUND" {
			return found("GET /nope: HTTP %d %s", got.code, got.raw)
		}
		return nil
	},
	"connect-no-405": func(t *testing.T, e *env) error {
		if got := e.call(http.MethodDelete, "/assertions", "", nil); got.code != http.StatusMethodNotAllowed || got.text() != "METHOD_NOT_ALLOWED" {
			return found("DELETE /assertions: HTTP %d %s", got.code, got.text())
		}
		return nil
	},
	"connect-refuses-upsert": func(t *testing.T, e *env) error {
		tok, err := postTwo(t, e)
		if err != nil {
			return err
		}
		if got := e.post(tok, map[string]any{"assertion": hosted(t, fixtures.ValidHosted)}); got.code != http.StatusOK {
			return found("posting again: HTTP %d %s", got.code, got.text())
		}
		return nil
	},
	"connect-drops-on-upsert": func(t *testing.T, e *env) error {
		tok, err := postTwo(t, e)
		if err != nil {
			return err
		}
		if _, err := postTwo(t, e); err != nil {
			return err
		}
		got := e.call(http.MethodGet, "/assertions", tok, nil)
		js := anyList(got.body["signedAssertions"])
		as := anyList(got.body["assertions"])
		if len(js) != 1 || js[0] != signed(t, fixtures.ValidSigned) || len(as) != 1 {
			return found("after the updates: %s", got.raw)
		}
		if d, _ := as[0].(map[string]any); d["expires"] == nil {
			return found("the updated Assertion lost its expires")
		}
		return nil
	},
	"connect-accepts-invalid": func(t *testing.T, e *env) error {
		if got := e.post(tokenFor(e), map[string]any{"signedAssertion": signed(t, fixtures.Tampered)}); got.code != http.StatusBadRequest {
			return found("a tampered badge: HTTP %d", got.code)
		}
		return nil
	},
	"connect-extension-field": func(t *testing.T, e *env) error {
		got := e.call(http.MethodGet, "/profile", tokenFor(e), nil)
		for k := range got.body {
			if k != "status" && k != "profile" {
				return found("GET /profile carries %s", k)
			}
		}
		return nil
	},
	"connect-signed-as-objects": func(t *testing.T, e *env) error {
		tok, err := postTwo(t, e)
		if err != nil {
			return err
		}
		for _, s := range anyList(e.call(http.MethodGet, "/assertions", tok, nil).body["signedAssertions"]) {
			if _, ok := s.(string); !ok {
				return found("a signedAssertions item is not a string")
			}
		}
		return nil
	},
	"connect-duplicates-per-id": func(t *testing.T, e *env) error {
		tok, err := postTwo(t, e)
		if err != nil {
			return err
		}
		if _, err := postTwo(t, e); err != nil {
			return err
		}
		if n := e.call(http.MethodGet, "/assertions", tok, nil).header.Get("X-Total-Count"); n != "2" {
			return found("two Assertions posted twice each make %s entries", n)
		}
		return nil
	},
	"connect-internal-member": func(t *testing.T, e *env) error {
		tok, err := postTwo(t, e)
		if err != nil {
			return err
		}
		listed, _ := anyList(e.call(http.MethodGet, "/assertions", tok, nil).body["assertions"])[0].(map[string]any)
		if posted := hosted(t, fixtures.ValidHosted); len(listed) != len(posted) {
			return found("the Assertion listed has %d members, the one posted %d", len(listed), len(posted))
		}
		return nil
	},
	"connect-type-as-array": func(t *testing.T, e *env) error {
		tok, err := postTwo(t, e)
		if err != nil {
			return err
		}
		listed, _ := anyList(e.call(http.MethodGet, "/assertions", tok, nil).body["assertions"])[0].(map[string]any)
		if _, ok := listed["type"].(string); !ok {
			return found("the Assertion listed has type %v", listed["type"])
		}
		return nil
	},
	"connect-no-link-on-partial": func(t *testing.T, e *env) error {
		tok, err := postTwo(t, e)
		if err != nil {
			return err
		}
		if l := parseLinks(e.call(http.MethodGet, "/assertions?limit=1", tok, nil).header.Get("Link")); l["next"] == "" {
			return found("the first of two pages links no next")
		}
		return nil
	},
	"connect-next-on-last": func(t *testing.T, e *env) error {
		tok, err := postTwo(t, e)
		if err != nil {
			return err
		}
		if l := parseLinks(e.call(http.MethodGet, "/assertions?limit=1&offset=1", tok, nil).header.Get("Link")); l["next"] != "" {
			return found("the last page links next %s", l["next"])
		}
		return nil
	},
	"connect-ignores-limit": func(t *testing.T, e *env) error {
		tok, err := postTwo(t, e)
		if err != nil {
			return err
		}
		got := e.call(http.MethodGet, "/assertions?limit=1", tok, nil)
		if n := len(anyList(got.body["assertions"])) + len(anyList(got.body["signedAssertions"])); n != 1 {
			if l := parseLinks(got.header.Get("Link")); l["first"] == "" || l["last"] == "" || l["next"] != "" {
				t.Errorf("the whole list on one page is not linked as a complete list: %s", got.header.Get("Link"))
			}
			return found("limit=1 answered %d items", n)
		}
		return nil
	},
	"connect-wrong-total": func(t *testing.T, e *env) error {
		tok, err := postTwo(t, e)
		if err != nil {
			return err
		}
		if n := e.call(http.MethodGet, "/assertions?limit=1", tok, nil).header.Get("X-Total-Count"); n != "2" {
			return found("X-Total-Count %q of 2", n)
		}
		return nil
	},
	"connect-ignores-since": func(t *testing.T, e *env) error {
		tok, err := postTwo(t, e)
		if err != nil {
			return err
		}
		e.clock.add(time.Minute)
		since := e.clock.now().Add(-time.Second).Format(time.RFC3339)
		if n := e.call(http.MethodGet, "/assertions?since="+url.QueryEscape(since), tok, nil).header.Get("X-Total-Count"); n != "0" {
			return found("since after every post counts %s", n)
		}
		return nil
	},
	"connect-profile-leaks-internal": func(t *testing.T, e *env) error {
		p, _ := e.call(http.MethodGet, "/profile", tokenFor(e), nil).body["profile"].(map[string]any)
		allowed := []string{"@context", "id", "type", "name", "email", "url", "telephone"}
		for k := range p {
			if !slices.Contains(allowed, k) {
				return found("the Profile carries %s", k)
			}
		}
		return nil
	},
	"connect-profile-update-fails": func(t *testing.T, e *env) error {
		if got := e.call(http.MethodPost, "/profile", tokenFor(e), map[string]any{"url": "https://example.org/me"}); got.code != http.StatusOK {
			return found("POST /profile: HTTP %d", got.code)
		}
		return nil
	},
	"connect-revocation-ignored": func(t *testing.T, e *env) error {
		c := e.newClient()
		tok := c.token()
		req, _ := http.NewRequest(http.MethodPost, e.url("tokenRevocationUrl"), strings.NewReader(url.Values{"token": {tok.AccessToken}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(c.cfg.ClientID, c.cfg.ClientSecret)
		resp, err := e.client.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if got := e.call(http.MethodGet, "/assertions", tok.AccessToken, nil); resp.StatusCode != http.StatusOK || got.code != http.StatusUnauthorized {
			return found("revoking answered %d; the token then gets %d", resp.StatusCode, got.code)
		}
		return nil
	},
}

// TestEveryFaultChangesItsBehaviour runs each fault's probe on a clean provider (it must find
// nothing wrong) and on the provider broken by the fault (it must find what the fault breaks).
func TestEveryFaultChangesItsBehaviour(t *testing.T) {
	for _, f := range refconnect.Faults() {
		t.Run(f.Name, func(t *testing.T) {
			p, ok := probes[f.Name]
			if !ok {
				t.Fatalf("no probe for fault %s", f.Name)
			}
			if err := p(t, newEnv(t)); err != nil {
				t.Fatalf("the clean provider: %v", err)
			}
			if err := p(t, newEnv(t, f.Option)); err == nil {
				t.Errorf("under %s the probe found nothing wrong", f.Name)
			} else {
				t.Logf("under %s: %v", f.Name, err)
			}
		})
	}
	for name := range probes {
		if _, ok := refconnect.LookupFault(name); !ok {
			t.Errorf("a probe for no fault: %s", name)
		}
	}
}

// TestEveryFaultIsNamedAndDeclaresItsSpecs keeps the fault values self-contained.
func TestEveryFaultIsNamedAndDeclaresItsSpecs(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range refconnect.Faults() {
		if seen[f.Name] || f.Option == nil || len(f.Specs) == 0 || len(f.Requirements) != 1 || f.Description == "" ||
			!strings.HasPrefix(f.Name, "connect-") || !slices.IsSorted(f.Specs) {
			t.Errorf("fault %q is incomplete, named twice or its specs unsorted", f.Name)
		}
		for _, s := range f.Specs {
			if !strings.HasPrefix(s, "connect/") {
				t.Errorf("fault %s declares %s, not a connect spec", f.Name, s)
			}
		}
		seen[f.Name] = true
	}
}

var _ = json.Marshal
