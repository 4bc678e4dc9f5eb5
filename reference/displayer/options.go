package displayer

import (
	"net/http"
	"time"
)

// Option configures New.
type Option func(*config)

// config is what the options set: the displayer's inputs and the switches the faults flip.
type config struct {
	client *http.Client
	now    func() time.Time

	revokedAsValid, ignoreExpiry, embeddedClass, skipSignature bool
	wrongIssuer, noImage, wrongName, noDescription, wrongDate  bool
	neverReverify, staleLastVerified, allInvalid, literalTerms bool
}

// WithClient sets the HTTP client the displayer fetches badges with (default: a client with a
// 10-second timeout); give it the fixtures issuer's CA to reach it over HTTPS.
func WithClient(c *http.Client) Option { return func(cf *config) { cf.client = c } }

// WithClock sets the clock used for expiry and for the last-verified time.
func WithClock(now func() time.Time) Option { return func(cf *config) { cf.now = now } }

// WithFault breaks the displayer with f.
func WithFault(f Fault) Option { return f.Option }
