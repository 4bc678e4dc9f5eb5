package connect

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/suites"
)

// exchanges are the recorded requests of c with method (any when "") at path.
func (c *connection) exchanges(method, path string) []fixtures.ConnectExchange {
	var out []fixtures.ConnectExchange
	for _, x := range c.Rec.Exchanges {
		if x.Path == path && (method == "" || x.Method == method) {
			out = append(out, x)
		}
	}
	return out
}

// authorizations are the authorization requests (GET authorize); consents the form submissions.
func (c *connection) authorizations() []fixtures.ConnectExchange {
	return c.exchanges(http.MethodGet, fixtures.ConnectAuthorizePath)
}

// codeExchanges are the token requests of the authorization code grant.
func (c *connection) codeExchanges() []fixtures.ConnectExchange {
	var out []fixtures.ConnectExchange
	for _, x := range c.exchanges(http.MethodPost, fixtures.ConnectTokenPath) {
		if formOf(x).Get("grant_type") != "refresh_token" {
			out = append(out, x)
		}
	}
	return out
}

// resources are the requests to the assertions and profile endpoints.
func (c *connection) resources() []fixtures.ConnectExchange {
	var out []fixtures.ConnectExchange
	for _, x := range c.Rec.Exchanges {
		if x.Path == fixtures.ConnectAssertions || x.Path == fixtures.ConnectProfile {
			out = append(out, x)
		}
	}
	return out
}

// client is a client the provider registered: its credentials and redirect URIs, as answered.
type client struct {
	ID        string   `json:"client_id"`
	Secret    string   `json:"client_secret"`
	Redirects []string `json:"redirect_uris"`
}

// clients are the registrations the provider accepted.
func (c *connection) clients() []client {
	var out []client
	for _, x := range c.exchanges(http.MethodPost, fixtures.ConnectRegisterPath) {
		var cl client
		if x.Status/100 == 2 && json.Unmarshal(x.Answer, &cl) == nil && cl.ID != "" {
			out = append(out, cl)
		}
	}
	return out
}

func (c *connection) clientByID(id string) (client, bool) {
	for _, cl := range c.clients() {
		if cl.ID == id {
			return cl, true
		}
	}
	return client{}, false
}

func (c *connection) bySeq(seq int) (fixtures.ConnectExchange, bool) {
	if seq > 0 && seq <= len(c.Rec.Exchanges) && c.Rec.Exchanges[seq-1].Seq == seq {
		return c.Rec.Exchanges[seq-1], true
	}
	return fixtures.ConnectExchange{}, false
}

func formOf(x fixtures.ConnectExchange) url.Values {
	v, _ := url.ParseQuery(string(x.Body))
	return v
}

func mediaType(h http.Header) string {
	t, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	return t
}

// describe names an exchange for a message: its method, path and order.
func describe(x fixtures.ConnectExchange) string {
	return fmt.Sprintf("%s %s (request %d)", x.Method, x.Path, x.Seq)
}

// missing records in o that the connection lacks what subject needed, when it is the first
// connection (the nulls connection is judged only on what it did).
func missing(o *suites.Outcome, c *connection, required bool, subject, what string) {
	if !required {
		return
	}
	reason := "obcert's provider received " + what
	if c.AnsErr != nil {
		reason += "; the consumer's adapter: " + c.AnsErr.Error()
	}
	o.AddEvidence(c.Evidence...)
	o.CouldNotRead(c.Name+": "+subject, reason)
}

// CONNECT-12: "A Consumer that does not know the Provider's registration URL MUST fetch the
// manifest first." CONNECT-03: getManifest, then Registration, Authorize and Token.
func checkManifestFirst(o *suites.Outcome, c *connection, required bool) {
	regs := c.exchanges("", fixtures.ConnectRegisterPath)
	if len(regs) == 0 {
		missing(o, c, required, "registration", "no registration request, so the order of its steps cannot be judged")
		return
	}
	subject := c.Name + ": manifest before registration"
	o.Check(subject)
	manifests := c.exchanges(http.MethodGet, fixtures.ConnectManifestPath)
	if len(manifests) == 0 || manifests[0].Seq > regs[0].Seq {
		o.Problemf(subject, []string{"CONNECT-12"}, "Fetch the provider's manifest at the URL configured and take registrationUrl, authorizationUrl and tokenUrl from it.",
			"the consumer registered (%s) without first fetching the manifest %s", describe(regs[0]), c.Rec.Manifest)
	}
	auths, tokens := c.authorizations(), c.codeExchanges()
	if len(auths) > 0 && auths[0].Seq < regs[0].Seq {
		o.Problemf(subject, []string{"CONNECT-03"}, "", "the consumer asked for authorization (%s) before registering", describe(auths[0]))
	}
	if len(tokens) > 0 && (len(auths) == 0 || tokens[0].Seq < auths[0].Seq) {
		o.Problemf(subject, []string{"CONNECT-03"}, "", "the consumer asked for a token (%s) before any authorization request", describe(tokens[0]))
	}
}

// requiredFields are the registration fields CONNECT-22 requires.
var requiredFields = []string{"client_name", "client_uri", "logo_uri", "tos_uri", "policy_uri", "software_id", "software_version", "redirect_uris"}

// CONNECT-20/-21: an RFC 7591 registration, a POST with a JSON body. CONNECT-22: every required
// field. CONNECT-23: "Every URL in the request is HTTPS, and all of them share one hostname."
// CONNECT-24: client_secret_basic only; grant types authorization_code and refresh_token; code.
func checkRegistration(o *suites.Outcome, c *connection, required bool) {
	regs := c.exchanges("", fixtures.ConnectRegisterPath)
	if len(regs) == 0 {
		missing(o, c, required, "registration", "no registration request")
		return
	}
	for _, x := range regs {
		subject := c.Name + ": registration " + describe(x)
		o.Check(subject)
		var md map[string]any
		if x.Method != http.MethodPost || mediaType(x.Header) != "application/json" || json.Unmarshal(x.Body, &md) != nil || md == nil {
			o.Problemf(subject, []string{"CONNECT-20"}, "Register with POST, Content-Type application/json and the client metadata as a JSON object (RFC 7591).",
				"the registration is not a POST of a JSON object with Content-Type application/json (it is %s with Content-Type %q)", x.Method, x.Header.Get("Content-Type"))
			continue
		}
		judgeMetadata(o, subject, md)
	}
}

func judgeMetadata(o *suites.Outcome, subject string, md map[string]any) {
	var absent []string
	for _, f := range requiredFields {
		if !present(md[f]) {
			absent = append(absent, f)
		}
	}
	if len(absent) > 0 {
		o.Problemf(subject, []string{"CONNECT-22"}, "Send every field Badge Connect requires: "+strings.Join(requiredFields, ", ")+".",
			"the registration lacks %s", strings.Join(absent, ", "))
	}
	urls := map[string]string{}
	for _, f := range []string{"client_uri", "logo_uri", "tos_uri", "policy_uri"} {
		if s, ok := md[f].(string); ok && s != "" {
			urls[f] = s
		}
	}
	list, _ := md["redirect_uris"].([]any)
	for i, v := range list {
		s, _ := v.(string)
		urls[fmt.Sprintf("redirect_uris[%d]", i)] = s
	}
	judgeURLs(o, subject, urls)
	if m, ok := md["token_endpoint_auth_method"]; ok && m != "client_secret_basic" {
		o.Problemf(subject, []string{"CONNECT-24"}, "Leave token_endpoint_auth_method out or send client_secret_basic.",
			"token_endpoint_auth_method is %s, and Badge Connect allows only client_secret_basic", jsonText(m))
	}
	allowedList(o, subject, md, "grant_types", []string{"authorization_code", "refresh_token"})
	allowedList(o, subject, md, "response_types", []string{"code"})
	if s, ok := md["scope"]; ok {
		if _, isString := s.(string); !isString {
			o.Problemf(subject, []string{"CONNECT-24"}, "Send scope as one space-separated string.", "scope is not a string")
		}
	}
}

func present(v any) bool {
	switch x := v.(type) {
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	}
	return v != nil
}

// judgeURLs checks every URL of the registration is absolute https, all on one hostname.
func judgeURLs(o *suites.Outcome, subject string, urls map[string]string) {
	hosts := map[string]bool{}
	for _, f := range slices.Sorted(maps.Keys(urls)) {
		u, err := url.Parse(urls[f])
		if err != nil || u.Scheme != "https" || u.Host == "" {
			o.Problemf(subject, []string{"CONNECT-23"}, "Register only absolute https URLs (redirect URIs included).",
				"%s is %q, which is not an absolute https URL", f, urls[f])
			continue
		}
		hosts[u.Hostname()] = true
	}
	if len(hosts) > 1 {
		o.Problemf(subject, []string{"CONNECT-23"}, "Put every URL of the registration on one hostname.",
			"the registration's URLs are on %d hostnames (%s), not one", len(hosts), strings.Join(slices.Sorted(maps.Keys(hosts)), ", "))
	}
}

func allowedList(o *suites.Outcome, subject string, md map[string]any, field string, allowed []string) {
	v, ok := md[field]
	if !ok {
		return
	}
	list, isList := v.([]any)
	if !isList {
		o.Problemf(subject, []string{"CONNECT-24"}, "", "%s is not an array of strings", field)
		return
	}
	for _, e := range list {
		if s, _ := e.(string); !slices.Contains(allowed, s) {
			o.Problemf(subject, []string{"CONNECT-24"}, fmt.Sprintf("Send only %s in %s.", strings.Join(allowed, " and "), field),
				"%s holds %s, which Badge Connect does not allow", field, jsonText(e))
		}
	}
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return clip(string(b), 80)
}

var challengeShape = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// CONNECT-31: "response_type=code; client_id (the one registered); redirect_uri (MUST match a
// registered redirect_uris value); scope; state; code_challenge = BASE64URL(SHA256(ASCII(
// code_verifier))); and code_challenge_method=S256 (MUST)."
func checkPKCE(o *suites.Outcome, c *connection, required bool) {
	auths := c.authorizations()
	if len(auths) == 0 {
		missing(o, c, required, "authorization request", "no authorization request")
		return
	}
	for _, x := range auths {
		judgeAuthorization(o, c, x)
	}
	tokens := c.codeExchanges()
	if len(tokens) == 0 {
		missing(o, c, required, "code exchange", "no token request exchanging an authorization code")
	}
	for _, x := range tokens {
		subject := c.Name + ": code exchange " + describe(x)
		o.Check(subject)
		auth, ok := c.bySeq(x.AuthorizeSeq)
		if !ok {
			o.Problemf(subject, []string{"CONNECT-31"}, "Exchange the code the provider redirected back with.",
				"the token request carries no code the provider issued for an authorization request of this consumer")
			continue
		}
		v := formOf(x).Get("code_verifier")
		sum := sha256.Sum256([]byte(v))
		switch ch := auth.Query.Get("code_challenge"); {
		case v == "":
			o.Problemf(subject, []string{"CONNECT-31"}, "Send the code_verifier whose S256 challenge the authorization request carried.",
				"the token request carries no code_verifier")
		case ch == "" || base64.RawURLEncoding.EncodeToString(sum[:]) != ch:
			o.Problemf(subject, []string{"CONNECT-31"}, "Send the code_verifier whose S256 challenge the authorization request carried.",
				"BASE64URL(SHA256(code_verifier)) is not the code_challenge of the authorization request %s", describe(auth))
		}
	}
}

func judgeAuthorization(o *suites.Outcome, c *connection, x fixtures.ConnectExchange) {
	subject := c.Name + ": authorization request " + describe(x)
	o.Check(subject)
	q := x.Query
	req := []string{"CONNECT-31"}
	hint := "Send response_type=code, the registered client_id and redirect_uri, scope, state, code_challenge and code_challenge_method=S256."
	if q.Get("response_type") != "code" {
		o.Problemf(subject, req, hint, "response_type is %q, not code", q.Get("response_type"))
	}
	cl, known := c.clientByID(q.Get("client_id"))
	switch {
	case !known:
		o.Problemf(subject, req, hint, "client_id is not the one the provider registered for this consumer")
	case !slices.Contains(cl.Redirects, q.Get("redirect_uri")):
		o.Problemf(subject, req, hint, "redirect_uri %q is not one of the registered redirect_uris", q.Get("redirect_uri"))
	}
	for _, p := range []string{"scope", "state"} {
		if q.Get(p) == "" {
			o.Problemf(subject, req, hint, "the request carries no %s", p)
		}
	}
	switch m := q.Get("code_challenge_method"); {
	case q.Get("code_challenge") == "":
		o.Problemf(subject, req, hint, "the request carries no code_challenge (no PKCE)")
	case m != "S256":
		o.Problemf(subject, req, hint, "code_challenge_method is %q, and Badge Connect requires S256", m)
	case !challengeShape.MatchString(q.Get("code_challenge")):
		o.Problemf(subject, req, hint, "code_challenge is not the 43-character BASE64URL of a SHA-256 digest")
	}
}

// CONNECT-35: "The token request is a POST with HTTP Basic client_id:client_secret and a
// form-urlencoded body containing grant_type=authorization_code, code, redirect_uri, scope and
// code_verifier." The client secret is never in the body.
func checkTokenBasic(o *suites.Outcome, c *connection, required bool) {
	tokens := c.codeExchanges()
	if len(tokens) == 0 {
		missing(o, c, required, "token request", "no token request exchanging an authorization code")
		return
	}
	req := []string{"CONNECT-35"}
	hint := "POST the token request form-urlencoded with grant_type, code, redirect_uri and code_verifier, authenticating with HTTP Basic client_id:client_secret, never the secret in the body."
	for _, x := range tokens {
		subject := c.Name + ": token request " + describe(x)
		o.Check(subject)
		form := formOf(x)
		if x.Method != http.MethodPost || mediaType(x.Header) != "application/x-www-form-urlencoded" {
			o.Problemf(subject, req, hint, "the token request is %s with Content-Type %q, not a POST of a form-urlencoded body", x.Method, x.Header.Get("Content-Type"))
		}
		judgeBasic(o, c, subject, x, form)
		if form.Get("grant_type") != "authorization_code" {
			o.Problemf(subject, req, hint, "grant_type is %q, not authorization_code", form.Get("grant_type"))
		}
		var absent []string
		for _, f := range []string{"code", "redirect_uri", "code_verifier"} {
			if form.Get(f) == "" {
				absent = append(absent, f)
			}
		}
		if len(absent) > 0 {
			o.Problemf(subject, req, hint, "the form body lacks %s", strings.Join(absent, ", "))
		}
	}
}

// judgeBasic checks the token request authenticates with HTTP Basic as a registered client, and
// that no client secret is in its body.
func judgeBasic(o *suites.Outcome, c *connection, subject string, x fixtures.ConnectExchange, form url.Values) {
	req := []string{"CONNECT-35"}
	hint := "Authenticate the token request with an HTTP Basic Authorization header of the client_id and client_secret (each form-urlencoded first)."
	r := &http.Request{Header: x.Header}
	id, sec, ok := r.BasicAuth()
	if ok {
		id, _ = url.QueryUnescape(id)
		sec, _ = url.QueryUnescape(sec)
	}
	cl, known := c.clientByID(id)
	switch {
	case !ok:
		o.Problemf(subject, req, hint, "the token request carries no HTTP Basic Authorization header")
	case !known || cl.Secret != sec:
		o.Problemf(subject, req, hint, "the HTTP Basic credentials are not the client_id and client_secret the provider registered")
	}
	if form.Has("client_secret") {
		o.Problemf(subject, req, hint, "the form body carries client_secret: the secret belongs in the Authorization header only")
		return
	}
	for _, cl := range c.clients() {
		if cl.Secret != "" && strings.Contains(string(x.Body), cl.Secret) {
			o.Problemf(subject, req, hint, "the form body carries the client secret")
			return
		}
	}
}

// offeredScopes are the scopes of the provider's manifest (scopesOffered).
var offeredScopes = fixtures.ConnectScopes

// endpointScope is the scope each resource request needs (CONNECT-45).
func endpointScope(x fixtures.ConnectExchange) string {
	switch {
	case x.Path == fixtures.ConnectAssertions && x.Method == http.MethodGet:
		return fixtures.ScopeAssertionRead
	case x.Path == fixtures.ConnectAssertions && x.Method == http.MethodPost:
		return fixtures.ScopeAssertionCreate
	case x.Path == fixtures.ConnectProfile && x.Method == http.MethodGet:
		return fixtures.ScopeProfileRead
	case x.Path == fixtures.ConnectProfile && x.Method == http.MethodPost:
		return fixtures.ScopeProfileUpdate
	}
	return ""
}

// CONNECT-45: the scopes of Badge Connect, each the scope of its endpoints; CONNECT-28: a
// provider may limit scopes to Badge Connect ones. CONNECT-04: "send an access token with the
// right scope".
func checkScopes(o *suites.Outcome, c *connection, required bool) {
	auths := c.authorizations()
	if len(auths) == 0 {
		missing(o, c, required, "scopes asked", "no authorization request, so no scope was asked for")
		return
	}
	hint := "Ask only for the Badge Connect scopes the manifest's scopesOffered lists, and call each endpoint with a token granted its scope."
	for _, x := range append(c.exchanges(http.MethodPost, fixtures.ConnectRegisterPath), auths...) {
		var asked string
		if x.Path == fixtures.ConnectRegisterPath {
			var md map[string]any
			_ = json.Unmarshal(x.Body, &md)
			asked, _ = md["scope"].(string)
		} else {
			asked = x.Query.Get("scope")
		}
		subject := c.Name + ": scopes asked in " + describe(x)
		o.Check(subject)
		for _, s := range strings.Fields(asked) {
			if !slices.Contains(offeredScopes, s) {
				o.Problemf(subject, []string{"CONNECT-45"}, hint, "the consumer asks for the scope %q, which is not a Badge Connect scope the manifest offers", clip(s, 120))
			}
		}
	}
	calls := c.resources()
	if len(calls) == 0 {
		missing(o, c, required, "resource requests", "no request to the assertions or profile endpoints")
	}
	for _, x := range calls {
		subject := c.Name + ": token scope of " + describe(x)
		o.Check(subject)
		need := endpointScope(x)
		if need != "" && !slices.Contains(strings.Fields(x.Scope), need) {
			o.Problemf(subject, []string{"CONNECT-04"}, hint, "the request presents no access token granted %s, the scope of its endpoint", need)
		}
	}
}

// CONNECT-37: "Resource requests use Authorization: Bearer <token>."
func checkBearer(o *suites.Outcome, c *connection, required bool) {
	calls := c.resources()
	if len(calls) == 0 {
		missing(o, c, required, "resource requests", "no request to the assertions or profile endpoints")
		return
	}
	hint := "Send the access token in a Bearer Authorization header on every request to the Badge Connect API, never in the URL or the body."
	for _, x := range calls {
		subject := c.Name + ": " + describe(x)
		o.Check(subject)
		switch x.TokenVia {
		case "bearer":
		case "query", "form":
			o.Problemf(subject, []string{"CONNECT-37"}, hint, "the request sends its access token in the %s, not in a Bearer Authorization header", map[string]string{"query": "URL query", "form": "form body"}[x.TokenVia])
		default:
			o.Problemf(subject, []string{"CONNECT-37"}, hint, "the request carries no Bearer Authorization header with an access token the provider issued")
		}
	}
}
