package reference

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/memca"
)

// DefaultRecipient is the identity the conformance badges are issued to (ISSUER-02).
const DefaultRecipient = "conformance@imsglobal.org"

// config is what the options set: the reference's inputs and the faults that break it.
type config struct {
	now       func() time.Time
	recipient string
	addr      string
	tls       bool
	roots     *x509.CertPool // the server's own CA, when it serves TLS: what its parts trust
	ca        *memca.CA      // that CA, which a part serving on its own listener issues its certificate from
	random    io.Reader
	keys      [2]*rsa.PrivateKey
	faults    []Fault
	errs      []error

	// connectPassword is the Badge Connect test account's password; empty, one made per process.
	connectPassword string
}

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
		if f.effect == nil {
			known, ok := LookupFault(f.Name)
			if !ok {
				c.errs = append(c.errs, fmt.Errorf("unknown fault %q", f.Name))
				return
			}
			f = known
		}
		c.faults = append(c.faults, f)
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

// WithTLS serves HTTPS instead of plain HTTP, with a certificate for 127.0.0.1, ::1 and localhost
// issued by a CA made in memory at start: Server.CACertPEM and Server.CertPool hand it to clients.
func WithTLS() Option {
	return func(c *config) { c.tls = true }
}

// withRandom sets the source of the salts and urn:uuid ids, so that tests can compare two servers.
func withRandom(r io.Reader) Option {
	return func(c *config) { c.random = r }
}

// withKeys sets the two signing keys instead of generating them at start.
func withKeys(k1, k2 *rsa.PrivateKey) Option {
	return func(c *config) { c.keys = [2]*rsa.PrivateKey{k1, k2} }
}

// candidate is the top of the candidate file, before the parts write their sections: the name
// says which faults break the reference.
func (c *config) candidate() obcert.CandidateFile {
	name := "obcert reference candidate"
	if len(c.faults) > 0 {
		names := make([]string, len(c.faults))
		for i, f := range c.faults {
			names[i] = f.Name
		}
		name += " (fault: " + strings.Join(names, ", ") + ")"
	}
	return obcert.CandidateFile{Candidate: obcert.Candidate{Name: name, Version: "1", Vendor: "obcert"}, Profile: "full"}
}
