package reference

import (
	"sort"

	"github.com/obcert/obcert"
)

// Fault is one named way to break the reference candidate. Each fault breaks exactly one
// requirement: a MUST fault must make a run NOT_CONFORMANT, a SHOULD fault only a warning.
type Fault struct {
	Name         string       // kebab-case, stable
	Role         obcert.Role  // the role whose requirement it breaks
	Requirements []string     // the requirement(s) it breaks: one ID normally
	Level        obcert.Level // MUST or SHOULD
	Description  string
	apply        func(*config)
}

// Faults returns every fault, sorted by name.
func Faults() []Fault {
	out := make([]Fault, 0, len(faults))
	for _, f := range faults {
		f.Requirements = append([]string(nil), f.Requirements...)
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LookupFault returns the fault with the given name.
func LookupFault(name string) (Fault, bool) {
	for _, f := range Faults() {
		if f.Name == name {
			return f, true
		}
	}
	return Fault{}, false
}

func issuerFault(name, req string, level obcert.Level, desc string, apply func(*config)) Fault {
	return Fault{Name: name, Role: obcert.RoleIssuer, Requirements: []string{req}, Level: level,
		Description: desc, apply: apply}
}

var faults = []Fault{
	issuerFault("hosted-out-of-scope", "ISSUER-11", obcert.MUST,
		"the hosted Assertion's id is on http://localhost:PORT, another origin than the issuer Profile's",
		func(c *config) { c.hostedOtherOrigin = true }),
	issuerFault("unlisted-signing-key", "ISSUER-16", obcert.MUST,
		"signed badges name and are signed by /keys/2, which the issuer Profile does not list in publicKey",
		func(c *config) { c.signWithSecondKey = true }),
	issuerFault("bad-signature", "VERIFY-19", obcert.MUST,
		"the signature of the signed badge's JWS is corrupted",
		func(c *config) { c.corruptSignature = true }),
	issuerFault("png-not-baked", "ISSUER-01", obcert.MUST,
		"/badges/hosted.png carries no openbadges chunk",
		func(c *config) { c.png = pngNotBaked }),
	issuerFault("png-compressed-chunk", "BAKE-04", obcert.MUST,
		"the openbadges iTXt chunk of /badges/hosted.png is compressed",
		func(c *config) { c.png = pngCompressed }),
	issuerFault("png-duplicate-chunk", "BAKE-06", obcert.MUST,
		"/badges/hosted.png holds two openbadges iTXt chunks",
		func(c *config) { c.png = pngDuplicate }),
	issuerFault("svg-duplicate-assertion", "BAKE-15", obcert.MUST,
		"/badges/signed.svg holds two openbadges:assertion elements",
		func(c *config) { c.svgDuplicate = true }),
	issuerFault("svg-missing-namespace", "BAKE-10", obcert.MUST,
		"the root svg element of /badges/signed.svg does not declare xmlns:openbadges",
		func(c *config) { c.svgNoNamespace = true }),
	issuerFault("revoked-hosted-200", "ISSUER-17", obcert.MUST,
		"the revoked hosted Assertion answers 200 with the full Assertion and no revoked property",
		func(c *config) { c.revokedHosted200 = true }),
	issuerFault("revocation-list-omits-badge", "ISSUER-18", obcert.MUST,
		"the RevocationList does not list the revoked signed badge",
		func(c *config) { c.revocationListEmpty = true }),
	issuerFault("wrong-recipient", "ISSUER-02", obcert.MUST,
		"every badge is issued to "+wrongRecipient+" instead of the declared recipient",
		func(c *config) { c.issueToWrongRecipient = true }),
	issuerFault("content-type-text-plain", "ISSUER-08", obcert.MUST,
		"hosted Assertions are served as text/plain",
		func(c *config) { c.assertionTextPlain = true }),
	issuerFault("badgeclass-not-found", "ISSUER-07", obcert.MUST,
		"/badgeclasses/1 answers 404",
		func(c *config) { c.badgeClassNotFound = true }),
	issuerFault("expired-assertion", "VERIFY-06", obcert.MUST,
		"the hosted Assertion expired a day before the clock",
		func(c *config) { c.expired = true }),
	issuerFault("badgeclass-missing-name", "OBJ-19", obcert.MUST,
		"the BadgeClass has no name",
		func(c *config) { c.badgeClassNoName = true }),
	issuerFault("issued-on-without-timezone", "OBJ-08", obcert.MUST,
		"the hosted Assertion's issuedOn has no timezone",
		func(c *config) { c.issuedOnNoTimezone = true }),
	issuerFault("badge-image-jpeg", "OBJ-12", obcert.MUST,
		"the BadgeClass image is a JPEG (image/jpeg)",
		func(c *config) { c.badgeImageJPEG = true }),
	issuerFault("endorsement-missing-claim", "ENDORSE-01", obcert.MUST,
		"the BadgeClass's Endorsement has no claim",
		func(c *config) { c.endorsementNoClaim = true }),
	issuerFault("ignores-accept-json", "ISSUER-09", obcert.SHOULD,
		"JSON documents are served as application/ld+json even when only application/json is accepted",
		func(c *config) { c.ignoreAcceptJSON = true }),
	issuerFault("signed-id-not-urn-uuid", "ISSUER-12", obcert.SHOULD,
		"signed Assertions have an http id instead of a urn:uuid",
		func(c *config) { c.signedHTTPID = true }),
	issuerFault("key-owner-mismatch", "VERIFY-17", obcert.MUST,
		"the CryptographicKey's owner is /endorser, not the issuer Profile that lists it, so the key is not the issuer's",
		func(c *config) { c.keyOwnedByEndorser = true }),
	issuerFault("badgeclass-id-not-its-url", "ISSUER-10", obcert.SHOULD,
		"the hosted Assertion links its BadgeClass by /badgeclasses/current, which serves a BadgeClass whose id is /badgeclasses/1",
		func(c *config) { c.badgeByAlias = true }),
	issuerFault("timestamps-not-utc", "ISSUER-20", obcert.SHOULD,
		"the hosted Assertion's issuedOn and expires carry a +02:00 offset instead of UTC",
		func(c *config) { c.timestampsNotUTC = true }),
	issuerFault("no-signed-badge", "ISSUER-27", obcert.SHOULD,
		"the candidate file declares no signed badge (neither the JWS nor the baked SVG) and no revoked signed badge",
		func(c *config) { c.omitSigned = true }),
	issuerFault("plaintext-recipient", "ISSUER-19", obcert.SHOULD,
		"the recipient identity of every badge is not hashed",
		func(c *config) { c.plaintextRecipient = true }),
}
