package connectconsumer

import "time"

// Option configures New.
type Option func(*config)

// config is what the options set: the consumer's own origin and the switches the faults flip.
type config struct {
	// origin is the consumer's own origin: its registration URLs (client_uri, redirect_uris,
	// ...) are written under it, with the https scheme.
	origin  string
	timeout time.Duration

	noPKCE, plainPKCE, secretInBody, skipManifest, dropField, httpRedirect bool
	extension, queryToken, unoffered, chokeOnNull, dropRead, firstPage     bool
}

// WithOrigin names the consumer's own origin (scheme://host:port); its registration URLs are
// written under the same host with https.
func WithOrigin(origin string) Option { return func(c *config) { c.origin = origin } }

// WithTimeout bounds one HTTP exchange with the provider (default 10 seconds).
func WithTimeout(d time.Duration) Option { return func(c *config) { c.timeout = d } }
