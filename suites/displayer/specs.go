package displayer

import (
	"github.com/obcert/obcert"
	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/suites"
)

// fieldFixtures are the badges whose every field the product must show; validFixtures those it
// must show as valid.
var (
	validFixtures = []string{fixtures.ValidHosted, fixtures.ValidSigned, fixtures.BakedPNG, fixtures.BakedSVG, fixtures.Endorsed}
	fieldFixtures = append(append([]string{}, validFixtures...), fixtures.ExpiredHosted)
	invalidOnes   = []string{fixtures.Tampered, fixtures.OutOfScope, fixtures.IssuerMissing}
)

// Specs returns the Displayer suite's specs in declaration order.
func Specs() []suites.Spec {
	specs := []suites.Spec{
		{ID: "displayer/vendor-badges", Requirements: []string{"DISPLAYER-01"}, Level: obcert.MUST, Profiles: suites.CertAndFull,
			Title: "shows each vendor-supplied badge with the status declared for it, once the core agrees with that status",
			Hint:  "Declare in displayer.badges the status each badge really has, and show that status.", Body: vendorBadges},
		{ID: "displayer/image", Requirements: []string{"DISPLAYER-02"}, Level: obcert.MUST, Profiles: suites.CertAndFull,
			Title: "shows the BadgeClass image of each badge", Hint: "Show the BadgeClass image (its URL, or the same bytes).", Body: imageCheck},
		{ID: "displayer/name", Requirements: []string{"DISPLAYER-03"}, Level: obcert.MUST, Profiles: suites.CertAndFull,
			Title: "shows the BadgeClass name of each badge", Hint: "Show the name of the BadgeClass the Assertion's badge names.",
			Body: textCheck("name", func(a Answer) string { return a.Name }, func(d fixtures.Display) string { return d.Name })},
		{ID: "displayer/description", Requirements: []string{"DISPLAYER-04"}, Level: obcert.MUST, Profiles: suites.CertAndFull,
			Title: "shows the BadgeClass description of each badge", Hint: "Show the description of the BadgeClass.",
			Body: textCheck("description", func(a Answer) string { return a.Description }, func(d fixtures.Display) string { return d.Description })},
		{ID: "displayer/issuer-name", Requirements: []string{"DISPLAYER-05"}, Level: obcert.MUST, Profiles: suites.CertAndFull,
			Title: "shows the issuer Profile's name for each badge", Hint: "Show the name of the issuer Profile the BadgeClass names.",
			Body: textCheck("issuer name", func(a Answer) string { return a.IssuerName }, func(d fixtures.Display) string { return d.IssuerName })},
		{ID: "displayer/issued-on", Requirements: []string{"DISPLAYER-06"}, Level: obcert.MUST, Profiles: suites.CertAndFull,
			Title: "shows the Assertion's issuedOn date for each badge", Hint: "Show the date of the Assertion's issuedOn.", Body: issuedOn},
		{ID: "displayer/valid-status", Requirements: []string{"DISPLAYER-07"}, Level: obcert.MUST, Profiles: suites.CertAndFull,
			Title: "shows valid badges as neither expired nor revoked", Hint: "Show a badge that verifies as valid.",
			Body: statusCheck(validFixtures, fixtures.Valid, false)},
		{ID: "displayer/expired-status", Requirements: []string{"DISPLAYER-08"}, Level: obcert.MUST, Profiles: suites.CertAndFull,
			Title: "shows an expired badge with an Expired status, not as revoked", Hint: "Compare the Assertion's expires with the current time and show Expired once it has passed.",
			Body: statusCheck([]string{fixtures.ExpiredHosted}, fixtures.Expired, true)},
		{ID: "displayer/revoked-status", Requirements: []string{"DISPLAYER-09"}, Level: obcert.MUST, Profiles: suites.CertAndFull,
			Title: "shows revoked badges (410 Gone, or listed in the RevocationList) with a Revoked status", Hint: "Treat HTTP 410 and revoked: true as revoked, and check a signed badge against its issuer's RevocationList.",
			Body: statusCheck([]string{fixtures.RevokedHosted, fixtures.RevokedSigned}, fixtures.Revoked, true)},
		{ID: "displayer/reverification", Requirements: []string{"DISPLAYER-10"}, Level: obcert.MUST, Profiles: suites.CertAndFull,
			Title: "verifies a badge again when asked, and shows it revoked once its issuer revoked it", Hint: "On verify, fetch the Assertion again instead of showing the stored result.",
			Body: reverification},
		{ID: "displayer/json-ld-forms", Requirements: []string{"DISPLAYER-12"}, Level: obcert.MUST, Profiles: suites.FullOnly,
			Title: "shows a badge written in an equivalent JSON-LD form (an extra context, prefixed terms) the same as its plain form",
			Hint:  "Compact every document into the OB v2 context before reading its terms.", Body: jsonLDForm},
		{ID: "displayer/hosted-badgeclass", Requirements: []string{"DISPLAYER-13"}, Level: obcert.SHOULD, Profiles: suites.FullOnly,
			Title: "shows the hosted BadgeClass of a hosted badge, not a differing copy embedded in the Assertion",
			Hint:  "Fetch the BadgeClass from its HTTP id and treat that copy as authoritative.", Body: hostedClass},
		{ID: "displayer/last-verified", Requirements: []string{"DISPLAYER-20"}, Level: obcert.SHOULD, Profiles: suites.FullOnly,
			Title: "shows when it last verified a badge, and moves that time when the viewer verifies again",
			Hint:  "Record the time of each verification and show it; update it when a viewer reverifies.", Body: lastVerified},
		{ID: "displayer/invalid-not-valid", Requirements: []string{"DISPLAYER-22"}, Level: obcert.SHOULD, Profiles: suites.FullOnly,
			Title: "does not show a tampered, out-of-scope or unreachable-issuer badge as valid",
			Hint:  "Verify the signature with the issuer's listed key, the hosted id against the issuer's scope, and fetch the issuer Profile.",
			Body:  notValid},
	}
	for i := range specs {
		specs[i].Role = obcert.RoleDisplayer
		specs[i].Body = asReview(specs[i].Body)
	}
	return specs
}
