package connect

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/obcert/obcert"
	bc "github.com/obcert/obcert/openbadges/connect"
	"github.com/obcert/obcert/suites"
)

// A body per provider spec. Each reads the run's shared stages (provider_session.go) and judges
// what it needs; a stage that could not run makes the subject unread, never a pass.

type body = func(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome

// onlyProvider skips a spec when the candidate file declares no provider.
func onlyProvider(env *suites.Env) (*provider, string) {
	if env.Candidate.Connect == nil || env.Candidate.Connect.Provider == nil {
		return nil, "the candidate file declares no Badge Connect provider (connect.provider)"
	}
	return providerOf(env), ""
}

// withManifest runs f when the manifest was read; otherwise the manifest is unread.
func withManifest(f func(ctx context.Context, p *provider, m *manifestStage, o *suites.Outcome)) body {
	return func(ctx context.Context, env *suites.Env, _ suites.Spec) suites.Outcome {
		p, skip := onlyProvider(env)
		if p == nil {
			return suites.Skipped("%s", skip)
		}
		m := p.manifest(ctx)
		var o suites.Outcome
		o.AddEvidence(m.call.Evidence...)
		if m.err != "" {
			unread(&o, "the manifest", m.err, m.call.Err != nil)
			return o
		}
		f(ctx, p, m, &o)
		return o
	}
}

// withProvider runs f for a declared provider.
func withProvider(f func(ctx context.Context, p *provider, o *suites.Outcome)) body {
	return func(ctx context.Context, env *suites.Env, _ suites.Spec) suites.Outcome {
		p, skip := onlyProvider(env)
		if p == nil {
			return suites.Skipped("%s", skip)
		}
		var o suites.Outcome
		f(ctx, p, &o)
		return o
	}
}

// withFlow is withProvider for a spec that needs the authorization flow: skipped in token mode.
func withFlow(f func(ctx context.Context, p *provider, o *suites.Outcome)) body {
	return withProvider(func(ctx context.Context, p *provider, o *suites.Outcome) {
		if p.tokenMode() {
			o.Skip = p.tokenModeSkip()
			return
		}
		f(ctx, p, o)
	})
}

func unread(o *suites.Outcome, subject, reason string, unreachable bool) {
	if unreachable {
		o.CouldNotReach(subject, reason)
		return
	}
	o.CouldNotRead(subject, reason)
}

// findings records each finding naming one of reqs as a problem about subject.
func findings(o *suites.Outcome, subject string, fs []obcert.Finding, reqs ...string) {
	for _, f := range fs {
		if slices.ContainsFunc(f.Requirements, func(r string) bool { return slices.Contains(reqs, r) }) {
			o.Problem(subject, f)
		}
	}
}

func problem(o *suites.Outcome, subject string, reqs []string, format string, a ...any) {
	o.Problemf(subject, reqs, "", format, a...)
}

var manifestSpec = withManifest(func(_ context.Context, p *provider, m *manifestStage, o *suites.Outcome) {
	r := m.call.Resp
	o.Check("the manifest")
	if u, err := url.Parse(p.cfg.Manifest); err == nil && u.Path != bc.WellKnownPath {
		problem(o, "the manifest", []string{"CONNECT-11"}, "the manifest is served at %s, not at %s", u.Path, bc.WellKnownPath)
	}
	switch {
	case r.TLSVersion == 0:
		problem(o, "the manifest", []string{"CONNECT-11"}, "the manifest was served over plain HTTP, not TLS")
	case r.TLSVersion < tls.VersionTLS12:
		problem(o, "the manifest", []string{"CONNECT-11"}, "the manifest was served over %s, older than TLS 1.2", tls.VersionName(r.TLSVersion))
	}
})

var manifestShape = withManifest(func(_ context.Context, _ *provider, m *manifestStage, o *suites.Outcome) {
	// The published schema rejects the spec's own @context: the subject says it was allowed.
	const subject = "the manifest (against the published schema with @context allowed, CONNECT-19)"
	o.Check(subject)
	findings(o, subject, bc.CheckManifestShape(m.doc, m.m), "CONNECT-13")
})

var manifestAPIBase = withManifest(func(_ context.Context, _ *provider, m *manifestStage, o *suites.Outcome) {
	for i, api := range m.m.APIs {
		subject := fmt.Sprintf("badgeConnectAPI[%d]", i)
		o.Check(subject)
		findings(o, subject, bc.CheckAPIBase(api), "CONNECT-14", "CONNECT-15")
	}
})

var manifestSameDomain = withManifest(func(_ context.Context, p *provider, m *manifestStage, o *suites.Outcome) {
	for i, api := range m.m.APIs {
		subject := fmt.Sprintf("badgeConnectAPI[%d]", i)
		o.Check(subject)
		findings(o, subject, bc.CheckSameDomain(p.cfg.Manifest, api), "CONNECT-16")
	}
})

// withRegistration runs f when obcert's registration got an answer.
func withRegistration(f func(ctx context.Context, p *provider, r *registrationStage, o *suites.Outcome)) body {
	return withProvider(func(ctx context.Context, p *provider, o *suites.Outcome) {
		r := p.registration(ctx)
		if r.call != nil {
			o.AddEvidence(r.call.Evidence...)
		}
		if r.call == nil || r.call.Resp == nil {
			unread(o, "the registration", r.err, r.call != nil && r.call.Err != nil)
			return
		}
		f(ctx, p, r, o)
	})
}

var registrationSpec = withRegistration(func(_ context.Context, _ *provider, r *registrationStage, o *suites.Outcome) {
	o.Check("the registration")
	findings(o, "the registration", r.findings, "CONNECT-20", "CONNECT-21", "CONNECT-26")
})

var registrationNoStore = withRegistration(func(_ context.Context, _ *provider, r *registrationStage, o *suites.Outcome) {
	if !r.accepted {
		o.CouldNotRead("the registration", r.err)
		return
	}
	o.Check("the registration")
	if cc := r.call.Resp.Header.Values("Cache-Control"); !slices.ContainsFunc(cc, func(v string) bool { return strings.Contains(strings.ToLower(v), "no-store") }) {
		problem(o, "the registration", []string{"CONNECT-26"}, "the registration answer, which carries the client secret, has no Cache-Control: no-store (it has %q)", strings.Join(cc, ", "))
	}
})

// registrationRefusals registers each variant (memoized) and requires it refused with an RFC
// 7591 error, beside the full registration accepted.
func registrationRefusals(variants ...string) body {
	return withRegistration(func(ctx context.Context, p *provider, r *registrationStage, o *suites.Outcome) {
		if !r.accepted {
			o.CouldNotRead("the full registration (the positive control)", r.err+": a refusal of a broken one would prove nothing")
			return
		}
		for _, v := range variants {
			c := p.badRegistration(ctx, v)
			o.AddEvidence(c.Evidence...)
			subject := "a registration " + v
			switch {
			case c.Err != nil:
				o.CouldNotReach(subject, c.describe())
			case c.Resp.Status >= 400 && c.Resp.Status < 500:
				o.Check(subject)
				if fs := bc.CheckOAuthError(subject, c.Resp.Status, c.Resp.Body); len(fs) > 0 {
					problem(o, subject, []string{requirementOfVariant(v)}, "the provider refused %s with HTTP %d but not with an RFC 7591 error JSON", subject, c.Resp.Status)
				}
			default:
				problem(o, subject, []string{requirementOfVariant(v)}, "the provider accepted %s (HTTP %d)", subject, c.Resp.Status)
			}
		}
	})
}

const (
	noSoftwareID   = "without software_id"
	noRedirectURIs = "without redirect_uris"
	httpRedirect   = "with an http:// redirect URI"
	twoHosts       = "whose URLs are on two hosts"
)

func requirementOfVariant(v string) string {
	if v == httpRedirect || v == twoHosts {
		return "CONNECT-23"
	}
	return "CONNECT-22"
}

func (p *provider) badRegistration(ctx context.Context, variant string) *call {
	return p.env.Memo("connect/registration/"+variant, func() any {
		f := p.registration(ctx).sent.Fields()
		switch variant {
		case noSoftwareID:
			delete(f, "software_id")
		case noRedirectURIs:
			delete(f, "redirect_uris")
		case httpRedirect:
			f["redirect_uris"] = []string{strings.Replace(redirectURI, "https://", "http://", 1)}
		case twoHosts:
			f["client_uri"], f["logo_uri"] = "https://another-host.obcert.example/", "https://another-host.obcert.example/logo.png"
		}
		return p.register(ctx, "a registration "+variant, f)
	}).(*call)
}

var (
	registrationRequiredFields = registrationRefusals(noSoftwareID, noRedirectURIs)
	registrationHTTPSOneHost   = registrationRefusals(httpRedirect, twoHosts)
)

var registrationUnique = withRegistration(func(ctx context.Context, p *provider, r *registrationStage, o *suites.Outcome) {
	if !r.accepted {
		o.CouldNotRead("the registration", r.err)
		return
	}
	c := p.register(ctx, "a second full registration", r.sent.Fields())
	o.AddEvidence(c.Evidence...)
	if c.Err != nil || (c.Resp.Status != 200 && c.Resp.Status != 201) {
		o.CouldNotRead("a second registration", c.describe())
		return
	}
	second, _ := bc.CheckRegistrationAnswer(r.sent, c.Resp.Status, c.Resp.Body)
	o.Check("two registrations")
	if second.ID == r.client.ID {
		problem(o, "two registrations", []string{"CONNECT-27"}, "two registrations got the same client_id")
	}
})

var authorizeSpec = withFlow(func(ctx context.Context, p *provider, o *suites.Outcome) {
	f := p.main(ctx)
	o.AddEvidence(f.evidence...)
	if f.err != "" {
		o.CouldNotRead("the authorization", f.err)
		return
	}
	o.Check("the authorization")
	if reason := f.problem(true); reason != "" {
		problem(o, "the authorization", []string{"CONNECT-33"}, "%s", reason)
		return
	}
	if f.auth.ReturnedState != f.auth.State {
		problem(o, "the authorization", []string{"CONNECT-33"}, "the redirect to the redirect_uri carried state %q, not the state obcert sent", f.auth.ReturnedState)
	}
})

var authorizeUnknownRedirect = withFlow(func(ctx context.Context, p *provider, o *suites.Outcome) {
	if reason := p.main(ctx).problem(true); reason != "" {
		o.CouldNotRead("the authorization with the registered redirect_uri (the positive control)", reason)
		return
	}
	f := p.env.Memo("connect/flow/unknown-redirect", func() any {
		return p.authorize(ctx, nil, bc.AuthorizeOptions{RedirectURI: otherRedirectURI})
	}).(*flow)
	o.AddEvidence(f.evidence...)
	o.Check("an authorization with an unregistered redirect_uri")
	if f.auth != nil && sameURL(f.auth.Redirect.String(), otherRedirectURI) {
		problem(o, "an authorization with an unregistered redirect_uri", []string{"CONNECT-32"},
			"the provider redirected the user agent to %s, a redirect_uri the client never registered", otherRedirectURI)
	}
})

func sameURL(got, want string) bool {
	g, _, _ := strings.Cut(got, "?")
	return strings.TrimSuffix(g, "/") == strings.TrimSuffix(want, "/")
}

var tokenSpec = withFlow(func(ctx context.Context, p *provider, o *suites.Outcome) {
	f := p.main(ctx)
	o.AddEvidence(f.evidence...)
	if reason := f.problem(true); reason != "" {
		o.CouldNotRead("the code exchange", "no code to exchange: "+reason)
		return
	}
	o.Check("the code exchange")
	if reason := f.problem(false); reason != "" {
		problem(o, "the code exchange", []string{"CONNECT-35", "CONNECT-36"}, "%s", reason)
		return
	}
	if !strings.EqualFold(f.token.TokenType, "bearer") {
		problem(o, "the code exchange", []string{"CONNECT-36"}, "the token endpoint issued a token of type %q, not Bearer", f.token.TokenType)
	}
})

// tokenRefusal judges one negative token request, beside the main exchange.
func tokenRefusal(key string) body {
	return withFlow(func(ctx context.Context, p *provider, o *suites.Outcome) {
		main := p.main(ctx)
		if reason := main.problem(false); reason != "" {
			o.CouldNotRead("the correct code exchange (the positive control)", reason+": a refusal beside it would prove nothing")
			return
		}
		r := p.tokenRefusals(ctx)[key]
		if r.err != "" {
			o.CouldNotRead(r.what, r.err)
			return
		}
		o.AddEvidence(r.call.Evidence...)
		if r.call.Err != nil {
			o.CouldNotReach(r.what, r.call.describe())
			return
		}
		o.Check(r.what)
		if !r.refused() {
			reqs := []string{"CONNECT-31"}
			if key == "code-reuse" {
				reqs = []string{"CONNECT-36"}
			} else if key == "redirect-mismatch" {
				reqs = []string{"CONNECT-35"}
			}
			problem(o, r.what, reqs, "the token endpoint answered %s with HTTP %d instead of refusing it", r.what, r.call.Resp.Status)
		}
	})
}

var tokenErrorShape = withFlow(func(ctx context.Context, p *provider, o *suites.Outcome) {
	refusals := p.tokenRefusals(ctx)
	for _, key := range []string{"wrong-verifier", "no-verifier", "redirect-mismatch", "code-reuse"} {
		r := refusals[key]
		if r.call == nil || !r.refused() {
			continue
		}
		o.AddEvidence(r.call.Evidence...)
		o.Check(r.what)
		findings(o, r.what, bc.CheckOAuthError(r.what, r.call.Resp.Status, r.call.Resp.Body), "CONNECT-36")
	}
	if len(o.Checked) == 0 {
		o.Skip = "the provider refused none of obcert's negative token requests, so no error answer could be checked (the negative token specs say why)"
	}
})

var refreshSpec = withFlow(func(ctx context.Context, p *provider, o *suites.Outcome) {
	f := p.fresh(ctx, "refresh", true)
	o.AddEvidence(f.evidence...)
	if reason := f.problem(false); reason != "" {
		o.CouldNotRead("a token to refresh", reason)
		return
	}
	if f.token.RefreshToken == "" {
		o.Skip = "the provider issued no refresh_token (obcert asked for the scopes " + strings.Join(f.grant.Scopes, " ") + "), so there is nothing to renew"
		return
	}
	var newTok string
	o.AddEvidence(evidenceOf(ctx, func(ctx context.Context) {
		t, err := p.c.Refresh(ctx, f.grant, f.token.RefreshToken)
		if err != nil {
			problem(o, "the refresh", []string{"CONNECT-37"}, "the refresh was refused: %s", tokenError(err))
			return
		}
		newTok = t.AccessToken
	})...)
	if newTok == "" {
		return
	}
	c := p.resource(ctx, "GET /assertions with the renewed token", bc.GetAssertions, nil, newTok, nil)
	o.AddEvidence(c.Evidence...)
	o.Check("the refresh")
	if !c.ok(http.StatusOK) {
		problem(o, "the refresh", []string{"CONNECT-37"}, "the renewed access token does not work: %s", c.describe())
	}
})

// positiveRead is the run's GET /assertions with its token (the positive control of the
// refusals), or why there is none.
func (p *provider) positiveRead(ctx context.Context) (*call, string) {
	r := p.reads(ctx)
	if r.posts.err != "" {
		return nil, r.posts.err
	}
	if len(r.full.pages) == 0 || !r.full.pages[0].call.ok(http.StatusOK) {
		return nil, "GET /assertions with the run's access token was not answered 200: " + r.full.err
	}
	return r.full.pages[0].call, ""
}

var bearerRequired = withProvider(func(ctx context.Context, p *provider, o *suites.Outcome) {
	ctrl, reason := p.positiveRead(ctx)
	if ctrl == nil {
		o.CouldNotRead("the calls with the run's token (the positive control)", reason)
		return
	}
	o.AddEvidence(ctrl.Evidence...)
	for _, c := range p.bearerCalls(ctx) {
		o.AddEvidence(c.Evidence...)
		if c.Err != nil {
			o.CouldNotReach(c.What, c.describe())
			continue
		}
		o.Check(c.What)
		st, _ := bc.CheckEnvelope(c.Endpoint, c.Resp.Status, c.Resp.Body)
		if c.Resp.Status != http.StatusUnauthorized || st.StatusText != bc.StatusUnauthenticated {
			problem(o, c.What, []string{"CONNECT-46"}, "%s, not HTTP 401 UNAUTHENTICATED", c.describe())
		}
	}
})

var scopeEnforced = withFlow(func(ctx context.Context, p *provider, o *suites.Outcome) {
	s := p.scoped(ctx)
	o.AddEvidence(s.flow.evidence...)
	if s.err != "" {
		o.CouldNotRead("a token granted only assertion.readonly", s.err)
		return
	}
	read := s.calls[bc.GetAssertions]
	o.AddEvidence(read.Evidence...)
	if !read.ok(http.StatusOK) {
		o.CouldNotRead(read.What+" (the positive control)", read.describe()+": a token the provider refuses everywhere proves no scope check")
		return
	}
	o.Check(read.What)
	for _, e := range []bc.Endpoint{bc.PostAssertions, bc.GetProfile, bc.PostProfile} {
		c := s.calls[e]
		o.AddEvidence(c.Evidence...)
		if c.Err != nil {
			o.CouldNotReach(c.What, c.describe())
			continue
		}
		o.Check(c.What)
		st, _ := bc.CheckEnvelope(e, c.Resp.Status, c.Resp.Body)
		okCode := c.Resp.Status == http.StatusUnauthorized || c.Resp.Status == http.StatusForbidden
		okText := st.StatusText == bc.StatusPermissionDenied || st.StatusText == bc.StatusUnauthenticated
		if !okCode || !okText {
			problem(o, c.What, []string{"CONNECT-45"}, "%s, where a token without the %s scope must be refused (401 or 403, PERMISSION_DENIED)", c.describe(), e.Scope())
		}
	}
})

// everything makes every call of the run, so the envelope specs see every answer.
func (p *provider) everything(ctx context.Context) {
	p.reads(ctx)
	p.invalidPosts(ctx)
	p.profile(ctx)
	p.bearerCalls(ctx)
	if !p.tokenMode() {
		p.scoped(ctx)
	}
}

func (p *provider) allCalls() []*call {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.calls)
}

var statusEnvelope = withProvider(func(ctx context.Context, p *provider, o *suites.Outcome) {
	p.everything(ctx)
	p.unknownCalls(ctx)
	for _, c := range p.allCalls() {
		if c.Resp.Status >= 500 {
			continue
		}
		o.AddEvidence(c.Evidence...)
		o.Check(c.What)
		_, fs := bc.CheckEnvelope(c.Endpoint, c.Resp.Status, c.Resp.Body)
		findings(o, c.What, fs, "CONNECT-50", "CONNECT-51", "CONNECT-52")
	}
	if len(o.Checked) == 0 {
		o.CouldNotRead("the API's answers", "obcert got no answer from the API to check")
		return
	}
	// The published schemas refuse "error": null, which the spec's own examples send.
	o.Check(`status.error null accepted, as the spec's examples send it (CONNECT-51; the published schema's non-nullable error is patched)`)
})

// unknownCalls are GET {apiBase}/nope and DELETE {apiBase}/assertions, with the run's token.
func (p *provider) unknownCalls(ctx context.Context) []*call {
	return p.env.Memo("connect/unknown-calls", func() any {
		if p.manifest(ctx).err != "" {
			return []*call(nil)
		}
		token, _ := p.access(ctx)
		mk := func(what, method, path string, e bc.Endpoint) *call {
			u := p.endpoint(ctx, path, nil)
			return p.do(ctx, what, e, func(ctx context.Context) (*bc.Response, error) { return p.c.Call(ctx, method, u, token, nil) })
		}
		return []*call{mk("GET {apiBase}/obcert-no-such-path", http.MethodGet, "/obcert-no-such-path", bc.GetAssertions),
			mk("DELETE {apiBase}/assertions", http.MethodDelete, "/assertions", bc.GetAssertions)}
	}).([]*call)
}

var statusPerEndpoint = withProvider(func(ctx context.Context, p *provider, o *suites.Outcome) {
	p.everything(ctx)
	unknown := p.unknownCalls(ctx)
	if unknown == nil {
		o.CouldNotRead("the API", p.manifest(ctx).err)
		return
	}
	for i, want := range []int{http.StatusNotFound, http.StatusMethodNotAllowed} {
		c := unknown[i]
		o.AddEvidence(c.Evidence...)
		if c.Err != nil {
			o.CouldNotReach(c.What, c.describe())
			continue
		}
		o.Check(c.What)
		st, fs := bc.CheckEnvelope(c.Endpoint, c.Resp.Status, c.Resp.Body)
		text := bc.AllowedStatusTexts(c.Endpoint, want)[0]
		if c.Resp.Status != want || st.StatusText != text {
			problem(o, c.What, []string{"CONNECT-54"}, "%s, not HTTP %d %s", c.describe(), want, text)
		} else {
			findings(o, c.What, fs, "CONNECT-54")
		}
	}
	for _, c := range p.allCalls() {
		if c.Resp.Status == http.StatusBadRequest {
			o.AddEvidence(c.Evidence...)
			o.Check(c.What)
			_, fs := bc.CheckEnvelope(c.Endpoint, c.Resp.Status, c.Resp.Body)
			findings(o, c.What, fs, "CONNECT-53")
		}
	}
})
