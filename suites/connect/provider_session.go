package connect

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"golang.org/x/oauth2"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/httpx"
	bc "github.com/obcert/obcert/openbadges/connect"
	"github.com/obcert/obcert/suites"
)

// redirectURI is the redirect_uri obcert registers. obcert plays the user agent and stops at the
// redirect to it, reading the code from the Location header: nothing is ever served or fetched
// there. Every URL of the registration is on its host (CONNECT-23).
const redirectURI = "https://obcert.example/connect/callback"

// otherRedirectURI is a redirect_uri obcert never registered (CONNECT-32, CONNECT-35).
const otherRedirectURI = "https://obcert.example/connect/other-callback"

// softwareVersion is the software_version of obcert's registrations.
const softwareVersion = "1.0"

// provider is the run's consumer of the candidate provider: the stages of the flow, each done
// once per run (Env.Memo) and shared by the specs that read it.
type provider struct {
	env *suites.Env
	cfg obcert.ConnectProvider
	c   *bc.Consumer

	mu    sync.Mutex
	calls []*call // every Badge Connect (non-OAuth) answer of the run, for connect/status-envelope
}

// call is one exchange of the flow: what it was, the answer, and the exchanges behind it.
type call struct {
	What     string
	Endpoint bc.Endpoint // the resource operation, "" for OAuth and manifest exchanges
	Resp     *bc.Response
	Err      error
	Evidence []string
}

// ok reports whether the call was answered with status.
func (c *call) ok(status int) bool { return c.Err == nil && c.Resp != nil && c.Resp.Status == status }

// describe says how the call was answered, for messages.
func (c *call) describe() string {
	switch {
	case c.Err != nil:
		return fmt.Sprintf("%s got no answer: %v", c.What, c.Err)
	case c.Resp == nil:
		return c.What + " was not made"
	}
	st, _ := bc.CheckEnvelope(c.Endpoint, c.Resp.Status, c.Resp.Body)
	return fmt.Sprintf("%s answered %s", c.What, bc.DescribeStatus(c.Resp.Status, st))
}

func providerOf(env *suites.Env) *provider {
	return env.Memo("connect/provider", func() any {
		p := &provider{env: env}
		if env.Candidate.Connect != nil && env.Candidate.Connect.Provider != nil {
			p.cfg = *env.Candidate.Connect.Provider
		}
		p.c = &bc.Consumer{HTTP: env.Client.HTTPClient(), LookupEnv: env.LookupEnv}
		return p
	}).(*provider)
}

// do makes one call through f, noting the exchanges it recorded; a call to a resource endpoint
// is kept for the envelope check.
func (p *provider) do(ctx context.Context, what string, e bc.Endpoint, f func(ctx context.Context) (*bc.Response, error)) *call {
	tctx, entries := httpx.TraceEntries(ctx)
	resp, err := f(tctx)
	c := &call{What: what, Endpoint: e, Resp: resp, Err: err}
	for _, i := range entries() {
		c.Evidence = append(c.Evidence, httpx.EntryRef(i))
	}
	if e != "" && resp != nil {
		p.mu.Lock()
		p.calls = append(p.calls, c)
		p.mu.Unlock()
	}
	return c
}

// evidenceOf runs f, returning the exchanges it recorded.
func evidenceOf(ctx context.Context, f func(ctx context.Context)) []string {
	tctx, entries := httpx.TraceEntries(ctx)
	f(tctx)
	var ev []string
	for _, i := range entries() {
		ev = append(ev, httpx.EntryRef(i))
	}
	return ev
}

func (p *provider) tokenMode() bool { return p.cfg.Consent.Mode == "token" }

// tokenModeSkip is the reason a spec that needs the authorization flow is skipped in token mode.
func (p *provider) tokenModeSkip() string {
	return "connect.provider.consent.mode is token: obcert uses the pre-issued access token and does not run the authorization flow this check needs"
}

// manifestStage is the manifest fetched and read.
type manifestStage struct {
	call *call
	doc  map[string]any
	m    bc.Manifest
	api  *bc.API // the first badgeConnectAPI entry
	err  string  // why the manifest could not be read, "" when it was
}

func (p *provider) manifest(ctx context.Context) *manifestStage {
	return p.env.Memo("connect/manifest", func() any {
		s := &manifestStage{}
		s.call = p.do(ctx, "GET "+p.cfg.Manifest, "", func(ctx context.Context) (*bc.Response, error) { return p.c.GetManifest(ctx, p.cfg.Manifest) })
		switch r := s.call.Resp; {
		case s.call.Err != nil:
			s.err = fmt.Sprintf("the manifest could not be fetched: %v", s.call.Err)
		case r.Status != http.StatusOK:
			s.err = fmt.Sprintf("the manifest URL answered HTTP %d, not 200", r.Status)
		default:
			var err error
			if s.m, s.doc, err = bc.ParseManifest(r.Body); err != nil {
				s.err = "the manifest: " + err.Error()
			} else if len(s.m.APIs) == 0 {
				s.err = "the manifest lists no badgeConnectAPI entry"
			} else {
				s.api = &s.m.APIs[0]
			}
		}
		return s
	}).(*manifestStage)
}

// requestedScopes are the Badge Connect scopes the manifest offers, and offline_access when it
// offers it; every Badge Connect scope when it lists none obcert knows.
func (m *manifestStage) requestedScopes() []string {
	var out []string
	for _, s := range m.api.ScopesOffered {
		if slices.Contains(bc.Scopes, s) || s == bc.ScopeOfflineAccess {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return bc.Scopes
	}
	return out
}

// registrationStage is obcert's registration: what it sent and what the provider answered.
type registrationStage struct {
	sent     bc.Registration
	call     *call
	client   bc.Client
	findings []obcert.Finding
	// accepted: the provider answered 200/201 with a client_id and client_secret.
	accepted bool
	err      string // why there is no registration to go on with
}

func (p *provider) registration(ctx context.Context) *registrationStage {
	return p.env.Memo("connect/registration", func() any {
		s := &registrationStage{}
		m := p.manifest(ctx)
		if m.err != "" {
			s.err = m.err
			return s
		}
		s.sent = bc.NewRegistration(redirectURI, softwareVersion, m.requestedScopes())
		s.call = p.register(ctx, "the registration with every field", s.sent.Fields())
		if s.call.Err != nil {
			s.err = "the registration got no answer: " + s.call.Err.Error()
			return s
		}
		s.client, s.findings = bc.CheckRegistrationAnswer(s.sent, s.call.Resp.Status, s.call.Resp.Body)
		s.accepted = (s.call.Resp.Status == 201 || s.call.Resp.Status == 200) && s.client.ID != "" && s.client.Secret != ""
		if !s.accepted {
			s.err = fmt.Sprintf("the provider did not accept obcert's registration (HTTP %d, no client_id and client_secret)", s.call.Resp.Status)
		}
		return s
	}).(*registrationStage)
}

func (p *provider) register(ctx context.Context, what string, fields map[string]any) *call {
	m := p.manifest(ctx)
	return p.do(ctx, what, "", func(ctx context.Context) (*bc.Response, error) {
		return p.c.Register(ctx, m.api.RegistrationURL, fields)
	})
}

// grant is the registered client's grant with the given scopes (the registered ones when nil).
func (p *provider) grant(ctx context.Context, scopes []string) bc.Grant {
	m, r := p.manifest(ctx), p.registration(ctx)
	if scopes == nil {
		scopes = r.sent.ScopeList()
	}
	return bc.Grant{ClientID: r.client.ID, ClientSecret: r.client.Secret, AuthorizationURL: m.api.AuthorizationURL,
		TokenURL: m.api.TokenURL, RedirectURI: redirectURI, Scopes: scopes}
}

// flow is one authorization (and, when asked, its code exchange).
type flow struct {
	grant    bc.Grant
	auth     *bc.Authorization
	authErr  error
	token    *oauth2.Token
	tokenErr error
	evidence []string
	err      string // why the flow could not run at all (no registration)
}

// authorize runs one authorization with scopes (nil: the registered ones) and options.
func (p *provider) authorize(ctx context.Context, scopes []string, o bc.AuthorizeOptions) *flow {
	f := &flow{}
	if r := p.registration(ctx); r.err != "" {
		f.err = r.err
		return f
	}
	f.grant = p.grant(ctx, scopes)
	f.evidence = evidenceOf(ctx, func(ctx context.Context) {
		f.auth, f.authErr = p.c.Authorize(ctx, f.grant, p.cfg.Consent.Steps, o)
	})
	return f
}

// exchange redeems the flow's code with its verifier through x/oauth2.
func (p *provider) exchange(ctx context.Context, f *flow) {
	if f.auth == nil || f.auth.Code == "" {
		return
	}
	f.evidence = append(f.evidence, evidenceOf(ctx, func(ctx context.Context) {
		f.token, f.tokenErr = p.c.Exchange(ctx, f.grant, f.auth.Code, f.auth.Verifier)
	})...)
}

// main is the run's main authorization and code exchange, with every registered scope.
func (p *provider) main(ctx context.Context) *flow {
	return p.env.Memo("connect/main-flow", func() any {
		f := p.authorize(ctx, nil, bc.AuthorizeOptions{})
		p.exchange(ctx, f)
		return f
	}).(*flow)
}

// fresh is one more authorization with every registered scope, memoized under key: a fresh
// code for a negative case, or a fresh token to refresh or revoke.
func (p *provider) fresh(ctx context.Context, key string, exchange bool) *flow {
	return p.env.Memo("connect/flow/"+key, func() any {
		f := p.authorize(ctx, nil, bc.AuthorizeOptions{})
		if exchange {
			p.exchange(ctx, f)
		}
		return f
	}).(*flow)
}

// flowProblem says why a flow gave no code or no token, "" when it gave both (or a code when
// noToken).
func (f *flow) problem(noToken bool) string {
	var ae *bc.AuthorizeError
	switch {
	case f.err != "":
		return f.err
	case errors.As(f.authErr, &ae):
		return ae.Error()
	case f.authErr != nil:
		return "the authorization failed: " + f.authErr.Error()
	case f.auth.Error != "":
		return fmt.Sprintf("the provider redirected to the redirect_uri with error %q instead of a code", f.auth.Error)
	case f.auth.Code == "":
		return "the provider redirected to the redirect_uri without a code"
	case noToken:
		return ""
	case f.tokenErr != nil:
		return "the code exchange failed: " + tokenError(f.tokenErr)
	case f.token == nil || f.token.AccessToken == "":
		return "the token endpoint issued no access token"
	}
	return ""
}

// tokenError says why x/oauth2's exchange failed, without the body's secrets.
func tokenError(err error) string {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		s := fmt.Sprintf("the token endpoint answered HTTP %d", re.Response.StatusCode)
		if re.ErrorCode != "" {
			s += " with error " + re.ErrorCode
		}
		if re.ErrorDescription != "" {
			s += " (" + re.ErrorDescription + ")"
		}
		return s
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return "the token endpoint did not answer within the request timeout"
		}
		return "the token endpoint could not be reached: " + ue.Err.Error()
	}
	return err.Error()
}

// access is the run's access token with every registered scope: the main flow's, or in token
// mode the pre-issued one. reason says why there is none.
func (p *provider) access(ctx context.Context) (token, reason string) {
	if p.tokenMode() {
		if p.env.LookupEnv != nil {
			if v, ok := p.env.LookupEnv(p.cfg.Consent.TokenEnv); ok && v != "" {
				return v, ""
			}
		}
		return "", fmt.Sprintf("the environment variable %s (connect.provider.consent.tokenEnv) holds no access token", p.cfg.Consent.TokenEnv)
	}
	f := p.main(ctx)
	if r := f.problem(false); r != "" {
		return "", r
	}
	return f.token.AccessToken, ""
}

// endpoint is the URL of a resource operation below apiBase, with query q.
func (p *provider) endpoint(ctx context.Context, path string, q url.Values) string {
	m := p.manifest(ctx)
	u := strings.TrimSuffix(m.api.APIBase, "/") + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// resource calls e at path (with query q) with token and body.
func (p *provider) resource(ctx context.Context, what string, e bc.Endpoint, q url.Values, token string, body any) *call {
	u := p.endpoint(ctx, e.Path(), q)
	return p.do(ctx, what, e, func(ctx context.Context) (*bc.Response, error) {
		return p.c.Call(ctx, e.Method(), u, token, body)
	})
}
