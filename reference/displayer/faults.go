package displayer

import (
	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reference/internal/partfault"
)

// Fault is one named way to break the reference displayer, and exactly the displayer specs it
// makes fail (or warn, for a SHOULD).
type Fault = partfault.Fault[Option]

func fault(name, desc string, level obcert.Level, req string, specs []string, apply func(*config)) Fault {
	return partfault.New(name, desc, level, req, specs, Option(apply))
}

// Faults returns every fault of the reference displayer.
func Faults() []Fault {
	must, should := obcert.MUST, obcert.SHOULD
	return []Fault{
		fault("displayer-revoked-shown-valid", "shows a revoked badge (410 Gone, or in the RevocationList) as valid", must,
			// The reference is certified with a revoked vendor badge too (DISPLAYER-01).
			"DISPLAYER-09", []string{"displayer/revoked-status", "displayer/reverification", "displayer/vendor-badges"},
			func(c *config) { c.revokedAsValid = true }),
		fault("displayer-ignores-expiry", "never compares expires with the clock: an expired badge is shown valid", must,
			"DISPLAYER-08", []string{"displayer/expired-status"}, func(c *config) { c.ignoreExpiry = true }),
		fault("displayer-embedded-badgeclass", "shows the BadgeClass embedded in a hosted Assertion instead of the hosted one", should,
			"DISPLAYER-13", []string{"displayer/hosted-badgeclass"}, func(c *config) { c.embeddedClass = true }),
		fault("displayer-tampered-shown-valid", "never checks a JWS signature: a tampered badge is shown valid", should,
			"DISPLAYER-22", []string{"displayer/invalid-not-valid"}, func(c *config) { c.skipSignature = true }),
		fault("displayer-wrong-issuer-name", "shows its own name instead of the issuer Profile's", must,
			"DISPLAYER-05", []string{"displayer/issuer-name"}, func(c *config) { c.wrongIssuer = true }),
		fault("displayer-no-image", "shows no image", must,
			"DISPLAYER-02", []string{"displayer/image"}, func(c *config) { c.noImage = true }),
		fault("displayer-wrong-name", "shows every badge under the name Badge", must,
			"DISPLAYER-03", []string{"displayer/name", "displayer/hosted-badgeclass"}, func(c *config) { c.wrongName = true }),
		fault("displayer-no-description", "shows no description", must,
			"DISPLAYER-04", []string{"displayer/description", "displayer/hosted-badgeclass"}, func(c *config) { c.noDescription = true }),
		fault("displayer-wrong-issued-on", "shows the day it displayed the badge as its issue date", must,
			"DISPLAYER-06", []string{"displayer/issued-on"}, func(c *config) { c.wrongDate = true }),
		fault("displayer-never-reverifies", "answers verify with the stored result and time, fetching nothing", must,
			"DISPLAYER-10", []string{"displayer/reverification", "displayer/last-verified"},
			func(c *config) { c.neverReverify = true }),
		fault("displayer-stale-last-verified", "verifies again on verify but keeps showing the time of the first verification", should,
			"DISPLAYER-20", []string{"displayer/last-verified"}, func(c *config) { c.staleLastVerified = true }),
		fault("displayer-all-invalid", "shows every badge as invalid (a product the negative checks must not reward)", must,
			"DISPLAYER-07", []string{"displayer/vendor-badges", "displayer/valid-status", "displayer/expired-status",
				"displayer/revoked-status", "displayer/reverification", "displayer/json-ld-forms", "displayer/invalid-not-valid"},
			func(c *config) { c.allInvalid = true }),
		fault("displayer-literal-terms", "reads documents' keys literally, with no JSON-LD compaction: prefixed terms are not seen", must,
			"DISPLAYER-12", []string{"displayer/json-ld-forms"}, func(c *config) { c.literalTerms = true }),
	}
}

// LookupFault returns the fault with the given name.
func LookupFault(name string) (Fault, bool) { return partfault.Lookup(Faults(), name) }
