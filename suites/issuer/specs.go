package issuer

import (
	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// dataModel are the OB 2.0 data-model requirements the core checks on every Badge Object.
var dataModel = []string{"VERIFY-02", "OBJ-01", "OBJ-02", "OBJ-06", "OBJ-08", "OBJ-09", "OBJ-10", "OBJ-12",
	"OBJ-13", "OBJ-15", "OBJ-19", "OBJ-20", "OBJ-22", "OBJ-25", "OBJ-26", "OBJ-28", "OBJ-31", "OBJ-32", "OBJ-33", "OBJ-34", "OBJ-37"}

var (
	errorsOnly = []obcert.Severity{obcert.Error}
	anyLevel   = []obcert.Severity{obcert.Error, obcert.Warning, obcert.Info}
)

// Specs returns the Issuer suite's specs in declaration order. Every body filters the core's
// findings on its own spec's requirement IDs (Spec.Checked): there is no second list.
func Specs() []suites.Spec {
	specs := []suites.Spec{
		{
			ID: "issuer/baked-badge", Requirements: []string{"ISSUER-01", "BAKE-02", "BAKE-08", "BAKE-16"}, Level: obcert.MUST, Profiles: suites.CertAndFull,
			Title: "issues baked badges: every declared PNG or SVG carries Open Badges data, and at least one is declared",
			Hint:  "Bake the Assertion (JSON or JWS) into the image: an iTXt chunk openbadges (PNG) or an <openbadges:assertion> element (SVG).",
			Body:  bakedBadge,
		},
		{
			ID: "issuer/recipient", Requirements: []string{"ISSUER-02", "VERIFY-04"}, Level: obcert.MUST, Profiles: suites.CertAndFull,
			Title: "awards every badge to the declared conformance recipient",
			Hint:  "Issue the badges to the recipient the candidate file names (conformance@imsglobal.org for certification).",
			Body:  findingCheck(nil, errorsOnly),
		},
		{
			ID: "issuer/badges-valid", Requirements: []string{"ISSUER-03", "VERIFY-21"}, Level: obcert.MUST, Profiles: suites.CertAndFull,
			Title: "every issued badge passes OB 2.0 validation and verification with no error",
			Body:  badgeCheck(anyBadge, everyError),
		},
		{
			ID: "issuer/data-model", Requirements: dataModel, Level: obcert.MUST, Profiles: suites.FullOnly,
			Title: "every Badge Object of every badge has its required properties with values of the right data type",
			Body:  badgeCheck(nil, both(findingsAt(errorsOnly), unreadObjects)),
		},
		{
			ID: "issuer/objects-reachable", Requirements: []string{"ISSUER-07", "VERIFY-01"}, Level: obcert.MUST, Profiles: suites.FullOnly,
			Title: "serves the Assertion, BadgeClass, Profile, keys and RevocationList over HTTP, ending in 200 OK",
			Body:  badgeCheck(nil, both(findingsAt(errorsOnly), unreadObjects)),
		},
		{
			ID: "issuer/hosted-content-type", Requirements: []string{"ISSUER-08"}, Level: obcert.MUST, Profiles: suites.FullOnly,
			Title: "serves hosted Badge Objects as application/ld+json or application/json",
			Body:  findingCheck(hostedBadge, errorsOnly),
		},
		{
			ID: "issuer/content-negotiation", Requirements: []string{"ISSUER-09"}, Level: obcert.SHOULD, Profiles: suites.FullOnly,
			Title: "answers Accept: application/json with application/json and defaults to application/ld+json",
			Hint:  "Look at the request's Accept header: answer application/json when only that is accepted, application/ld+json otherwise.",
			Body:  contentNegotiation,
		},
		{
			ID: "issuer/hosted-id-is-url", Requirements: []string{"ISSUER-10", "OBJ-38"}, Level: obcert.SHOULD, Profiles: suites.FullOnly,
			Title: "serves every hosted Badge Object at the URL its id names",
			Body:  badgeCheck(hostedBadge, both(findingsAt([]obcert.Severity{obcert.Error, obcert.Warning}), idIsFetchedURL)),
		},
		{
			ID: "issuer/hosted-id-in-scope", Requirements: []string{"ISSUER-11", "VERIFY-11"}, Level: obcert.MUST, Profiles: suites.FullOnly,
			Title: "hosts every hosted Assertion inside its issuer's verification scope",
			Body:  findingCheck(hostedBadge, errorsOnly),
		},
		{
			ID: "issuer/signed-id-urn-uuid", Requirements: []string{"ISSUER-12"}, Level: obcert.SHOULD, Profiles: suites.FullOnly,
			Title: "gives signed Assertions a urn:uuid id",
			Body:  findingCheck(signedBadge, anyLevel),
		},
		{
			ID: "issuer/signature-verifies", Requirements: []string{"VERIFY-19", "VERIFY-14", "VERIFY-15"}, Level: obcert.MUST, Profiles: suites.FullOnly,
			Title: "signs every signed badge with a JWS that verifies with the issuer's key",
			Body:  findingCheck(signedBadge, errorsOnly),
		},
		{
			ID: "issuer/signing-algorithm", Requirements: []string{"ISSUER-13"}, Level: obcert.SHOULD, Profiles: suites.FullOnly,
			Title: "signs with RS256, the algorithm the specification recommends for compatibility",
			Body:  findingCheck(signedBadge, anyLevel),
		},
		{
			ID: "issuer/signing-key-listed", Requirements: []string{"ISSUER-16", "VERIFY-22"}, Level: obcert.MUST, Profiles: suites.FullOnly,
			Title: "signs only with keys the hosted issuer Profile lists in publicKey",
			Body:  findingCheck(signedBadge, errorsOnly),
		},
		{
			// VERIFY-17 makes a key whose owner is another Profile untrusted; the core names such a
			// key under ISSUER-15, which is what this spec looks for.
			ID: "issuer/signing-key-owner", Requirements: []string{"VERIFY-17", "ISSUER-15"}, Checks: []string{"ISSUER-15"},
			Level: obcert.MUST, Profiles: suites.FullOnly,
			Title: "publishes each signing key with an owner that points back to the issuer Profile that lists it",
			Body:  findingCheck(signedBadge, errorsOnly),
		},
		{
			// The core reports the revocation itself under VERIFY-12; what is wrong with how it was
			// revoked it names under ISSUER-17.
			ID: "issuer/hosted-revocation", Requirements: []string{"ISSUER-17", "VERIFY-12"}, Checks: []string{"ISSUER-17"},
			Level: obcert.MUST, Profiles: suites.FullOnly,
			Title: "revokes hosted Assertions by answering 410 Gone (or revoked: true)",
			Hint:  "Answer the revoked Assertion's URL with HTTP 410 and a body {id, revoked: true, revocationReason}.",
			Body:  hostedRevocation,
		},
		{
			ID: "issuer/signed-revocation", Requirements: []string{"ISSUER-18", "VERIFY-20"}, Level: obcert.MUST, Profiles: suites.FullOnly,
			Title: "revokes signed Assertions by listing them in the issuer's RevocationList",
			Hint:  "Add the revoked Assertion's id to revokedAssertions of the RevocationList the issuer Profile names.",
			Body:  signedRevocation,
		},
		{
			ID: "issuer/not-expired", Requirements: []string{"VERIFY-06"}, Level: obcert.MUST, Profiles: suites.FullOnly,
			Title: "issues badges that have not expired",
			Body:  findingCheck(nil, errorsOnly),
		},
		{
			ID: "issuer/png-baking", Requirements: []string{"BAKE-02", "BAKE-03", "BAKE-04", "BAKE-06", "BAKE-08"}, Level: obcert.MUST, Profiles: suites.FullOnly,
			Title: "bakes PNGs with one uncompressed iTXt chunk openbadges holding JSON or a JWS",
			Body:  findingCheck(kind("baked-png", "a baked PNG"), errorsOnly),
		},
		{
			ID: "issuer/svg-baking", Requirements: []string{"BAKE-10", "BAKE-11", "BAKE-15", "BAKE-16"}, Level: obcert.MUST, Profiles: suites.FullOnly,
			Title: "bakes SVGs with one <openbadges:assertion> element, namespaced, right after the <svg> start tag",
			Body:  findingCheck(kind("baked-svg", "a baked SVG"), errorsOnly),
		},
		{
			ID: "issuer/endorsements", Requirements: []string{"ENDORSE-01", "ENDORSE-02", "ENDORSE-03", "ENDORSE-04", "ENDORSE-05"}, Level: obcert.MUST, Profiles: suites.FullOnly,
			Title: "links only valid, verifiable endorsements",
			Body:  endorsements,
		},
		{
			ID: "issuer/hashed-recipient", Requirements: []string{"ISSUER-19"}, Level: obcert.SHOULD, Profiles: suites.FullOnly,
			Title: "hashes recipient identities",
			Body:  findingCheck(nil, anyLevel),
		},
		{
			ID: "issuer/utc-timestamps", Requirements: []string{"ISSUER-20"}, Level: obcert.SHOULD, Profiles: suites.FullOnly,
			Title: "publishes timestamps in UTC",
			Body:  findingCheck(nil, anyLevel),
		},
		{
			ID: "issuer/all-kinds", Requirements: []string{"ISSUER-27"}, Level: obcert.SHOULD, Profiles: suites.FullOnly,
			Title: "issues hosted and signed badges, and revokes one of each",
			Hint:  "Declare a hosted and a signed badge, and a revoked one of each kind, in the candidate file.",
			Body:  allKinds,
		},
	}
	for i := range specs {
		specs[i].Role = obcert.RoleIssuer
	}
	return specs
}
