package reference

import (
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"io"
	"time"
)

// DefaultRecipient is the identity the conformance badges are issued to (ISSUER-02).
const DefaultRecipient = "conformance@imsglobal.org"

// wrongRecipient is who the wrong-recipient fault issues every badge to.
const wrongRecipient = "someone-else@example.org"

// config is what the options set: the reference's inputs and the switches the faults flip.
type config struct {
	now       func() time.Time
	recipient string
	addr      string
	random    io.Reader
	keys      [2]*rsa.PrivateKey
	faults    []string
	errs      []error

	hostedOtherOrigin     bool
	signWithSecondKey     bool
	corruptSignature      bool
	png                   pngBaking
	svgDuplicate          bool
	svgNoNamespace        bool
	revokedHosted200      bool
	revocationListEmpty   bool
	issueToWrongRecipient bool
	assertionTextPlain    bool
	badgeClassNotFound    bool
	expired               bool
	badgeClassNoName      bool
	issuedOnNoTimezone    bool
	badgeImageJPEG        bool
	endorsementNoClaim    bool
	ignoreAcceptJSON      bool
	signedHTTPID          bool
	keyOwnedByEndorser    bool
	plaintextRecipient    bool
	timestampsNotUTC      bool
	omitSigned            bool
	badgeByAlias          bool
}

// pngBaking says how the hosted Assertion is baked into /badges/hosted.png.
type pngBaking int

const (
	pngBaked pngBaking = iota
	pngNotBaked
	pngCompressed
	pngDuplicate
)

func defaultConfig() *config {
	return &config{
		now:       time.Now,
		recipient: DefaultRecipient,
		addr:      "127.0.0.1:0",
		random:    rand.Reader,
	}
}

// Option configures the reference candidate.
type Option func(*config)

// WithFault breaks the reference in the way f names. It may be given more than once.
// A Fault that does not come from Faults or LookupFault is looked up by its Name; Start fails
// when no fault has that name.
func WithFault(f Fault) Option {
	return func(c *config) {
		if f.apply == nil {
			known, ok := LookupFault(f.Name)
			if !ok {
				c.errs = append(c.errs, fmt.Errorf("unknown fault %q", f.Name))
				return
			}
			f = known
		}
		c.faults = append(c.faults, f.Name)
		f.apply(c)
	}
}

// WithClock sets the clock the dates of the badges are computed from (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithRecipient sets the email address the badges are issued to (default DefaultRecipient).
func WithRecipient(email string) Option {
	return func(c *config) {
		if email != "" {
			c.recipient = email
		}
	}
}

// WithAddr sets the loopback address to listen on (default 127.0.0.1:0). Start refuses an
// address that is not a loopback IP.
func WithAddr(addr string) Option {
	return func(c *config) {
		if addr != "" {
			c.addr = addr
		}
	}
}

// withRandom sets the source of the salts and urn:uuid ids, so that tests can compare two servers.
func withRandom(r io.Reader) Option {
	return func(c *config) { c.random = r }
}

// withKeys sets the two signing keys instead of generating them at start.
func withKeys(k1, k2 *rsa.PrivateKey) Option {
	return func(c *config) { c.keys = [2]*rsa.PrivateKey{k1, k2} }
}
