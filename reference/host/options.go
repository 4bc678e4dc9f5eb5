package host

import (
	"net/http"
	"time"
)

// Option configures New.
type Option func(*config)

// config is what the options set: the host's inputs and the switches the faults flip.
type config struct {
	client *http.Client
	now    func() time.Time
	// rebake edits a baked export (the reference's byte surgery); exportForm rewrites a JSON
	// export into another JSON-LD form (the benign variant).
	rebake     func(img []byte) ([]byte, error)
	exportForm func(doc map[string]any) any

	dropProperty, dropExtension, changeValue, acceptTampered, acceptRevoked bool
	ignoreAccount, neverReverify, silentRefusal                             bool
	// refuseForm is an import form (png, svg, url, jws, json) the host cannot take in.
	refuseForm string
}

// WithClient sets the HTTP client the host fetches badges with (default: a 10-second timeout).
func WithClient(c *http.Client) Option { return func(cf *config) { cf.client = c } }

// WithClock sets the clock used for expiry.
func WithClock(now func() time.Time) Option { return func(cf *config) { cf.now = now } }

// WithRebake edits every baked PNG export with fn (a fault's byte surgery).
func WithRebake(fn func(img []byte) ([]byte, error)) Option {
	return func(cf *config) { cf.rebake = fn }
}

// WithExportForm exports every badge as JSON in the form fn rewrites it into: another JSON-LD
// form of the same graph must pass the round trip.
func WithExportForm(fn func(doc map[string]any) any) Option {
	return func(cf *config) { cf.exportForm = fn }
}
