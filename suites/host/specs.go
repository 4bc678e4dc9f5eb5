package host

import (
	"github.com/obcert/obcert"
	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/suites"
)

// validImports are the imports of valid badges, each of which the host must import and export
// unchanged; badImports those it must refuse (or accept marked not valid).
var (
	validImports = []string{fixtures.BakedPNG, fixtures.BakedSVG, fixtures.ValidHosted, fixtures.ValidSigned, fixtures.Endorsed, fixtures.Extended}
	badImports   = []string{fixtures.Tampered, fixtures.RevokedHosted, fixtures.RevokedSigned, fixtures.ExpiredHosted,
		fixtures.OutOfScope, WrongRecipient}
)

// Specs returns the Host suite's specs in declaration order.
func Specs() []suites.Spec {
	specs := []suites.Spec{
		{ID: "host/import-png", Requirements: []string{"HOST-01"}, Level: obcert.MUST, Profiles: suites.CertAndFull,
			Title: "imports a baked PNG badge, and exporting it shows that badge",
			Hint:  "Read the openbadges iTXt chunk of an uploaded PNG, verify the Assertion and keep it.", Body: importCheck(fixtures.BakedPNG)},
		{ID: "host/import-svg", Requirements: []string{"HOST-02"}, Level: obcert.MUST, Profiles: suites.CertAndFull,
			Title: "imports a baked SVG badge, and exporting it shows that badge",
			Hint:  "Read the openbadges:assertion element of an uploaded SVG, verify the Assertion and keep it.", Body: importCheck(fixtures.BakedSVG)},
		{ID: "host/import-url", Requirements: []string{"HOST-03"}, Level: obcert.MUST, Profiles: suites.CertAndFull,
			Title: "imports a badge by its hosted Assertion URL, and exporting it shows that badge",
			Hint:  "Fetch the Assertion at the URL given, verify it and keep it.", Body: importCheck(fixtures.ValidHosted)},
		{ID: "host/import-jws", Requirements: []string{"HOST-10"}, Level: obcert.SHOULD, Profiles: suites.FullOnly,
			Title: "imports a signed assertion string (compact JWS), and exporting it shows that badge",
			Hint:  "Accept a pasted compact JWS: verify its signature with the issuer's key and keep the Assertion.", Body: importCheck(fixtures.ValidSigned)},
		{ID: "host/import-json", Requirements: []string{"HOST-16"}, Level: obcert.SHOULD, Profiles: suites.FullOnly,
			Title: "imports a raw JSON Assertion, and exporting it shows that badge",
			Hint:  "Accept the Assertion JSON itself: verify it from its hosted id and keep it.", Body: importCheck(fixtures.Endorsed)},
		{ID: "host/round-trip", Requirements: []string{"HOST-05"}, Level: obcert.MUST, Profiles: suites.CertAndFull,
			Title: "exports every imported badge with the same RDF statements as the original (URDNA2015 N-Quads)",
			Hint:  "Export the Assertion as imported: keep every property and value (any JSON-LD form of the same graph is fine).", Body: roundTrip},
		{ID: "host/baked-export", Requirements: []string{"HOST-15"}, Level: obcert.MUST, Profiles: suites.FullOnly,
			Title: "bakes an export into exactly one openbadges chunk (PNG) or assertion element (SVG), and the baked export verifies",
			Hint:  "When baking on export, replace any openbadges chunk or element already there instead of adding one.", Body: bakedExport},
		{ID: "host/refuses-invalid", Requirements: []string{"HOST-08"}, Level: obcert.MUST, Profiles: suites.FullOnly,
			Title: "refuses (or imports marked not valid) a tampered, revoked, expired, out-of-scope or wrong-recipient badge, beside valid imports",
			Hint:  "Verify on import: the signature with the issuer's key, revocation, expiry, the hosted id's scope, and that the recipient is the account's identity.",
			Body:  refusesInvalid},
		{ID: "host/refusal-reason", Requirements: []string{"HOST-11"}, Level: obcert.SHOULD, Profiles: suites.FullOnly,
			Title: "says why it refused an import", Hint: "Tell the user why an import failed (bad signature, revoked, expired, not yours).",
			Body: refusalReason},
		{ID: "host/reverification", Requirements: []string{"HOST-16"}, Level: obcert.SHOULD, Profiles: suites.FullOnly,
			Title: "verifies a stored badge again, and says it is revoked once its issuer revoked it after import",
			Hint:  "Verify stored badges again (on export, on display, periodically) instead of keeping the result of the import.",
			Body:  reverification},
	}
	for i := range specs {
		specs[i].Role = obcert.RoleHost
	}
	return specs
}
