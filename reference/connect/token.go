package connect

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// token is an access or refresh token. Tokens of one grant share its grant id: revoking a
// refresh token revokes them all (RFC 7009 §2.1).
type token struct {
	clientID string
	grantID  string
	scopes   []string
	refresh  bool
	expires  time.Time // zero for a refresh token
	revoked  bool
}

// tokenAnswer is an RFC 6749 §5.1 answer.
type tokenAnswer struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type,omitempty"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope"`
}

// clientOf authenticates the client with HTTP Basic (client_secret_basic, CONNECT-35), or
// answers invalid_client.
func (p *Provider) clientOf(w http.ResponseWriter, r *http.Request) *client {
	id, secret, ok := r.BasicAuth()
	if ok { // RFC 6749 §2.3.1: both are form-urlencoded before Basic encoding
		if u, err := url.QueryUnescape(id); err == nil {
			id = u
		}
		if u, err := url.QueryUnescape(secret); err == nil {
			secret = u
		}
	}
	p.mu.Lock()
	c := p.clients[id]
	p.mu.Unlock()
	if !ok || c == nil || subtle.ConstantTimeCompare([]byte(secret), []byte(c.secret)) != 1 {
		w.Header().Set("WWW-Authenticate", `Basic realm="badgeconnect"`)
		p.tokenError(w, http.StatusUnauthorized, "invalid_client", "the client authenticates with HTTP Basic: its client_id and client_secret (client_secret_basic)")
		return nil
	}
	return c
}

// tokenError answers a refused token request: RFC 6749 §5.2 JSON, or plain text under a fault.
func (p *Provider) tokenError(w http.ResponseWriter, code int, errCode, description string) {
	if p.c.f.tokenErrorShape {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(code)
		_, _ = w.Write([]byte("Token request refused: " + description + "\n"))
		return
	}
	oauthError(w, code, errCode, description)
}

// tokenEndpoint exchanges a code (with its PKCE verifier) or a refresh token for an access
// token (CONNECT-35..37).
//
// CONNECT-35: "The token request is a POST with HTTP Basic client_id:client_secret and a
// form-urlencoded body containing grant_type=authorization_code, code, redirect_uri, scope and
// code_verifier."
// CONNECT-36: "A valid request returns an access token and, optionally, a refresh token. A failed
// request SHOULD return an RFC 6749 error response."
func (p *Provider) tokenEndpoint(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		p.tokenError(w, http.StatusMethodNotAllowed, "invalid_request", "the token endpoint takes POST")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		p.tokenError(w, http.StatusBadRequest, "invalid_request", "the token request is not a form (application/x-www-form-urlencoded) within 16 KiB")
		return
	}
	c := p.clientOf(w, r)
	if c == nil {
		return
	}
	f := r.PostForm
	switch f.Get("grant_type") {
	case "authorization_code":
		p.exchangeCode(w, c, f)
	case "refresh_token":
		p.exchangeRefresh(w, c, f)
	case "":
		p.tokenError(w, http.StatusBadRequest, "invalid_request", "the token request has no grant_type")
	default:
		p.tokenError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
	}
}

func (p *Provider) exchangeCode(w http.ResponseWriter, c *client, f url.Values) {
	code, verifier := f.Get("code"), f.Get("code_verifier")
	if code == "" {
		p.tokenError(w, http.StatusBadRequest, "invalid_request", "the token request has no code")
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	g := p.codes[code]
	switch {
	case g == nil || g.clientID != c.id:
		p.tokenError(w, http.StatusBadRequest, "invalid_grant", "the code is not one this provider issued to this client")
		return
	case g.used && !p.c.f.codeReusable:
		p.tokenError(w, http.StatusBadRequest, "invalid_grant", "the code was already redeemed")
		return
	case p.now().After(g.expires):
		p.tokenError(w, http.StatusBadRequest, "invalid_grant", "the code has expired")
		return
	case f.Get("redirect_uri") != g.redirect && !p.c.f.redirectMismatchAccepted:
		p.tokenError(w, http.StatusBadRequest, "invalid_grant", "the redirect_uri is not the one of the authorization request")
		return
	}
	if !p.c.f.noPKCE {
		if verifier == "" {
			p.tokenError(w, http.StatusBadRequest, "invalid_request", "the token request has no code_verifier (PKCE is required)")
			return
		}
		sum := sha256.Sum256([]byte(verifier))
		if !p.c.f.wrongVerifierAccepted && subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(g.challenge)) != 1 {
			p.tokenError(w, http.StatusBadRequest, "invalid_grant", "the code_verifier does not match the code_challenge")
			return
		}
	}
	scopes := g.scopes
	if s := strings.Fields(f.Get("scope")); len(s) > 0 {
		for _, sc := range s {
			if !slices.Contains(g.scopes, sc) {
				p.tokenError(w, http.StatusBadRequest, "invalid_scope", "the scope "+sc+" was not granted")
				return
			}
		}
		scopes = s
	}
	g.used = true
	refresh := slices.Contains(c.grantTypes, "refresh_token") || slices.Contains(scopes, ScopeOffline)
	p.issue(w, c, random(16), scopes, refresh)
}

func (p *Provider) exchangeRefresh(w http.ResponseWriter, c *client, f url.Values) {
	p.mu.Lock()
	defer p.mu.Unlock()
	rt := p.tokens[f.Get("refresh_token")]
	if p.c.f.noRefresh || rt == nil || !rt.refresh || rt.revoked || rt.clientID != c.id {
		p.tokenError(w, http.StatusBadRequest, "invalid_grant", "the refresh token is not a live one this provider issued to this client")
		return
	}
	scopes := rt.scopes
	if s := strings.Fields(f.Get("scope")); len(s) > 0 {
		for _, sc := range s {
			if !slices.Contains(rt.scopes, sc) {
				p.tokenError(w, http.StatusBadRequest, "invalid_scope", "the scope "+sc+" was not granted")
				return
			}
		}
		scopes = s
	}
	access := p.secret(32)
	p.tokens[access] = &token{clientID: c.id, grantID: rt.grantID, scopes: scopes, expires: p.now().Add(p.c.tokenTTL)}
	p.answerToken(w, tokenAnswer{AccessToken: access, ExpiresIn: int64(p.c.tokenTTL / time.Second), Scope: strings.Join(scopes, " ")})
}

// issue makes an access token (and a refresh token) for a grant and answers them. p.mu is held.
func (p *Provider) issue(w http.ResponseWriter, c *client, grantID string, scopes []string, refresh bool) {
	access := p.secret(32)
	p.tokens[access] = &token{clientID: c.id, grantID: grantID, scopes: scopes, expires: p.now().Add(p.c.tokenTTL)}
	a := tokenAnswer{AccessToken: access, ExpiresIn: int64(p.c.tokenTTL / time.Second), Scope: strings.Join(scopes, " ")}
	if refresh {
		a.RefreshToken = p.secret(32)
		p.tokens[a.RefreshToken] = &token{clientID: c.id, grantID: grantID, scopes: scopes, refresh: true}
	}
	p.answerToken(w, a)
}

func (p *Provider) answerToken(w http.ResponseWriter, a tokenAnswer) {
	if !p.c.f.tokenNoType {
		a.TokenType = "Bearer"
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, a)
}

// CONNECT-40: "If it does [offer tokenRevocationUrl], it MUST revoke refresh tokens and SHOULD
// revoke access tokens." CONNECT-41: "Revocation request: POST form-urlencoded with token;
// token_type_hint (access_token or refresh_token) is optional."
//
// revoke is the RFC 7009 revocation endpoint (CONNECT-40, -41): it answers 200 for any token
// of an authenticated client, and revokes the token when it is that client's.
func (p *Provider) revoke(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		oauthError(w, http.StatusMethodNotAllowed, "invalid_request", "the revocation endpoint takes POST")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "the revocation request is not a form within 16 KiB")
		return
	}
	c := p.clientOf(w, r)
	if c == nil {
		return
	}
	value := r.PostForm.Get("token")
	if value == "" {
		oauthError(w, http.StatusBadRequest, "invalid_request", "the revocation request has no token")
		return
	}
	if h := r.PostForm.Get("token_type_hint"); h != "" && h != "access_token" && h != "refresh_token" {
		oauthError(w, http.StatusBadRequest, "unsupported_token_type", "token_type_hint must be access_token or refresh_token")
		return
	}
	p.mu.Lock()
	if t := p.tokens[value]; t != nil && t.clientID == c.id && !p.c.f.revocationIgnored {
		t.revoked = true
		if t.refresh {
			for _, o := range p.tokens {
				if o.grantID == t.grantID {
					o.revoked = true
				}
			}
		}
	}
	p.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
}

// bearer is the live access token of the request, or nil; known says whether the request
// carried a token this provider issued (live or not).
func (p *Provider) bearer(r *http.Request) (t *token, known bool) {
	h := r.Header.Get("Authorization")
	if len(h) < 7 || !strings.EqualFold(h[:7], "Bearer ") {
		return nil, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	t = p.tokens[strings.TrimSpace(h[7:])]
	if t == nil {
		return nil, false
	}
	if t.refresh || t.revoked || p.now().After(t.expires) {
		return nil, true
	}
	return t, true
}
