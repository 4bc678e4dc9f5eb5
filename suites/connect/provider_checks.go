package connect

import (
	"context"
	"net/http"
	"net/url"

	"golang.org/x/oauth2"

	"github.com/obcert/obcert/fixtures"
	bc "github.com/obcert/obcert/openbadges/connect"
)

// invalidPosts posts, after the reads, the badges a provider that verifies must refuse
// (CONNECT-74): tampered, revoked (hosted and signed), expired, and one awarded to someone else.
func (p *provider) invalidPosts(ctx context.Context) ([]*post, string) {
	type result struct {
		posts []*post
		err   string
	}
	r := p.env.Memo("connect/invalid-posts", func() any {
		p.reads(ctx)
		s := p.posts(ctx)
		if s.err != "" {
			return result{err: s.err}
		}
		token, _ := p.access(ctx)
		iss := s.iss
		var out []*post
		invalid := []string{bc.StatusInvalidBadge}
		if f, ok := iss.Fixture(fixtures.Tampered); ok {
			out = append(out, signedPost(fixtures.Tampered, "a signed badge whose signature was altered", f.Badge.JWS))
		}
		if f, ok := iss.Fixture(fixtures.RevokedLater); ok {
			if b, err := p.hostedPost(ctx, "revoked-hosted", "a hosted badge its issuer revoked (its URL answers 410 Gone)", f.Badge.URL); err == nil {
				if _, err := iss.Revoke(fixtures.RevokedLater); err == nil {
					out = append(out, b)
				}
			}
		}
		if f, ok := iss.Fixture(fixtures.RevokedSigned); ok {
			out = append(out, signedPost(fixtures.RevokedSigned, "a signed badge listed in its issuer's RevocationList", f.Badge.JWS))
		}
		if f, ok := iss.Fixture(fixtures.ExpiredHosted); ok {
			if b, err := p.hostedPost(ctx, fixtures.ExpiredHosted, "a hosted badge that expired yesterday", f.Badge.URL); err == nil {
				out = append(out, b)
			}
		}
		for _, b := range out {
			b.Want = invalid
		}
		if b, err := p.mint(ctx, s, wrongIdentity, "a valid hosted badge awarded to another identity than the account's"); err == nil {
			b.Key = "wrong-recipient"
			b.Want = []string{bc.StatusRecipientMismatch, bc.StatusInvalidBadge}
			out = append(out, b)
		}
		for _, b := range out {
			p.send(ctx, token, b)
		}
		return result{posts: out}
	}).(result)
	return r.posts, r.err
}

// profileStage is GET /profile with the run's token, and POST /profile.
type profileStage struct {
	get, post *call
	err       string
}

func (p *provider) profile(ctx context.Context) *profileStage {
	return p.env.Memo("connect/profile", func() any {
		s := &profileStage{}
		token, reason := p.access(ctx)
		if token == "" {
			s.err = "obcert has no access token: " + reason
			return s
		}
		s.get = p.resource(ctx, "GET /profile", bc.GetProfile, nil, token, nil)
		s.post = p.resource(ctx, "POST /profile", bc.PostProfile, nil, token, p.profileUpdate(s.get))
		return s
	}).(*profileStage)
}

// profileUpdate is the body of POST /profile: the Profile's id and type, and one identifier
// property being added (CONNECT-76).
func (p *provider) profileUpdate(get *call) map[string]any {
	body := map[string]any{"@context": "https://w3id.org/openbadges/v2", "type": "Profile", "url": "https://obcert.example/conformance-profile"}
	if get.ok(http.StatusOK) {
		if doc, err := bc.DecodeObject(get.Resp.Body); err == nil {
			if prof, ok := doc["profile"].(map[string]any); ok {
				if id, ok := prof["id"].(string); ok {
					body["id"] = id
				}
			}
		}
	}
	if body["id"] == nil {
		body["id"] = "urn:uuid:00000000-0000-4000-8000-000000000000"
	}
	return body
}

// payloadFor is a valid Assertion Payload for a write that should be refused (the valid hosted
// fixture, which obcert posts anyway).
func (p *provider) payloadFor(ctx context.Context) any {
	if s := p.posts(ctx); len(s.posts) > 0 {
		return s.posts[0].Payload
	}
	return bc.AssertionPayload{}
}

// bearerCalls are the four operations called without a token and with a garbage one.
func (p *provider) bearerCalls(ctx context.Context) []*call {
	return p.env.Memo("connect/bearer", func() any {
		p.reads(ctx)
		var out []*call
		for _, tok := range []struct{ what, token string }{{"without a token", ""}, {"with a token the provider never issued", "obcert-garbage-token-0000"}} {
			for _, e := range bc.Endpoints {
				var body any
				switch e {
				case bc.PostAssertions:
					body = p.payloadFor(ctx)
				case bc.PostProfile:
					body = map[string]any{"type": "Profile", "id": "urn:uuid:00000000-0000-4000-8000-000000000000", "url": "https://obcert.example/x"}
				}
				out = append(out, p.resource(ctx, string(e)+" "+tok.what, e, nil, tok.token, body))
			}
		}
		return out
	}).([]*call)
}

// scopeStage is a token granted only assertion.readonly, and the calls made with it.
type scopeStage struct {
	flow  *flow
	calls map[bc.Endpoint]*call
	err   string
}

func (p *provider) scoped(ctx context.Context) *scopeStage {
	return p.env.Memo("connect/scoped", func() any {
		p.reads(ctx)
		s := &scopeStage{calls: map[bc.Endpoint]*call{}}
		s.flow = p.authorize(ctx, []string{bc.ScopeAssertionRead}, bc.AuthorizeOptions{})
		p.exchange(ctx, s.flow)
		if r := s.flow.problem(false); r != "" {
			s.err = "the authorization for a token with only the assertion.readonly scope: " + r
			return s
		}
		tok := s.flow.token.AccessToken
		for _, e := range bc.Endpoints {
			var body any
			switch e {
			case bc.PostAssertions:
				body = p.payloadFor(ctx)
			case bc.PostProfile:
				body = p.profileUpdate(&call{})
			}
			s.calls[e] = p.resource(ctx, string(e)+" with a token granted only assertion.readonly", e, nil, tok, body)
		}
		return s
	}).(*scopeStage)
}

// refusal is a token request that must be refused, beside the correct one.
type refusal struct {
	what string
	call *call
	err  string // why the request could not be made (no fresh code)
}

// refused reports whether the token endpoint refused the request: a 4xx answer that carries no
// access token.
func (r *refusal) refused() bool {
	c := r.call
	if c == nil || c.Err != nil || c.Resp.Status < 400 || c.Resp.Status > 499 {
		return false
	}
	doc, err := bc.DecodeObject(c.Resp.Body)
	return err != nil || doc["access_token"] == nil
}

// tokenRefusals are the negative token requests, each with a fresh code (the reused one with
// the main flow's): a wrong verifier, none, another redirect_uri, a code already redeemed.
func (p *provider) tokenRefusals(ctx context.Context) map[string]*refusal {
	return p.env.Memo("connect/token-refusals", func() any {
		out := map[string]*refusal{}
		main := p.main(ctx)
		fresh := func(key, what string, form func(g bc.Grant, code, verifier string) url.Values) {
			r := &refusal{what: what}
			out[key] = r
			f := p.fresh(ctx, key, false)
			if reason := f.problem(true); reason != "" {
				r.err = "no fresh code: " + reason
				return
			}
			r.call = p.do(ctx, what, "", func(ctx context.Context) (*bc.Response, error) {
				return p.c.TokenRequest(ctx, f.grant, form(f.grant, f.auth.Code, f.auth.Verifier), true)
			})
		}
		fresh("wrong-verifier", "a code exchange with a wrong code_verifier", func(g bc.Grant, code, _ string) url.Values {
			return bc.CodeForm(g, code, oauth2.GenerateVerifier())
		})
		fresh("no-verifier", "a code exchange without a code_verifier", func(g bc.Grant, code, _ string) url.Values {
			return bc.CodeForm(g, code, "")
		})
		fresh("redirect-mismatch", "a code exchange with another redirect_uri than the authorization's", func(g bc.Grant, code, v string) url.Values {
			g.RedirectURI = otherRedirectURI
			return bc.CodeForm(g, code, v)
		})
		reuse := &refusal{what: "a second exchange of a code already redeemed"}
		out["code-reuse"] = reuse
		if reason := main.problem(false); reason != "" {
			reuse.err = "no redeemed code: " + reason
		} else {
			reuse.call = p.do(ctx, reuse.what, "", func(ctx context.Context) (*bc.Response, error) {
				return p.c.TokenRequest(ctx, main.grant, bc.CodeForm(main.grant, main.auth.Code, main.auth.Verifier), true)
			})
		}
		return out
	}).(map[string]*refusal)
}
