package connect

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"golang.org/x/oauth2"

	"github.com/obcert/obcert"
)

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testProvider is a small Badge Connect provider: a login page, a consent page, PKCE-checked
// codes, tokens. mode changes it for the bad-input cases.
type testProvider struct {
	srv  *httptest.Server
	mode string // "", "redirect-forever", "json-page", "consent-loop", "no-form"
	mu   sync.Mutex
	code map[string]string // code → challenge
	hops int
}

func newTestProvider(t *testing.T, mode string) *testProvider {
	p := &testProvider{mode: mode, code: map[string]string{}}
	p.srv = httptest.NewUnstartedServer(http.HandlerFunc(p.serve))
	p.srv.StartTLS()
	t.Cleanup(p.srv.Close)
	return p
}

func (p *testProvider) consumer() *Consumer {
	return &Consumer{HTTP: p.srv.Client(), LookupEnv: func(k string) (string, bool) {
		if k == "TEST_PASSWORD" {
			return "s3cret-pass", true
		}
		return "", false
	}}
}

func (p *testProvider) grant() Grant {
	return Grant{ClientID: "client-1", ClientSecret: "secret-1", AuthorizationURL: p.srv.URL + "/authorize",
		TokenURL: p.srv.URL + "/token", RedirectURI: "https://consumer.invalid/cb", Scopes: Scopes}
}

var steps = []obcert.ConsentStep{
	{Form: "login", Fields: map[string]string{"username": "conformance"}, FieldsEnv: map[string]string{"password": "TEST_PASSWORD"}},
	{Form: "/consent", Submit: "allow"},
}

func (p *testProvider) serve(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	switch {
	case r.URL.Path == "/authorize" && p.mode == "redirect-forever":
		p.mu.Lock()
		p.hops++
		n := p.hops
		p.mu.Unlock()
		http.Redirect(w, r, fmt.Sprintf("/authorize?n=%d", n), http.StatusFound)
	case r.URL.Path == "/authorize" && p.mode == "json-page":
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{}`)
	case r.URL.Path == "/authorize":
		http.SetCookie(w, &http.Cookie{Name: "sid", Value: "session-1", Path: "/"})
		http.Redirect(w, r, "/login?"+r.URL.RawQuery, http.StatusFound)
	case r.URL.Path == "/login" && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "text/html")
		if p.mode == "no-form" {
			fmt.Fprint(w, `<html><body>Down for maintenance</body></html>`)
			return
		}
		fmt.Fprintf(w, `<html><form id="login" method="post" action="/login"><input type="hidden" name="q" value="%s">
<input name="username"><input type="password" name="password"><input type="submit" name="go" value="Log in"></form></html>`, htmlEscape(r.URL.RawQuery))
	case r.URL.Path == "/login":
		if c, err := r.Cookie("sid"); err != nil || c.Value != "session-1" || r.PostForm.Get("password") != "s3cret-pass" || r.PostForm.Get("go") != "" {
			http.Error(w, "bad login", http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><form method="post" action="/consent"><input type="hidden" name="q" value="%s">
<button name="allow" value="yes">Allow</button><button name="deny" value="no">Deny</button></form></html>`, htmlEscape(r.PostForm.Get("q")))
	case r.URL.Path == "/consent":
		q, _ := url.ParseQuery(r.PostForm.Get("q"))
		if p.mode == "consent-loop" {
			http.Redirect(w, r, "/login?"+r.PostForm.Get("q"), http.StatusFound)
			return
		}
		if r.PostForm.Get("allow") != "yes" {
			http.Error(w, "no consent", http.StatusForbidden)
			return
		}
		code := NewState()
		p.mu.Lock()
		p.code[code] = q.Get("code_challenge")
		p.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?code="+code+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	case r.URL.Path == "/token":
		id, secret, ok := r.BasicAuth()
		p.mu.Lock()
		ch, known := p.code[r.PostForm.Get("code")]
		delete(p.code, r.PostForm.Get("code"))
		p.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		w.Header().Set("Content-Type", "application/json")
		if !ok || id != "client-1" || secret != "secret-1" || !known || base64.RawURLEncoding.EncodeToString(sum[:]) != ch {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"invalid_grant"}`)
			return
		}
		fmt.Fprint(w, `{"access_token":"tok-1","token_type":"Bearer","expires_in":3600}`)
	default:
		http.NotFound(w, r)
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", `"`, "&quot;", "<", "&lt;").Replace(s)
}

func TestAuthorizeThroughLoginAndConsentThenExchange(t *testing.T) {
	p := newTestProvider(t, "")
	c, g := p.consumer(), p.grant()
	ctx := context.Background()
	a, err := c.Authorize(ctx, g, steps, AuthorizeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Code == "" || a.ReturnedState != a.State {
		t.Fatalf("code %q, state %q sent %q", a.Code, a.ReturnedState, a.State)
	}
	if len(a.Trail) < 5 {
		t.Errorf("trail %v", a.Trail)
	}
	code := a.Code
	tok, err := c.Exchange(ctx, g, code, a.Verifier)
	if err != nil || tok.AccessToken != "tok-1" {
		t.Fatalf("exchange: %v %v", tok, err)
	}
	// a reused code, then a fresh code with a wrong verifier: both refused as RFC 6749 errors
	_, err = c.Exchange(ctx, g, code, a.Verifier)
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "invalid_grant" {
		t.Errorf("a reused code: %v", err)
	}
	a2, err := c.Authorize(ctx, g, steps, AuthorizeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.TokenRequest(ctx, g, CodeForm(g, a2.Code, oauth2.GenerateVerifier()), true)
	if err != nil || resp.Status != 400 || len(CheckOAuthError("a wrong verifier", resp.Status, resp.Body)) != 0 {
		t.Errorf("a wrong verifier: %v %v", resp, err)
	}
}

func TestAuthorizeBadProvidersNameTheStep(t *testing.T) {
	for mode, want := range map[string]string{
		"redirect-forever": "redirects and pages",
		"json-page":        "HTML login or consent page",
		"consent-loop":     "already made",
		"no-form":          "consent step 1",
	} {
		p := newTestProvider(t, mode)
		_, err := p.consumer().Authorize(context.Background(), p.grant(), steps, AuthorizeOptions{})
		var ae *AuthorizeError
		if !errors.As(err, &ae) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "CONNECT-33") {
			t.Errorf("%s: %v, want an AuthorizeError saying %q", mode, err, want)
		}
	}
}

func TestAuthorizeMissingPasswordVariable(t *testing.T) {
	p := newTestProvider(t, "")
	c := p.consumer()
	c.LookupEnv = nil
	_, err := c.Authorize(context.Background(), p.grant(), steps, AuthorizeOptions{})
	if err == nil || !strings.Contains(err.Error(), "TEST_PASSWORD") {
		t.Errorf("got %v, want the unset variable named", err)
	}
}
