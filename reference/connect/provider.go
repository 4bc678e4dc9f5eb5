package connect

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strings"
	"sync"
	"time"

	refdisplayer "github.com/obcert/obcert/reference/displayer"
)

// The paths of the provider besides the manifest and the API.
const (
	pathRegister  = "/o/register"
	pathAuthorize = "/o/authorize"
	pathLogin     = "/o/login"
	pathConsent   = "/o/consent"
	pathToken     = "/o/token"
	pathRevoke    = "/o/revoke"
	pathTerms     = "/terms"
	pathPrivacy   = "/privacy"
	pathLogo      = "/logo.png"
	pathProfiles  = "/profiles/"
)

// The Badge Connect scopes (CONNECT-45), and offline_access, which asks for a refresh token.
const (
	scopePrefix        = "https://purl.imsglobal.org/spec/ob/v2p1/scope/"
	ScopeAssertionRead = scopePrefix + "assertion.readonly"
	ScopeAssertionPost = scopePrefix + "assertion.create"
	ScopeProfileRead   = scopePrefix + "profile.readonly"
	ScopeProfileUpdate = scopePrefix + "profile.update"
	ScopeOffline       = "offline_access"
)

// Scopes are the scopes the provider offers in its manifest.
var Scopes = []string{ScopeAssertionRead, ScopeAssertionPost, ScopeProfileRead, ScopeProfileUpdate}

// Limits on what the provider reads from a request body.
const (
	maxJSONBody    = 64 << 10 // a registration, a profile update
	maxFormBody    = 16 << 10 // a login, a consent, a token or revocation request
	maxPayloadBody = 8 << 20  // an Assertion Payload
)

// Limits on what the provider keeps in memory: a client that registers or authorizes without end
// is refused, not stored.
const (
	maxClients = 10000
	maxPending = 10000
	maxBadges  = 10000
)

// Provider is the reference Badge Connect provider, an http.Handler. It is safe for concurrent use.
type Provider struct {
	c        config
	mux      *http.ServeMux
	verifier http.Handler

	mu       sync.Mutex
	clients  map[string]*client
	pending  map[string]*pending
	codes    map[string]*grant
	tokens   map[string]*token
	badges   []*badge
	seq      int
	profile  profileState
	logoOnce sync.Once
	logo     []byte

	issuedMu sync.Mutex
	issued   []string // every secret handed out (Secrets)
}

// New returns the provider.
func New(opts ...Option) *Provider {
	c := defaultConfig()
	for _, o := range opts {
		o(&c)
	}
	p := &Provider{c: c, clients: map[string]*client{}, pending: map[string]*pending{}, codes: map[string]*grant{},
		tokens: map[string]*token{}}
	vopts := []refdisplayer.Option{refdisplayer.WithClient(c.client), refdisplayer.WithClock(c.now)}
	p.verifier = refdisplayer.New(vopts...)
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+c.f.manifestPath, p.manifest)
	mux.HandleFunc("GET "+pathTerms, p.page("Terms of service", "The reference Badge Connect provider keeps the badges posted to its test account for the length of a conformance run."))
	mux.HandleFunc("GET "+pathPrivacy, p.page("Privacy policy", "The reference Badge Connect provider stores nothing about anyone but its test account, and only in memory."))
	mux.HandleFunc("GET "+pathLogo, p.serveLogo)
	mux.HandleFunc("GET "+pathProfiles+"conformance", p.page("Conformance Test Account", "The test account of the reference Badge Connect provider."))
	mux.HandleFunc("POST "+pathRegister, p.register)
	mux.HandleFunc(pathAuthorize, p.authorize)
	mux.HandleFunc("POST "+pathLogin, p.login)
	mux.HandleFunc("POST "+pathConsent, p.consent)
	mux.HandleFunc(pathToken, p.tokenEndpoint)
	mux.HandleFunc(pathRevoke, p.revoke)
	mux.HandleFunc(c.f.apiPath+"/", p.api)
	mux.HandleFunc(c.f.apiPath, p.api)
	p.mux = mux
	return p
}

// ManifestPath is the path the manifest is served at: ManifestPath, or another under a fault.
func (p *Provider) ManifestPath() string { return p.c.f.manifestPath }

// Account is the test account's identity.
func (p *Provider) Account() string { return p.c.account }

func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) { p.mux.ServeHTTP(w, r) }

// origin is the origin URLs are written under.
func (p *Provider) origin(r *http.Request) string {
	if p.c.base != "" {
		return p.c.base
	}
	scheme := "https"
	if r.TLS == nil {
		scheme = "http"
	}
	return scheme + "://" + r.Host
}

func (p *Provider) apiBase(r *http.Request) string { return p.origin(r) + p.c.f.apiPath }

// manifest answers the Badge Connect manifest (CONNECT-11..16), over TLS only.
func (p *Provider) manifest(w http.ResponseWriter, r *http.Request) {
	if r.TLS == nil {
		http.Error(w, "the Badge Connect manifest is served over TLS only", http.StatusMisdirectedRequest)
		return
	}
	o := p.origin(r)
	other := o
	if p.c.f.otherHost {
		other = strings.Replace(o, "127.0.0.1", "localhost", 1)
	}
	api := map[string]any{
		"name":               "obcert reference Badge Connect provider",
		"image":              o + pathLogo,
		"apiBase":            o + p.c.f.apiPath,
		"version":            "v2p1",
		"termsOfServiceUrl":  other + pathTerms,
		"privacyPolicyUrl":   other + pathPrivacy,
		"scopesOffered":      Scopes,
		"registrationUrl":    o + pathRegister,
		"authorizationUrl":   o + pathAuthorize,
		"tokenUrl":           o + pathToken,
		"tokenRevocationUrl": o + pathRevoke,
	}
	if p.c.f.manifestNoPrivacy {
		delete(api, "privacyPolicyUrl")
	}
	if p.c.f.wrongVersion {
		api["version"] = "2.1"
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"@context":        "https://purl.imsglobal.org/spec/ob/v2p1/ob_v2p1.jsonld",
		"id":              o + p.c.f.manifestPath,
		"badgeConnectAPI": []any{api},
	})
}

func (p *Provider) page(title, text string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = infoTmpl.Execute(w, map[string]string{"Title": title, "Text": text})
	}
}

// serveLogo serves a 512×512 PNG (the recommended size of the manifest's image).
func (p *Provider) serveLogo(w http.ResponseWriter, _ *http.Request) {
	p.logoOnce.Do(func() {
		img := image.NewPaletted(image.Rect(0, 0, 512, 512), color.Palette{color.RGBA{0x22, 0x77, 0xaa, 0xff}})
		var buf bytes.Buffer
		_ = png.Encode(&buf, img)
		p.logo = buf.Bytes()
	})
	w.Header().Set("Content-Type", "image/png")
	_, _ = w.Write(p.logo)
}

// writeJSON answers v as JSON with status code.
func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "the answer could not be encoded", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write(append(b, '\n'))
}

// secret is random(n), remembered as a secret the provider handed out (Secrets).
func (p *Provider) secret(n int) string {
	v := random(n)
	p.issuedMu.Lock()
	p.issued = append(p.issued, v)
	p.issuedMu.Unlock()
	return v
}

// Secrets returns every secret the provider handed out so far: client secrets, session
// cookies, authorization codes, access and refresh tokens. Tests look for them in what obcert
// wrote (none may appear).
func (p *Provider) Secrets() []string {
	p.issuedMu.Lock()
	defer p.issuedMu.Unlock()
	return append([]string(nil), p.issued...)
}

// random is n random bytes, base64url.
func random(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// now is the provider's clock.
func (p *Provider) now() time.Time { return p.c.now() }
