package connect

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/obcert/obcert/internal/limits"
)

// Consumer is obcert's side of the API. Every request goes through HTTP, the harness's one
// client (its transport records every exchange and caps bodies; its timeout bounds each
// request), so a Consumer never makes a request the report does not show.
type Consumer struct {
	HTTP *http.Client
	// MaxHops bounds the redirects and pages of one authorization (default 12).
	MaxHops int
	// MaxBody bounds a body read (default 4 MiB); a bigger one is an error.
	MaxBody int64
	// LookupEnv reads the environment variables a consent step names (FieldsEnv); nil reads none.
	LookupEnv func(string) (string, bool)
}

const (
	defaultMaxHops = 12
	defaultMaxBody = 4 << 20
)

// Response is an answer, whatever its status.
type Response struct {
	Method string
	URL    string
	Status int
	Header http.Header
	Body   []byte
	// TLSVersion is the TLS version of the connection (tls.VersionTLS12, ...), 0 over plain HTTP.
	TLSVersion uint16
}

// ContentType is the answer's media type, lower case, without parameters.
func (r *Response) ContentType() string {
	mt, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

func (c *Consumer) maxHops() int {
	if c.MaxHops > 0 {
		return c.MaxHops
	}
	return defaultMaxHops
}

func (c *Consumer) maxBody() int64 {
	if c.MaxBody > 0 {
		return c.MaxBody
	}
	return defaultMaxBody
}

// client returns the harness's client with its redirects left to the caller.
func (c *Consumer) client(jar http.CookieJar) *http.Client {
	hc := *c.HTTP
	hc.Jar = jar
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &hc
}

// Request is one request the Consumer sends.
type Request struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
}

// Do sends req without following redirects and reads the body within MaxBody.
func (c *Consumer) Do(ctx context.Context, req Request) (*Response, error) {
	return c.do(ctx, c.client(nil), req)
}

func (c *Consumer) do(ctx context.Context, hc *http.Client, req Request) (*Response, error) {
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, method, req.URL, body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, req.URL, err)
	}
	for k, vs := range req.Header {
		hr.Header[k] = vs
	}
	resp, err := hc.Do(hr)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, req.URL, unwrapURLError(err))
	}
	defer resp.Body.Close()
	b, err := limits.ReadAll(resp.Body, c.maxBody())
	if errors.Is(err, limits.ErrTooLarge) {
		return nil, fmt.Errorf("%s %s: the answer is %w, more than obcert reads", method, req.URL, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s %s: reading the answer: %w", method, req.URL, err)
	}
	out := &Response{Method: method, URL: req.URL, Status: resp.StatusCode, Header: resp.Header, Body: b}
	if resp.TLS != nil {
		out.TLSVersion = resp.TLS.Version
	}
	return out, nil
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// GetManifest fetches the manifest at manifestURL.
func (c *Consumer) GetManifest(ctx context.Context, manifestURL string) (*Response, error) {
	return c.Do(ctx, Request{URL: manifestURL, Header: http.Header{"Accept": {"application/json"}}})
}

// PostJSON posts v as JSON (a registration request, an Assertion Payload).
func (c *Consumer) PostJSON(ctx context.Context, rawURL, token string, v any) (*Response, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	h := http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	return c.Do(ctx, Request{Method: http.MethodPost, URL: rawURL, Header: h, Body: b})
}

// Register posts an RFC 7591 registration: the request's fields as given (a negative case
// leaves one out or changes one).
//
// CONNECT-21: "The registration request uses HTTPS (TLS 1.2 or 1.3). It is a POST with a JSON body."
func (c *Consumer) Register(ctx context.Context, registrationURL string, fields map[string]any) (*Response, error) {
	return c.PostJSON(ctx, registrationURL, "", fields)
}

// Call calls a resource with token as Bearer ("" sends none) and body as JSON (nil sends none).
//
// CONNECT-37: "Resource requests use Authorization: Bearer <token>."
func (c *Consumer) Call(ctx context.Context, method, rawURL, token string, body any) (*Response, error) {
	h := http.Header{"Accept": {"application/json"}}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	req := Request{Method: method, URL: rawURL, Header: h}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		req.Body = b
		h.Set("Content-Type", "application/json")
	}
	return c.Do(ctx, req)
}

// Grant is what an authorization needs: the registered client and the provider's endpoints.
type Grant struct {
	ClientID, ClientSecret string
	AuthorizationURL       string
	TokenURL               string
	RedirectURI            string
	Scopes                 []string
}

func (g Grant) config() *oauth2.Config {
	return &oauth2.Config{ClientID: g.ClientID, ClientSecret: g.ClientSecret, RedirectURL: g.RedirectURI, Scopes: g.Scopes,
		Endpoint: oauth2.Endpoint{AuthURL: g.AuthorizationURL, TokenURL: g.TokenURL, AuthStyle: oauth2.AuthStyleInHeader}}
}

// oauthContext carries the harness's client for x/oauth2, so its exchanges are recorded.
func (c *Consumer) oauthContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, c.client(nil))
}

// Exchange redeems code with the verifier (CONNECT-35: HTTP Basic client_id:client_secret, a form
// with grant_type, code, redirect_uri, scope and code_verifier).
func (c *Consumer) Exchange(ctx context.Context, g Grant, code, verifier string) (*oauth2.Token, error) {
	return g.config().Exchange(c.oauthContext(ctx), code, oauth2.VerifierOption(verifier),
		oauth2.SetAuthURLParam("scope", strings.Join(g.Scopes, " ")))
}

// Refresh gets a new access token with refreshToken (CONNECT-37).
func (c *Consumer) Refresh(ctx context.Context, g Grant, refreshToken string) (*oauth2.Token, error) {
	return g.config().TokenSource(c.oauthContext(ctx), &oauth2.Token{RefreshToken: refreshToken}).Token()
}

// TokenRequest posts form to the token URL as it is, with HTTP Basic client credentials when
// basic is set: the raw request of the negative cases (a wrong verifier, none, a reused code,
// another redirect_uri).
func (c *Consumer) TokenRequest(ctx context.Context, g Grant, form url.Values, basic bool) (*Response, error) {
	return c.PostForm(ctx, g.TokenURL, g, form, basic)
}

// PostForm posts a form-urlencoded body, with HTTP Basic client credentials when basic is set
// (a token or revocation request).
func (c *Consumer) PostForm(ctx context.Context, rawURL string, g Grant, form url.Values, basic bool) (*Response, error) {
	h := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Accept": {"application/json"}}
	if basic {
		r, _ := http.NewRequest(http.MethodPost, rawURL, nil)
		r.SetBasicAuth(url.QueryEscape(g.ClientID), url.QueryEscape(g.ClientSecret))
		h.Set("Authorization", r.Header.Get("Authorization"))
	}
	return c.Do(ctx, Request{Method: http.MethodPost, URL: rawURL, Header: h, Body: []byte(form.Encode())})
}

// CodeForm is the form of a code exchange (CONNECT-35), for TokenRequest.
func CodeForm(g Grant, code, verifier string) url.Values {
	f := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {g.RedirectURI},
		"scope": {strings.Join(g.Scopes, " ")}}
	if verifier != "" {
		f.Set("code_verifier", verifier)
	}
	return f
}

// TokenDescription says what a token answer granted, without the token.
func TokenDescription(t *oauth2.Token) string {
	s := "an access token of type " + orNone(t.TokenType)
	if t.RefreshToken != "" {
		s += " and a refresh token"
	}
	return s
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
