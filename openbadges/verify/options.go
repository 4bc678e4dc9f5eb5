package verify

import (
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// Verifier verifies badges. Its zero configuration (New()) checks everything.
type Verifier struct {
	fetcher    Fetcher
	now        func() time.Time
	recipient  *RecipientProfile
	algorithms []jose.SignatureAlgorithm
	maxNodes   int
	maxDepth   int
}

// Option configures a Verifier.
type Option func(*Verifier)

// DefaultAlgorithms are the JWS algorithms accepted by default: RS256 only. The OB 2.0 spec
// recommends RS256 "for compatibility", the reference validator checks only RSA, and an
// allow-list of one asymmetric algorithm closes the alg-confusion and alg:none doors.
var DefaultAlgorithms = []jose.SignatureAlgorithm{jose.RS256}

// New returns a Verifier. Without WithFetcher it can verify nothing that needs a fetch.
func New(opts ...Option) *Verifier {
	v := &Verifier{
		fetcher:    noFetcher{},
		now:        time.Now,
		algorithms: DefaultAlgorithms,
		maxNodes:   64,
		maxDepth:   8,
	}
	for _, o := range opts {
		o(v)
	}
	return v
}

// WithFetcher sets how documents are fetched (normally the hardened HTTP client).
func WithFetcher(f Fetcher) Option { return func(v *Verifier) { v.fetcher = f } }

// WithClock pins the clock used for issuedOn/expires checks.
func WithClock(now func() time.Time) Option { return func(v *Verifier) { v.now = now } }

// WithRecipient asks the verifier to confirm the badge was awarded to one of the profile's identities
// (VERIFY-04, VERIFY-26).
func WithRecipient(p RecipientProfile) Option { return func(v *Verifier) { v.recipient = &p } }

// WithAlgorithms widens the JWS algorithm allow-list. Only asymmetric RSA and ECDSA algorithms
// are accepted; others are ignored.
func WithAlgorithms(algs ...jose.SignatureAlgorithm) Option {
	return func(v *Verifier) {
		var ok []jose.SignatureAlgorithm
		for _, a := range algs {
			switch a {
			case jose.RS256, jose.RS384, jose.RS512, jose.PS256, jose.PS384, jose.PS512, jose.ES256, jose.ES384, jose.ES512:
				ok = append(ok, a)
			}
		}
		if len(ok) > 0 {
			v.algorithms = ok
		}
	}
}

// WithLimits caps the number of nodes a verification may take in and how deep it may follow links.
func WithLimits(maxNodes, maxDepth int) Option {
	return func(v *Verifier) {
		if maxNodes > 0 {
			v.maxNodes = maxNodes
		}
		if maxDepth > 0 {
			v.maxDepth = maxDepth
		}
	}
}
