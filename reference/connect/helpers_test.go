package connect_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/obcert/obcert/fixtures"
	refconnect "github.com/obcert/obcert/reference/connect"
)

// iss is the fixtures issuer whose badges the tests post.
var iss *fixtures.Issuer

func TestMain(m *testing.M) {
	var err error
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	iss, err = fixtures.Start(ctx)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting the fixtures issuer:", err)
		os.Exit(1)
	}
	code := m.Run()
	iss.Close()
	os.Exit(code)
}

const password = "correct horse battery staple"

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is a provider served over TLS, and a user agent for it.
type env struct {
	t      *testing.T
	srv    *httptest.Server
	clock  *clock
	client *http.Client // trusts the server, keeps cookies, stops at the client's redirect URI
	api    map[string]any
}

func newEnv(t *testing.T, opts ...refconnect.Option) *env {
	t.Helper()
	c := &clock{t: time.Now().UTC()}
	p := refconnect.New(append([]refconnect.Option{refconnect.WithPassword(password), refconnect.WithClock(c.now)}, opts...)...)
	srv := httptest.NewTLSServer(p)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	cl := srv.Client()
	cl.Jar, cl.Timeout = jar, 20*time.Second
	cl.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Host != strings.TrimPrefix(srv.URL, "https://") {
			return http.ErrUseLastResponse // the client's redirect URI: a consumer, not fetched
		}
		return nil
	}
	e := &env{t: t, srv: srv, clock: c, client: cl}
	var m map[string]any
	resp := e.do(http.MethodGet, srv.URL+refconnect.ManifestPath, "", nil, &m)
	if resp.StatusCode == http.StatusOK {
		if apis, _ := m["badgeConnectAPI"].([]any); len(apis) == 1 {
			e.api, _ = apis[0].(map[string]any)
		}
	}
	if e.api == nil {
		e.api = map[string]any{"apiBase": srv.URL + refconnect.DefaultAPIPath, "registrationUrl": srv.URL + "/o/register",
			"authorizationUrl": srv.URL + "/o/authorize", "tokenUrl": srv.URL + "/o/token", "tokenRevocationUrl": srv.URL + "/o/revoke"}
	}
	return e
}

func (e *env) url(field string) string { s, _ := e.api[field].(string); return s }

// do sends a request: body is JSON (any), url.Values (a form) or nil; token is a bearer token.
// The answer's JSON body is decoded into out when out is set.
func (e *env) do(method, u, bearer string, body any, out any) *http.Response {
	e.t.Helper()
	var r io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		r, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	default:
		js, _ := json.Marshal(b)
		r, ctype = bytes.NewReader(js), "application/json"
	}
	req, err := http.NewRequest(method, u, r)
	if err != nil {
		e.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := e.client.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	if out != nil {
		_ = json.Unmarshal(raw, out)
	}
	return resp
}

// metadata is a complete registration request, every URL on consumer.example.org.
func metadata() map[string]any {
	return map[string]any{"client_name": "Test Consumer", "client_uri": "https://consumer.example.org",
		"logo_uri": "https://consumer.example.org/logo.png", "tos_uri": "https://consumer.example.org/tos",
		"policy_uri": "https://consumer.example.org/privacy", "software_id": "obcert-test-consumer", "software_version": "1.0",
		"redirect_uris":              []any{"https://consumer.example.org/cb", "https://consumer.example.org/cb2"},
		"token_endpoint_auth_method": "client_secret_basic", "grant_types": []any{"authorization_code", "refresh_token"},
		"response_types": []any{"code"}, "scope": strings.Join(refconnect.Scopes, " ")}
}

// register registers meta and returns the answer.
func (e *env) register(meta map[string]any) (*http.Response, map[string]any) {
	var out map[string]any
	resp := e.do(http.MethodPost, e.url("registrationUrl"), "", meta, &out)
	return resp, out
}

// client is a registered client.
type client struct {
	e   *env
	cfg *oauth2.Config
}

func (e *env) newClient() *client {
	e.t.Helper()
	resp, out := e.register(metadata())
	id, _ := out["client_id"].(string)
	secret, _ := out["client_secret"].(string)
	if resp.StatusCode != http.StatusCreated || id == "" || secret == "" {
		e.t.Fatalf("registration: HTTP %d %v", resp.StatusCode, out)
	}
	return &client{e: e, cfg: &oauth2.Config{ClientID: id, ClientSecret: secret, RedirectURL: "https://consumer.example.org/cb",
		Endpoint: oauth2.Endpoint{AuthURL: e.url("authorizationUrl"), TokenURL: e.url("tokenUrl"), AuthStyle: oauth2.AuthStyleInHeader}}}
}

var requestRE = regexp.MustCompile(`name="request" value="([^"]+)"`)

// authorize runs the authorization through the login and consent pages and returns the
// redirect it ended with.
func (c *client) authorize(verifier, state string, scopes []string, extra ...oauth2.AuthCodeOption) (*url.URL, error) {
	cfg := *c.cfg
	cfg.Scopes = scopes
	opts := append([]oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier)}, extra...)
	resp := c.e.do(http.MethodGet, cfg.AuthCodeURL(state, opts...), "", nil, nil)
	if loc := resp.Header.Get("Location"); loc != "" {
		return url.Parse(loc)
	}
	page, _ := io.ReadAll(resp.Body)
	m := requestRE.FindSubmatch(page)
	if resp.StatusCode != http.StatusOK || m == nil {
		return nil, fmt.Errorf("authorize: HTTP %d with no login form", resp.StatusCode)
	}
	resp = c.e.do(http.MethodPost, c.e.srv.URL+"/o/login", "", url.Values{"request": {string(m[1])},
		"username": {refconnect.DefaultAccount}, "password": {password}, "login": {"login"}}, nil)
	page, _ = io.ReadAll(resp.Body)
	m = requestRE.FindSubmatch(page)
	if resp.StatusCode != http.StatusOK || m == nil || !bytes.Contains(page, []byte(`name="approve"`)) {
		return nil, fmt.Errorf("login: HTTP %d with no consent form", resp.StatusCode)
	}
	resp = c.e.do(http.MethodPost, c.e.srv.URL+"/o/consent", "", url.Values{"request": {string(m[1])}, "approve": {"approve"}}, nil)
	if resp.StatusCode != http.StatusFound {
		return nil, fmt.Errorf("consent: HTTP %d, not a redirect", resp.StatusCode)
	}
	return url.Parse(resp.Header.Get("Location"))
}

// code authorizes and returns the code, with its verifier.
func (c *client) code(scopes ...string) (code, verifier string) {
	c.e.t.Helper()
	if len(scopes) == 0 {
		scopes = refconnect.Scopes
	}
	verifier = oauth2.GenerateVerifier()
	u, err := c.authorize(verifier, "st-1", scopes)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if code = u.Query().Get("code"); code == "" {
		c.e.t.Fatalf("the redirect %s carries no code", u.Redacted())
	}
	return code, verifier
}

func (c *client) ctx() context.Context {
	return context.WithValue(context.Background(), oauth2.HTTPClient, c.e.client)
}

// token runs the whole flow and returns the token.
func (c *client) token(scopes ...string) *oauth2.Token {
	c.e.t.Helper()
	code, verifier := c.code(scopes...)
	tok, err := c.cfg.Exchange(c.ctx(), code, oauth2.VerifierOption(verifier))
	if err != nil {
		c.e.t.Fatalf("exchanging the code: %v", err)
	}
	return tok
}

// exchange posts a token request by hand, with HTTP Basic, and returns its status and JSON.
func (c *client) exchange(form url.Values) (int, map[string]any) {
	req, _ := http.NewRequest(http.MethodPost, c.cfg.Endpoint.TokenURL, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(c.cfg.ClientID), url.QueryEscape(c.cfg.ClientSecret))
	resp, err := c.e.client.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// envelope is a Badge Connect answer.
type envelope struct {
	code   int
	header http.Header
	body   map[string]any
	raw    []byte
}

func (v envelope) text() string {
	st, _ := v.body["status"].(map[string]any)
	s, _ := st["statusText"].(string)
	return s
}

func (v envelope) statusCode() any {
	st, _ := v.body["status"].(map[string]any)
	return st["statusCode"]
}

// call calls the API at path (under apiBase).
func (e *env) call(method, path, bearer string, body any) envelope {
	e.t.Helper()
	var out map[string]any
	resp := e.do(method, e.url("apiBase")+path, bearer, body, &out)
	raw, _ := io.ReadAll(resp.Body)
	return envelope{code: resp.StatusCode, header: resp.Header, body: out, raw: raw}
}

// hosted is the hosted fixture's Assertion, as its issuer serves it.
func hosted(t *testing.T, id string) map[string]any {
	t.Helper()
	f, ok := iss.Fixture(id)
	if !ok {
		t.Fatalf("no fixture %s", id)
	}
	resp, err := http.Get(f.Badge.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var d map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&d); err != nil {
		t.Fatalf("fixture %s: %v", id, err)
	}
	return d
}

// signed is the signed fixture's JWS.
func signed(t *testing.T, id string) string {
	t.Helper()
	f, ok := iss.Fixture(id)
	if !ok || f.Badge.JWS == "" {
		t.Fatalf("no signed fixture %s", id)
	}
	return f.Badge.JWS
}

// post posts an Assertion Payload with the token.
func (e *env) post(bearer string, payload map[string]any) envelope {
	e.t.Helper()
	return e.call(http.MethodPost, "/assertions", bearer, payload)
}

// errUnexpected says what a probe found.
func found(format string, a ...any) error { return errors.New(fmt.Sprintf(format, a...)) }

// newClientAs is newClient for a provider whose account is account (the login uses it).
func (e *env) newClientAs(account string) *clientAs {
	return &clientAs{client: e.newClient(), account: account}
}

// clientAs logs in as another account.
type clientAs struct {
	*client
	account string
}

func (c *clientAs) token(scopes ...string) *oauth2.Token {
	c.e.t.Helper()
	if len(scopes) == 0 {
		scopes = refconnect.Scopes
	}
	verifier := oauth2.GenerateVerifier()
	cfg := *c.cfg
	cfg.Scopes = scopes
	resp := c.e.do(http.MethodGet, cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)), "", nil, nil)
	m := requestRE.FindSubmatch(readAll(resp))
	if m == nil {
		c.e.t.Fatal("no login form")
	}
	resp = c.e.do(http.MethodPost, c.e.srv.URL+"/o/login", "", url.Values{"request": {string(m[1])}, "username": {c.account}, "password": {password}}, nil)
	if m = requestRE.FindSubmatch(readAll(resp)); m == nil {
		c.e.t.Fatalf("login as %s: HTTP %d", c.account, resp.StatusCode)
	}
	resp = c.e.do(http.MethodPost, c.e.srv.URL+"/o/consent", "", url.Values{"request": {string(m[1])}, "approve": {"approve"}}, nil)
	u, _ := url.Parse(resp.Header.Get("Location"))
	tok, err := c.cfg.Exchange(c.ctx(), u.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		c.e.t.Fatal(err)
	}
	return tok
}

func readAll(resp *http.Response) []byte { b, _ := io.ReadAll(resp.Body); return b }

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// httptestPlain serves a provider over plain HTTP and returns its URL.
func httptestPlain(t *testing.T) string {
	srv := httptest.NewServer(refconnect.New())
	t.Cleanup(srv.Close)
	return srv.URL
}
