package connect

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/obcert/obcert"
)

// Authorization is the end of an authorization: where the provider sent the user agent back,
// with the code and state it gave, and what obcert did on the way.
type Authorization struct {
	// State and Verifier are those obcert sent (the verifier's S256 challenge went in the URL).
	State, Verifier string
	// Redirect is the redirect_uri URL the provider redirected to, with its query: the one of the
	// options, or the grant's (the flow stops at either, never fetching them).
	Redirect *url.URL
	// Code, ReturnedState and Error are read from the redirect's query.
	Code, ReturnedState, Error string
	// Trail says, step by step, what obcert did ("GET … answered 302", "submitted step 1 …").
	Trail []string
}

// AuthorizeOptions change one authorization for a negative case.
type AuthorizeOptions struct {
	// RedirectURI replaces the grant's redirect_uri in the authorize URL (and is where the flow
	// stops when the provider redirects there).
	RedirectURI string
	// Challenge replaces the S256 challenge parameters: "none" sends no PKCE parameters.
	Challenge string
}

// AuthorizeError is an authorization that did not end at the redirect_uri: the step it stopped
// at, why, and the requirement that could not be met.
type AuthorizeError struct {
	Step   string
	Reason string
	Trail  []string
}

func (e *AuthorizeError) Error() string {
	return fmt.Sprintf("the authorization stopped at %s: %s (CONNECT-31, CONNECT-33)", e.Step, e.Reason)
}

// NewState returns a random state value.
func NewState() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// AuthCodeURL is the authorize URL: response_type=code, client_id, redirect_uri, scope, state and
// the S256 challenge of verifier (CONNECT-31).
func AuthCodeURL(g Grant, state, verifier string, o AuthorizeOptions) string {
	cfg := g.config()
	if o.RedirectURI != "" {
		cfg.RedirectURL = o.RedirectURI
	}
	var opts []oauth2.AuthCodeOption
	if o.Challenge != "none" {
		opts = append(opts, oauth2.S256ChallengeOption(verifier))
	}
	return cfg.AuthCodeURL(state, opts...)
}

// Authorize plays the user agent through the provider's authorization: it GETs the authorize
// URL with a cookie jar, follows the provider's own redirects, submits the form of each consent
// step in order, and stops at the first redirect to the redirect_uri, reading code and state.
// At most MaxHops requests are made; a page without the step's form, a page after the last step,
// a request repeated (a consent loop) or an answer that is neither a redirect nor an HTML page
// is an *AuthorizeError naming the step.
//
// CONNECT-33: "After the user authorizes, the Provider redirects to redirect_uri with a code
// query parameter."
func (c *Consumer) Authorize(ctx context.Context, g Grant, steps []obcert.ConsentStep, o AuthorizeOptions) (*Authorization, error) {
	a := &Authorization{State: NewState(), Verifier: oauth2.GenerateVerifier()}
	redirect := g.RedirectURI
	if o.RedirectURI != "" {
		redirect = o.RedirectURI
	}
	jar, _ := cookiejar.New(nil)
	hc := c.client(jar)
	req := Request{URL: AuthCodeURL(g, a.State, a.Verifier, o)}
	seen := map[string]bool{}
	next := 0
	for hop := 0; ; hop++ {
		where := fmt.Sprintf("%s %s", orGet(req.Method), stripQuery(req.URL))
		if hop >= c.maxHops() {
			return nil, c.stop(a, where, fmt.Sprintf("more than %d redirects and pages without reaching the redirect_uri", c.maxHops()))
		}
		key := req.Method + " " + req.URL + " " + string(req.Body)
		if seen[key] {
			return nil, c.stop(a, where, "the provider sent obcert to a request it had already made (a redirect or consent loop)")
		}
		seen[key] = true
		resp, err := c.do(ctx, hc, req)
		if err != nil {
			return nil, c.stop(a, where, strings.TrimPrefix(err.Error(), orGet(req.Method)+" "+req.URL+": "))
		}
		a.Trail = append(a.Trail, fmt.Sprintf("%s answered HTTP %d", where, resp.Status))
		if loc := resp.Header.Get("Location"); resp.Status >= 300 && resp.Status < 400 && loc != "" {
			u, err := url.Parse(req.URL)
			if err == nil {
				u, err = u.Parse(loc)
			}
			if err != nil {
				return nil, c.stop(a, where, fmt.Sprintf("the redirect's Location %q is not a URL", stripQuery(loc)))
			}
			if sameEndpoint(u, redirect) || sameEndpoint(u, g.RedirectURI) {
				a.Redirect = u
				q := u.Query()
				a.Code, a.ReturnedState, a.Error = q.Get("code"), q.Get("state"), q.Get("error")
				return a, nil
			}
			req = Request{URL: u.String()}
			continue
		}
		if resp.Status != http.StatusOK || !strings.Contains(resp.ContentType(), "html") {
			return nil, c.stop(a, where, fmt.Sprintf("the provider answered HTTP %d (%s) where obcert expected a redirect or an HTML login or consent page", resp.Status, orNone(resp.ContentType())))
		}
		if next >= len(steps) {
			return nil, c.stop(a, where, fmt.Sprintf("the provider showed another page after the %d consent step(s) of the candidate file instead of redirecting to the redirect_uri", len(steps)))
		}
		sub, err := c.submission(resp, steps[next])
		if err != nil {
			return nil, c.stop(a, fmt.Sprintf("consent step %d (%s)", next+1, where), err.Error())
		}
		a.Trail = append(a.Trail, fmt.Sprintf("submitted consent step %d to %s %s", next+1, sub.Method, stripQuery(sub.URL)))
		next++
		req = sub
	}
}

func (c *Consumer) stop(a *Authorization, step, reason string) error {
	return &AuthorizeError{Step: step, Reason: reason, Trail: a.Trail}
}

func orGet(m string) string {
	if m == "" {
		return http.MethodGet
	}
	return m
}

// stripQuery drops the query of a URL for messages: it may carry a code.
func stripQuery(raw string) string {
	s, _, _ := strings.Cut(raw, "?")
	return s
}

// sameEndpoint reports whether u is the redirect URI want, query aside.
func sameEndpoint(u *url.URL, want string) bool {
	w, err := url.Parse(want)
	if err != nil {
		return false
	}
	return strings.EqualFold(u.Scheme, w.Scheme) && strings.EqualFold(u.Host, w.Host) && strings.TrimSuffix(u.Path, "/") == strings.TrimSuffix(w.Path, "/")
}
