package connect_test

import (
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/obcert/obcert/fixtures"
	refconnect "github.com/obcert/obcert/reference/connect"
)

// TestManifestNamesEveryEndpointAndServesItsPages checks the manifest's fields and fetches the
// pages and image it links.
func TestManifestNamesEveryEndpointAndServesItsPages(t *testing.T) {
	e := newEnv(t)
	var m map[string]any
	resp := e.do(http.MethodGet, e.srv.URL+refconnect.ManifestPath, "", nil, &m)
	if resp.StatusCode != http.StatusOK || m["@context"] == nil || m["id"] != e.srv.URL+refconnect.ManifestPath {
		t.Fatalf("manifest: HTTP %d %v", resp.StatusCode, m)
	}
	if e.url("apiBase") != e.srv.URL+"/ims/ob/v2p1" || e.api["version"] != "v2p1" {
		t.Errorf("apiBase %s version %v", e.url("apiBase"), e.api["version"])
	}
	if got, _ := e.api["scopesOffered"].([]any); len(got) != 4 {
		t.Errorf("scopesOffered %v", got)
	}
	for _, f := range []string{"registrationUrl", "authorizationUrl", "tokenUrl", "tokenRevocationUrl"} {
		if !strings.HasPrefix(e.url(f), e.srv.URL+"/o/") {
			t.Errorf("%s is %q", f, e.url(f))
		}
	}
	for f, ctype := range map[string]string{"termsOfServiceUrl": "text/html", "privacyPolicyUrl": "text/html", "image": "image/png"} {
		resp := e.do(http.MethodGet, e.url(f), "", nil, nil)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), ctype) {
			t.Errorf("%s %s: HTTP %d %s", f, e.url(f), resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	plain := httptestPlain(t)
	if resp, err := http.Get(plain + refconnect.ManifestPath); err != nil || resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("the manifest over plain HTTP: %v %v, want 421", resp, err)
	}
}

// TestRegistrationEchoesAndRefuses registers a full client (201, every field echoed, no-store)
// and refuses incomplete, plain-HTTP, two-host and unsupported registrations with RFC 7591 errors.
func TestRegistrationEchoesAndRefuses(t *testing.T) {
	e := newEnv(t)
	meta := metadata()
	meta["contacts"] = []any{"ops@consumer.example.org"}
	resp, out := e.register(meta)
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Pragma") != "no-cache" {
		t.Fatalf("registration: HTTP %d, headers %v", resp.StatusCode, resp.Header)
	}
	for k, v := range meta {
		if !reflect.DeepEqual(out[k], v) {
			t.Errorf("%s: sent %v, answered %v", k, v, out[k])
		}
	}
	if out["client_id"] == "" || out["client_secret"] == "" || out["client_secret_expires_at"] != float64(0) || out["client_id_issued_at"] == nil {
		t.Errorf("the registration answer lacks its credentials: %v", out)
	}
	_, again := e.register(metadata())
	if again["client_id"] == out["client_id"] {
		t.Error("two registrations got the same client_id")
	}
	narrowed := metadata()
	narrowed["scope"] = refconnect.ScopeAssertionRead + " https://example.org/other-scope"
	if _, o := e.register(narrowed); o["scope"] != refconnect.ScopeAssertionRead {
		t.Errorf("an unknown scope was not narrowed away: %v", o["scope"])
	}
	for name, tc := range map[string]struct {
		edit func(m map[string]any)
		want string
	}{
		"no software_id":    {func(m map[string]any) { delete(m, "software_id") }, "invalid_client_metadata"},
		"no redirect_uris":  {func(m map[string]any) { delete(m, "redirect_uris") }, "invalid_redirect_uri"},
		"http redirect":     {func(m map[string]any) { m["redirect_uris"] = []any{"http://consumer.example.org/cb"} }, "invalid_redirect_uri"},
		"two hosts":         {func(m map[string]any) { m["logo_uri"] = "https://cdn.example.net/logo.png" }, "invalid_client_metadata"},
		"secret in body":    {func(m map[string]any) { m["token_endpoint_auth_method"] = "client_secret_post" }, "invalid_client_metadata"},
		"implicit grant":    {func(m map[string]any) { m["grant_types"] = []any{"implicit"} }, "invalid_client_metadata"},
		"token response":    {func(m map[string]any) { m["response_types"] = []any{"token"} }, "invalid_client_metadata"},
		"redirect not text": {func(m map[string]any) { m["redirect_uris"] = []any{7} }, "invalid_redirect_uri"},
	} {
		m := metadata()
		tc.edit(m)
		resp, out := e.register(m)
		if resp.StatusCode != http.StatusBadRequest || out["error"] != tc.want || out["client_id"] != nil {
			t.Errorf("%s: HTTP %d %v, want 400 %s", name, resp.StatusCode, out, tc.want)
		}
	}
	var o map[string]any
	if resp := e.do(http.MethodPost, e.url("registrationUrl"), "", "not an object", &o); resp.StatusCode != http.StatusBadRequest || o["error"] != "invalid_client_metadata" {
		t.Errorf("a non-object registration: HTTP %d %v", resp.StatusCode, o)
	}
}

// TestAuthorizationCodeWithPKCE runs the whole grant through the login and consent pages, then
// refuses the token requests that must be refused, each with an RFC 6749 error.
func TestAuthorizationCodeWithPKCE(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	verifier := oauth2.GenerateVerifier()
	u, err := c.authorize(verifier, "xyz-state", refconnect.Scopes)
	if err != nil {
		t.Fatal(err)
	}
	if u.Host != "consumer.example.org" || u.Path != "/cb" || u.Query().Get("state") != "xyz-state" || u.Query().Get("code") == "" {
		t.Fatalf("the redirect after consent is %s", u.Redacted())
	}
	code := u.Query().Get("code")
	form := func(code, verifier, redirect string) url.Values {
		v := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect}}
		if verifier != "" {
			v.Set("code_verifier", verifier)
		}
		return v
	}
	if st, out := c.exchange(form(code, oauth2.GenerateVerifier(), c.cfg.RedirectURL)); st != http.StatusBadRequest || out["error"] != "invalid_grant" {
		t.Errorf("a wrong verifier: HTTP %d %v", st, out)
	}
	if st, out := c.exchange(form(code, "", c.cfg.RedirectURL)); st != http.StatusBadRequest || out["error"] != "invalid_request" {
		t.Errorf("no verifier: HTTP %d %v", st, out)
	}
	if st, out := c.exchange(form(code, verifier, "https://consumer.example.org/cb2")); st != http.StatusBadRequest || out["error"] != "invalid_grant" {
		t.Errorf("another redirect_uri: HTTP %d %v", st, out)
	}
	tok, err := c.cfg.Exchange(c.ctx(), code, oauth2.VerifierOption(verifier))
	if err != nil || tok.AccessToken == "" || tok.TokenType != "Bearer" || tok.RefreshToken == "" || tok.Expiry.IsZero() {
		t.Fatalf("the exchange: %v %+v", err, tok)
	}
	if st, out := c.exchange(form(code, verifier, c.cfg.RedirectURL)); st != http.StatusBadRequest || out["error"] != "invalid_grant" {
		t.Errorf("the code again: HTTP %d %v", st, out)
	}
	if st, out := c.exchange(url.Values{"grant_type": {"password"}}); st != http.StatusBadRequest || out["error"] != "unsupported_grant_type" {
		t.Errorf("grant_type password: HTTP %d %v", st, out)
	}
	stranger := *c
	cfg := *c.cfg
	cfg.ClientSecret = "wrong"
	stranger.cfg = &cfg
	if st, out := stranger.exchange(form(code, verifier, c.cfg.RedirectURL)); st != http.StatusUnauthorized || out["error"] != "invalid_client" {
		t.Errorf("a wrong client secret: HTTP %d %v", st, out)
	}
	if got := e.call(http.MethodGet, "/profile", tok.AccessToken, nil); got.code != http.StatusOK || got.text() != "OK" {
		t.Errorf("GET /profile with the token: HTTP %d %s", got.code, got.raw)
	}
	// The refresh token renews the access token.
	renewed, err := c.cfg.TokenSource(c.ctx(), &oauth2.Token{RefreshToken: tok.RefreshToken, Expiry: time.Now().Add(-time.Hour)}).Token()
	if err != nil || renewed.AccessToken == tok.AccessToken {
		t.Fatalf("refreshing: %v", err)
	}
	if got := e.call(http.MethodGet, "/profile", renewed.AccessToken, nil); got.code != http.StatusOK {
		t.Errorf("GET /profile with the renewed token: HTTP %d", got.code)
	}
	// Revoking the access token makes it 401; revoking the refresh token ends the grant.
	revoke := func(token, hint string) int {
		req, _ := http.NewRequest(http.MethodPost, e.url("tokenRevocationUrl"), strings.NewReader(url.Values{"token": {token}, "token_type_hint": {hint}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(c.cfg.ClientID, c.cfg.ClientSecret)
		resp, err := e.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := revoke(tok.AccessToken, "access_token"); st != http.StatusOK {
		t.Errorf("revoking: HTTP %d", st)
	}
	if got := e.call(http.MethodGet, "/profile", tok.AccessToken, nil); got.code != http.StatusUnauthorized || got.text() != "UNAUTHENTICATED" {
		t.Errorf("a revoked token: HTTP %d %s", got.code, got.raw)
	}
	if st := revoke(tok.RefreshToken, "refresh_token"); st != http.StatusOK {
		t.Errorf("revoking the refresh token: HTTP %d", st)
	}
	if got := e.call(http.MethodGet, "/profile", renewed.AccessToken, nil); got.code != http.StatusUnauthorized {
		t.Errorf("an access token of a revoked grant: HTTP %d", got.code)
	}
	if st := revoke("never-issued", ""); st != http.StatusOK {
		t.Errorf("revoking an unknown token: HTTP %d, want 200 (RFC 7009)", st)
	}
}

// TestAuthorizeRefusesBadRequests never redirects to an unregistered URI, and redirects the
// other bad requests back with an error and the state.
func TestAuthorizeRefusesBadRequests(t *testing.T) {
	e := newEnv(t)
	c := e.newClient()
	base := url.Values{"response_type": {"code"}, "client_id": {c.cfg.ClientID}, "redirect_uri": {c.cfg.RedirectURL},
		"scope": {refconnect.ScopeAssertionRead}, "state": {"s1"}, "code_challenge_method": {"S256"},
		"code_challenge": {oauth2.S256ChallengeFromVerifier(oauth2.GenerateVerifier())}}
	get := func(edit func(v url.Values)) *http.Response {
		v := url.Values{}
		for k, vs := range base {
			v[k] = slices.Clone(vs)
		}
		edit(v)
		return e.do(http.MethodGet, e.url("authorizationUrl")+"?"+v.Encode(), "", nil, nil)
	}
	for name, edit := range map[string]func(url.Values){
		"unknown redirect_uri": func(v url.Values) { v.Set("redirect_uri", "https://attacker.example.net/cb") },
		"no redirect_uri":      func(v url.Values) { v.Del("redirect_uri") },
		"unknown client":       func(v url.Values) { v.Set("client_id", "nobody") },
	} {
		if resp := get(edit); resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
			t.Errorf("%s: HTTP %d Location %q, want an error page", name, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	for name, tc := range map[string]struct {
		edit func(url.Values)
		want string
	}{
		"plain PKCE":     {func(v url.Values) { v.Set("code_challenge_method", "plain") }, "invalid_request"},
		"no challenge":   {func(v url.Values) { v.Del("code_challenge") }, "invalid_request"},
		"token response": {func(v url.Values) { v.Set("response_type", "token") }, "unsupported_response_type"},
		"unknown scope":  {func(v url.Values) { v.Set("scope", "https://example.org/admin") }, "invalid_scope"},
	} {
		resp := get(tc.edit)
		loc, _ := url.Parse(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusFound || loc.Query().Get("error") != tc.want || loc.Query().Get("state") != "s1" {
			t.Errorf("%s: HTTP %d Location %q, want a redirect with error=%s", name, resp.StatusCode, resp.Header.Get("Location"), tc.want)
		}
	}
	// A wrong password shows the login page again; a consent without the session cookie is refused.
	resp := get(func(url.Values) {})
	page := string(readAll(resp))
	m := requestRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no login form: %s", page)
	}
	resp = e.do(http.MethodPost, e.srv.URL+"/o/login", "", url.Values{"request": {m[1]}, "username": {refconnect.DefaultAccount}, "password": {"wrong"}}, nil)
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(readAll(resp)), `name="password"`) {
		t.Errorf("a wrong password: HTTP %d", resp.StatusCode)
	}
	resp = e.do(http.MethodPost, e.srv.URL+"/o/consent", "", url.Values{"request": {m[1]}, "approve": {"approve"}}, nil)
	if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
		t.Errorf("a consent without a login: HTTP %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestAssertionsArePostedVerifiedAndPaged posts valid badges (hosted and signed, and again),
// refuses invalid ones, and pages through what was kept.
func TestAssertionsArePostedVerifiedAndPaged(t *testing.T) {
	e := newEnv(t)
	tok := e.newClient().token().AccessToken
	valid := []map[string]any{
		{"assertion": hosted(t, fixtures.ValidHosted)},
		{"signedAssertion": signed(t, fixtures.ValidSigned), "assertion": map[string]any{"ignored": true}},
		{"assertion": hosted(t, fixtures.Endorsed), "signedAssertion": nil},
		{"assertion": hosted(t, fixtures.Extended)},
		{"assertion": hosted(t, fixtures.HostedClass)},
	}
	for i, p := range valid {
		if got := e.post(tok, p); got.code != http.StatusOK || got.text() != "OK" || len(got.body) != 1 {
			t.Fatalf("posting valid badge %d: HTTP %d %s", i, got.code, got.raw)
		}
	}
	if got := e.post(tok, valid[0]); got.code != http.StatusOK {
		t.Errorf("posting a badge again (upsert): HTTP %d %s", got.code, got.raw)
	}
	for name, tc := range map[string]struct {
		payload map[string]any
		want    string
	}{
		"tampered":          {map[string]any{"signedAssertion": signed(t, fixtures.Tampered)}, "INVALID_BADGE"},
		"revoked signed":    {map[string]any{"signedAssertion": signed(t, fixtures.RevokedSigned)}, "INVALID_BADGE"},
		"revoked hosted":    {map[string]any{"assertion": hosted(t, fixtures.RevokedHosted)}, "INVALID_BADGE"},
		"expired":           {map[string]any{"assertion": hosted(t, fixtures.ExpiredHosted)}, "INVALID_BADGE"},
		"out of scope":      {map[string]any{"assertion": hosted(t, fixtures.OutOfScope)}, "INVALID_BADGE"},
		"nothing":           {map[string]any{"assertion": nil}, "REQUEST_VALIDATION_ERROR"},
		"not a JWS":         {map[string]any{"signedAssertion": "abc"}, "REQUEST_VALIDATION_ERROR"},
		"assertion text":    {map[string]any{"assertion": "x"}, "REQUEST_VALIDATION_ERROR"},
		"unhosted unsigned": {map[string]any{"assertion": map[string]any{"id": "urn:uuid:1", "type": "Assertion"}}, "INVALID_BADGE"},
	} {
		if got := e.post(tok, tc.payload); got.code != http.StatusBadRequest || got.text() != tc.want || got.statusCode() != float64(400) {
			t.Errorf("%s: HTTP %d %s, want 400 %s", name, got.code, got.raw, tc.want)
		}
	}
	// Newest update first: the badge posted again leads; each id once.
	var ids []string
	next := e.url("apiBase") + "/assertions?limit=2"
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatal("the next links never end")
		}
		var out map[string]any
		resp := e.do(http.MethodGet, next, tok, nil, &out)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Total-Count") != "5" {
			t.Fatalf("GET %s: HTTP %d total %q", next, resp.StatusCode, resp.Header.Get("X-Total-Count"))
		}
		links := parseLinks(resp.Header.Get("Link"))
		if links["first"] == "" || links["last"] == "" || (pages > 0) != (links["prev"] != "") {
			t.Errorf("page %d: Link %q", pages, resp.Header.Get("Link"))
		}
		items := 0
		for _, a := range anyList(out["assertions"]) {
			d, _ := a.(map[string]any)
			ids = append(ids, d["id"].(string))
			items++
		}
		for _, s := range anyList(out["signedAssertions"]) {
			jws, _ := s.(string)
			if jws != signed(t, fixtures.ValidSigned) {
				t.Errorf("a signed Assertion came back changed: %.40s", jws)
			}
			ids = append(ids, "signed")
			items++
		}
		if items > 2 || items == 0 {
			t.Errorf("page %d has %d items, limit 2", pages, items)
		}
		next = links["next"]
	}
	hostedURL := func(id string) string { f, _ := iss.Fixture(id); return f.Badge.URL }
	want := []string{hostedURL(fixtures.ValidHosted), hostedURL(fixtures.HostedClass), hostedURL(fixtures.Extended), hostedURL(fixtures.Endorsed), "signed"}
	if !slices.Equal(ids, want) {
		t.Errorf("walked %v, want %v", ids, want)
	}
	if got := e.call(http.MethodGet, "/assertions?limit=9223372036854775807&offset=1073741824", tok, nil); got.code != http.StatusOK ||
		got.header.Get("X-Total-Count") != "5" || got.body["assertions"] != nil || !strings.Contains(got.header.Get("Link"), "limit=10000") {
		t.Errorf("the largest limit and offset: HTTP %d %s, Link %s", got.code, got.raw, got.header.Get("Link"))
	}
	for _, q := range []string{"limit=0", "limit=x", "offset=-1", "offset=1073741825", "limit=99999999999999999999", "since=yesterday"} {
		if got := e.call(http.MethodGet, "/assertions?"+q, tok, nil); got.code != http.StatusBadRequest || got.text() != "REQUEST_VALIDATION_ERROR" {
			t.Errorf("GET /assertions?%s: HTTP %d %s", q, got.code, got.raw)
		}
	}
}

// TestSinceAndRecipient keeps only the badges updated after since, and refuses a badge issued
// to someone else than the account.
func TestSinceAndRecipient(t *testing.T) {
	e := newEnv(t)
	tok := e.newClient().token().AccessToken
	if got := e.post(tok, map[string]any{"assertion": hosted(t, fixtures.ValidHosted)}); got.code != http.StatusOK {
		t.Fatalf("posting: HTTP %d %s", got.code, got.raw)
	}
	e.clock.add(time.Minute)
	since := e.clock.now().Add(-time.Second).Format(time.RFC3339)
	if got := e.post(tok, map[string]any{"signedAssertion": signed(t, fixtures.ValidSigned)}); got.code != http.StatusOK {
		t.Fatalf("posting: HTTP %d %s", got.code, got.raw)
	}
	got := e.call(http.MethodGet, "/assertions?since="+url.QueryEscape(since), tok, nil)
	if got.code != http.StatusOK || got.body["assertions"] != nil || len(anyList(got.body["signedAssertions"])) != 1 || got.header.Get("X-Total-Count") != "1" {
		t.Errorf("since %s: %s", since, got.raw)
	}
	other := newEnv(t, refconnect.WithAccount("someone.else@example.org"))
	tok = other.newClientAs("someone.else@example.org").token().AccessToken
	if got := other.post(tok, map[string]any{"assertion": hosted(t, fixtures.ValidHosted)}); got.code != http.StatusBadRequest || got.text() != "RECIPIENT_PROFILE_MISMATCH" {
		t.Errorf("a badge of another recipient: HTTP %d %s", got.code, got.raw)
	}
}

// TestStatusEnvelopeOnEveryAnswer checks the envelope and statusText of the API's errors: no
// token, a garbage token, a token without the scope, an unknown path, a wrong method.
func TestStatusEnvelopeOnEveryAnswer(t *testing.T) {
	e := newEnv(t)
	read := e.newClient().token(refconnect.ScopeAssertionRead).AccessToken
	for _, tc := range []struct {
		method, path, token string
		code                int
		text                string
	}{
		{"GET", "/assertions", "", 401, "UNAUTHENTICATED"},
		{"POST", "/assertions", "", 401, "UNAUTHENTICATED"},
		{"GET", "/profile", "garbage", 401, "UNAUTHENTICATED"},
		{"POST", "/profile", "garbage", 401, "UNAUTHENTICATED"},
		{"GET", "/assertions", read, 200, "OK"},
		{"POST", "/assertions", read, 401, "PERMISSION_DENIED"},
		{"GET", "/profile", read, 401, "PERMISSION_DENIED"},
		{"POST", "/profile", read, 401, "PERMISSION_DENIED"},
		{"GET", "/nope", read, 404, "NOT_FOUND"},
		{"GET", "", "", 404, "NOT_FOUND"},
		{"DELETE", "/assertions", read, 405, "METHOD_NOT_ALLOWED"},
		{"PUT", "/profile", "", 405, "METHOD_NOT_ALLOWED"},
	} {
		got := e.call(tc.method, tc.path, tc.token, nil)
		st, _ := got.body["status"].(map[string]any)
		_, hasError := st["error"]
		if got.code != tc.code || got.text() != tc.text || got.statusCode() != float64(tc.code) || !hasError {
			t.Errorf("%s %s: HTTP %d %s, want %d %s", tc.method, tc.path, got.code, got.raw, tc.code, tc.text)
		}
	}
}

// TestProfile reads the account's profile and updates it.
func TestProfile(t *testing.T) {
	e := newEnv(t)
	tok := e.newClient().token().AccessToken
	got := e.call(http.MethodGet, "/profile", tok, nil)
	p, _ := got.body["profile"].(map[string]any)
	if got.code != http.StatusOK || len(got.body) != 2 || p["type"] != "Profile" || p["email"] != refconnect.DefaultAccount ||
		p["@context"] != "https://w3id.org/openbadges/v2" || !strings.HasPrefix(p["id"].(string), "https://") || p["url"] != p["id"] || len(p) != 6 {
		t.Errorf("GET /profile: %s", got.raw)
	}
	if resp := e.do(http.MethodGet, p["url"].(string), "", nil, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the profile's url %s: HTTP %d", p["url"], resp.StatusCode)
	}
	got = e.call(http.MethodPost, "/profile", tok, map[string]any{"telephone": "+15555550100", "url": "https://example.org/me"})
	p, _ = got.body["profile"].(map[string]any)
	if got.code != http.StatusOK || got.text() != "OK" || p["telephone"] != "+15555550100" || p["url"] != "https://example.org/me" {
		t.Errorf("POST /profile: %s", got.raw)
	}
	for body, want := range map[string]string{`{"telephone": "555"}`: "BAD_REQUEST", `{"url": "ftp://x"}`: "BAD_REQUEST", `[1]`: "REQUEST_VALIDATION_ERROR"} {
		var v any
		_ = jsonUnmarshal(body, &v)
		if got := e.call(http.MethodPost, "/profile", tok, v); got.code != http.StatusBadRequest || got.text() != want {
			t.Errorf("POST /profile %s: HTTP %d %s", body, got.code, got.raw)
		}
	}
}

func parseLinks(h string) map[string]string {
	out := map[string]string{}
	for _, part := range strings.Split(h, ",") {
		segs := strings.Split(part, ";")
		if len(segs) < 2 {
			continue
		}
		u := strings.Trim(strings.TrimSpace(segs[0]), "<>")
		for _, s := range segs[1:] {
			if rel, ok := strings.CutPrefix(strings.TrimSpace(s), "rel="); ok {
				out[strings.Trim(rel, `"`)] = u
			}
		}
	}
	return out
}

func anyList(v any) []any { l, _ := v.([]any); return l }

var _ = strconv.Itoa
