package connect

import (
	"net/http"
	"strings"
	"time"
)

// DefaultAccount is the recipient identity of the test account (the fixtures' recipient).
const DefaultAccount = "conformance@imsglobal.org"

// DefaultAPIPath is where the REST API is served: apiBase is the origin and this path.
const DefaultAPIPath = "/ims/ob/v2p1"

// ManifestPath is the well-known path of the manifest (CONNECT-11).
const ManifestPath = "/.well-known/badgeconnect.json"

// Option configures New.
type Option func(*config)

// config is what the options set: the provider's inputs and the switches the faults flip.
type config struct {
	now      func() time.Time
	client   *http.Client
	account  string
	password string
	base     string // the origin URLs are written under; empty: the request's own
	codeTTL  time.Duration
	tokenTTL time.Duration
	f        switches
}

// switches are the provider's faults: each one breaks one observable behaviour.
type switches struct {
	apiPath                                                           string // the REST API under another path
	manifestPath                                                      string // served at another path
	manifestNoPrivacy, wrongVersion, otherHost                        bool
	regNoEcho, regCacheable, regAcceptsMissing, regAcceptsHTTP        bool
	regSameClientID                                                   bool
	stateNotEchoed, redirectUnknown                                   bool
	tokenNoType, noPKCE, wrongVerifierAccepted, codeReusable          bool
	redirectMismatchAccepted, tokenErrorShape, noRefresh              bool
	forbiddenNoToken, noScopeCheck, writeIgnoresScope                 bool
	wrongStatusText, statusCodeMismatch, plainErrors, no405           bool
	refusesUpsert, dropsOnUpsert, acceptsInvalid                      bool
	extensionField, internalMember, signedAsObjects, typeAsArray      bool
	noLinkOnPartial, nextOnLast, ignoresLimit, wrongTotal, duplicates bool
	ignoresSince, profileLeaks, profileUpdateFails, revocationIgnored bool
}

func defaultConfig() config {
	return config{now: time.Now, client: &http.Client{Timeout: 10 * time.Second}, account: DefaultAccount,
		codeTTL: 5 * time.Minute, tokenTTL: time.Hour,
		f: switches{manifestPath: ManifestPath, apiPath: DefaultAPIPath}}
}

// WithClock sets the clock of codes, tokens, expiry and the update times of stored badges.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithClient sets the HTTP client posted badges are verified with (default: a 10-second timeout).
func WithClient(cl *http.Client) Option {
	return func(c *config) {
		if cl != nil {
			c.client = cl
		}
	}
}

// WithAccount sets the test account's identity: its login name, and the recipient the badges
// posted to it must be issued to (default DefaultAccount).
func WithAccount(email string) Option {
	return func(c *config) {
		if email != "" {
			c.account = email
		}
	}
}

// WithPassword sets the test account's password. Without it no login succeeds.
func WithPassword(pw string) Option { return func(c *config) { c.password = pw } }

// WithBaseURL sets the origin (https://host:port) the manifest, Link headers and profile id are
// written under. Without it each answer uses its request's own origin.
func WithBaseURL(u string) Option { return func(c *config) { c.base = strings.TrimSuffix(u, "/") } }

// WithTTL sets how long an authorization code and an access token live (defaults 5 minutes and
// one hour).
func WithTTL(code, token time.Duration) Option {
	return func(c *config) {
		if code > 0 {
			c.codeTTL = code
		}
		if token > 0 {
			c.tokenTTL = token
		}
	}
}
