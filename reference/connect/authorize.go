package connect

import (
	"crypto/subtle"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// pending is an authorization request waiting for the resource owner's login and consent.
type pending struct {
	clientID, redirect, state, challenge string
	scopes                               []string
	session                              string // the session cookie of the login, once logged in
	expires                              time.Time
}

// grant is an authorization code, bound to its client, redirect URI, scopes and PKCE challenge.
type grant struct {
	clientID, redirect, challenge string
	scopes                        []string
	expires                       time.Time
	used                          bool
}

const sessionCookie = "obcert_connect_session"

// challengeRE is a code_challenge: BASE64URL(SHA256(verifier)), 43 characters (RFC 7636 §4.2).
var challengeRE = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// authorize starts the authorization code grant (CONNECT-31..33): it checks the request and
// shows the login page.
//
// CONNECT-31: "Required authorize parameters: response_type=code; client_id (the one
// registered); redirect_uri (required by this spec and MUST match a registered redirect_uris
// value); scope (space-delimited); state; code_challenge [...]; and code_challenge_method=S256."
// CONNECT-32: "If the redirect_uri is unknown, the Provider returns an error saying registration
// is needed."
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		errorPage(w, http.StatusMethodNotAllowed, "The authorization endpoint takes GET (or POST).")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		errorPage(w, http.StatusBadRequest, "The authorization request could not be read.")
		return
	}
	q := r.Form
	p.mu.Lock()
	c := p.clients[q.Get("client_id")]
	p.mu.Unlock()
	if c == nil {
		errorPage(w, http.StatusBadRequest, "This client_id is not registered here: register the client first (RFC 7591, "+pathRegister+").")
		return
	}
	redirect := q.Get("redirect_uri")
	if !slices.Contains(c.redirectURIs, redirect) {
		if p.c.f.redirectUnknown && redirect != "" {
			back(w, r, redirect, url.Values{"error": {"invalid_request"}, "state": {q.Get("state")}})
			return
		}
		errorPage(w, http.StatusBadRequest, "This redirect_uri is not one the client registered: register it first (RFC 7591, "+pathRegister+"). Nothing was redirected.")
		return
	}
	fail := func(code, desc string) {
		back(w, r, redirect, url.Values{"error": {code}, "error_description": {desc}, "state": {q.Get("state")}})
	}
	if q.Get("response_type") != "code" {
		fail("unsupported_response_type", "response_type must be code")
		return
	}
	if q.Get("code_challenge_method") != "S256" || !challengeRE.MatchString(q.Get("code_challenge")) {
		fail("invalid_request", "PKCE is required: code_challenge_method=S256 and a code_challenge")
		return
	}
	if q.Get("state") == "" {
		fail("invalid_request", "state is required")
		return
	}
	scopes := strings.Fields(q.Get("scope"))
	if len(scopes) == 0 {
		fail("invalid_scope", "scope is required")
		return
	}
	for _, s := range scopes {
		if !slices.Contains(c.scopes, s) {
			fail("invalid_scope", "the scope "+s+" was not registered by this client")
			return
		}
	}
	id := random(24)
	p.mu.Lock()
	p.expirePending()
	if len(p.pending) >= maxPending {
		p.mu.Unlock()
		errorPage(w, http.StatusServiceUnavailable, "Too many authorizations are waiting for a login: try again later.")
		return
	}
	p.pending[id] = &pending{clientID: c.id, redirect: redirect, state: q.Get("state"), challenge: q.Get("code_challenge"),
		scopes: scopes, expires: p.now().Add(10 * time.Minute)}
	p.mu.Unlock()
	showPage(w, http.StatusOK, loginTmpl, pageData{Request: id, Client: clientName(c), Account: p.c.account})
}

// expirePending forgets authorization requests nobody finished. p.mu is held.
func (p *Provider) expirePending() {
	now := p.now()
	for id, pd := range p.pending {
		if now.After(pd.expires) {
			delete(p.pending, id)
		}
	}
	for code, g := range p.codes {
		if now.After(g.expires.Add(time.Hour)) {
			delete(p.codes, code)
		}
	}
}

// login checks the test account's password and shows the consent page.
func (p *Provider) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		errorPage(w, http.StatusBadRequest, "The login form could not be read.")
		return
	}
	id := r.PostForm.Get("request")
	p.mu.Lock()
	pd := p.pending[id]
	var c *client
	if pd != nil {
		c = p.clients[pd.clientID]
	}
	p.mu.Unlock()
	if pd == nil || c == nil || p.now().After(pd.expires) {
		errorPage(w, http.StatusBadRequest, "This authorization request is unknown or has expired: start again from the client.")
		return
	}
	user, pw := r.PostForm.Get("username"), r.PostForm.Get("password")
	if p.c.password == "" || !strings.EqualFold(user, p.c.account) || subtle.ConstantTimeCompare([]byte(pw), []byte(p.c.password)) != 1 {
		showPage(w, http.StatusUnauthorized, loginTmpl, pageData{Request: id, Client: clientName(c), Account: p.c.account,
			Error: "The user name or password is wrong."})
		return
	}
	session := p.secret(24)
	p.mu.Lock()
	pd.session = session
	p.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: session, Path: "/o/", HttpOnly: true, Secure: true,
		SameSite: http.SameSiteLaxMode, MaxAge: 600})
	showPage(w, http.StatusOK, consentTmpl, pageData{Request: id, Client: clientName(c), Account: p.c.account, Scopes: pd.scopes})
}

// consent ends the authorization: approved, a redirect with a code; denied, with access_denied.
func (p *Provider) consent(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		errorPage(w, http.StatusBadRequest, "The consent form could not be read.")
		return
	}
	id := r.PostForm.Get("request")
	cookie, _ := r.Cookie(sessionCookie)
	p.mu.Lock()
	pd := p.pending[id]
	ok := pd != nil && pd.session != "" && cookie != nil && subtle.ConstantTimeCompare([]byte(cookie.Value), []byte(pd.session)) == 1 &&
		!p.now().After(pd.expires)
	if ok {
		delete(p.pending, id)
	}
	p.mu.Unlock()
	if !ok {
		errorPage(w, http.StatusBadRequest, "This consent belongs to no logged-in authorization request (the session cookie is missing or stale): start again from the client.")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/o/", HttpOnly: true, Secure: true, MaxAge: -1})
	state := url.Values{"state": {pd.state}}
	if p.c.f.stateNotEchoed {
		state = url.Values{}
	}
	if r.PostForm.Get("approve") == "" || r.PostForm.Get("deny") != "" {
		state.Set("error", "access_denied")
		back(w, r, pd.redirect, state)
		return
	}
	code := p.secret(24)
	p.mu.Lock()
	p.codes[code] = &grant{clientID: pd.clientID, redirect: pd.redirect, challenge: pd.challenge, scopes: pd.scopes,
		expires: p.now().Add(p.c.codeTTL)}
	p.mu.Unlock()
	state.Set("code", code)
	back(w, r, pd.redirect, state)
}

// back redirects the user agent to the client's redirect URI with the query values v added.
func back(w http.ResponseWriter, r *http.Request, redirect string, v url.Values) {
	u, err := url.Parse(redirect)
	if err != nil {
		errorPage(w, http.StatusBadRequest, "The redirect_uri is not a URL.")
		return
	}
	q := u.Query()
	for k, vs := range v {
		if len(vs) > 0 && vs[0] != "" {
			q.Set(k, vs[0])
		}
	}
	u.RawQuery = q.Encode()
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, u.String(), http.StatusFound)
}

func clientName(c *client) string {
	if n, _ := c.meta["client_name"].(string); n != "" {
		return n
	}
	return c.id
}

type pageData struct {
	Request, Client, Account, Error string
	Scopes                          []string
}

func showPage(w http.ResponseWriter, code int, t *template.Template, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Frame-Options", "DENY")
	w.WriteHeader(code)
	_ = t.Execute(w, d)
}

func errorPage(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_ = infoTmpl.Execute(w, map[string]string{"Title": "Authorization error", "Text": msg})
}

var infoTmpl = template.Must(template.New("info").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Title}}</title></head><body>
<h1>{{.Title}}</h1><p id="message">{{.Text}}</p></body></html>
`))

var loginTmpl = template.Must(template.New("login").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Sign in</title></head><body>
<h1>Sign in to the reference backpack</h1>
<p>{{.Client}} asks to connect to your backpack.</p>
{{if .Error}}<p id="error">{{.Error}}</p>{{end}}
<form id="login" name="login" method="post" action="/o/login">
<input type="hidden" name="request" value="{{.Request}}">
<p><label>User name <input name="username" type="email" autocomplete="username" value="{{.Account}}"></label></p>
<p><label>Password <input name="password" type="password" autocomplete="current-password"></label></p>
<p><button type="submit" name="login" value="login">Sign in</button></p>
</form>
<p><a href="/terms">Terms of service</a> · <a href="/privacy">Privacy policy</a></p>
</body></html>
`))

var consentTmpl = template.Must(template.New("consent").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Allow access</title></head><body>
<h1>Allow {{.Client}} to use your backpack?</h1>
<p>Signed in as {{.Account}}. {{.Client}} asks for:</p>
<ul id="scopes">{{range .Scopes}}<li>{{.}}</li>{{end}}</ul>
<form id="consent" name="consent" method="post" action="/o/consent">
<input type="hidden" name="request" value="{{.Request}}">
<p><button type="submit" name="approve" value="approve">Allow</button>
<button type="submit" name="deny" value="deny">Deny</button></p>
</form>
<p><a href="/terms">Terms of service</a> · <a href="/privacy">Privacy policy</a></p>
</body></html>
`))
