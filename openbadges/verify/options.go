package verify

import (
	"fmt"
	"slices"
	"strings"
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
	memo       *docMemo // memo.go
}

// Option configures a Verifier.
type Option func(*Verifier)

// DefaultAlgorithms are the JWS algorithms accepted by default: every RSA (RS256/384/512,
// PS256/384/512) and ECDSA (ES256/384/512) algorithm. The OB 2.0 spec only recommends RS256 "for
// compatibility" (ISSUER-13, a warning otherwise). alg none, HMAC and anything else are never
// accepted: the key must be a typed public key from the issuer Profile, and its type must fit the alg.
var DefaultAlgorithms = []jose.SignatureAlgorithm{
	jose.RS256, jose.RS384, jose.RS512, jose.PS256, jose.PS384, jose.PS512, jose.ES256, jose.ES384, jose.ES512,
}

// New returns a Verifier. Without WithFetcher it can verify nothing that needs a fetch.
func New(opts ...Option) *Verifier {
	v := &Verifier{
		fetcher:    noFetcher{},
		now:        time.Now,
		algorithms: DefaultAlgorithms,
		maxNodes:   64,
		maxDepth:   8,
		memo:       newDocMemo(),
	}
	for _, o := range opts {
		o(v)
	}
	return v
}

// With returns a Verifier configured as v with opts applied on top. It shares v's memory of the
// documents it met (memo.go), which depends on no option: a batch that names a recipient per
// badge still reads its issuer's documents once.
func (v *Verifier) With(opts ...Option) *Verifier {
	c := *v
	for _, o := range opts {
		o(&c)
	}
	return &c
}

// WithFetcher sets how documents are fetched (normally the hardened HTTP client).
func WithFetcher(f Fetcher) Option { return func(v *Verifier) { v.fetcher = f } }

// WithClock pins the clock used for issuedOn/expires checks.
func WithClock(now func() time.Time) Option { return func(v *Verifier) { v.now = now } }

// WithRecipient asks the verifier to confirm the badge was awarded to one of the profile's identities
// (VERIFY-04, VERIFY-26).
func WithRecipient(p RecipientProfile) Option { return func(v *Verifier) { v.recipient = &p } }

// WithAlgorithms narrows the JWS algorithm allow-list to algs. Only the asymmetric algorithms of
// DefaultAlgorithms can be named; others (none, HS256, ...) are dropped, so naming only those
// accepts no signature at all.
func WithAlgorithms(algs ...jose.SignatureAlgorithm) Option {
	return func(v *Verifier) {
		ok := []jose.SignatureAlgorithm{}
		for _, a := range algs {
			if slices.Contains(DefaultAlgorithms, a) && !slices.Contains(ok, a) {
				ok = append(ok, a)
			}
		}
		v.algorithms = ok
	}
}

// ParseAlgorithms reads a comma-separated list of JWS algorithm names (RS256,ES256), for WithAlgorithms.
func ParseAlgorithms(list string) ([]jose.SignatureAlgorithm, error) {
	var out []jose.SignatureAlgorithm
	for _, name := range strings.Split(list, ",") {
		a := jose.SignatureAlgorithm(strings.ToUpper(strings.TrimSpace(name)))
		if a == "" {
			continue
		}
		if !slices.Contains(DefaultAlgorithms, a) {
			return nil, fmt.Errorf("algorithm %q is not accepted; choose from %v", name, DefaultAlgorithms)
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no algorithm named; choose from %v", DefaultAlgorithms)
	}
	return out, nil
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
