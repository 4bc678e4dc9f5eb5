package issuer

import (
	"context"
	"fmt"

	"github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
	"github.com/obcert/obcert/suites/match"
)

var (
	certAndFull = []string{suites.ProfileCert20, suites.ProfileFull}
	fullOnly    = []string{suites.ProfileFull}
)

// dataModel are the OB 2.0 data-model requirements the core checks on every Badge Object.
var dataModel = []string{"VERIFY-02", "OBJ-01", "OBJ-02", "OBJ-06", "OBJ-08", "OBJ-09", "OBJ-10", "OBJ-12",
	"OBJ-13", "OBJ-15", "OBJ-19", "OBJ-20", "OBJ-22", "OBJ-25", "OBJ-26", "OBJ-28", "OBJ-31", "OBJ-32", "OBJ-33", "OBJ-34", "OBJ-37"}

// Specs returns the Issuer suite's specs in declaration order.
func Specs() []suites.Spec {
	specs := []suites.Spec{
		{
			ID: "issuer/baked-badge", Requirements: []string{"ISSUER-01", "BAKE-08", "BAKE-16"}, Level: obcert.MUST, Profiles: certAndFull,
			Title: "issues baked badges: every declared PNG or SVG carries Open Badges data, and at least one is declared",
			Hint:  "Bake the Assertion (JSON or JWS) into the image: an iTXt chunk openbadges (PNG) or an <openbadges:assertion> element (SVG).",
			Body:  bakedBadge,
		},
		{
			ID: "issuer/recipient", Requirements: []string{"ISSUER-02", "VERIFY-04"}, Level: obcert.MUST, Profiles: certAndFull,
			Title: "awards every badge to the declared conformance recipient",
			Hint:  "Issue the badges to the recipient the candidate file names (conformance@imsglobal.org for certification).",
			Body:  findingCheck(nil, []string{"VERIFY-04"}, obcert.Error),
		},
		{
			ID: "issuer/badges-valid", Requirements: []string{"ISSUER-03", "VERIFY-21"}, Level: obcert.MUST, Profiles: certAndFull,
			Title: "every issued badge passes OB 2.0 validation and verification with no error",
			Body:  findingCheck(nil, nil, obcert.Error),
		},
		{
			ID: "issuer/data-model", Requirements: dataModel, Level: obcert.MUST, Profiles: fullOnly,
			Title: "every Badge Object of every badge has its required properties with values of the right data type",
			Body:  findingCheck(nil, dataModel, obcert.Error),
		},
		{
			ID: "issuer/objects-reachable", Requirements: []string{"ISSUER-07", "VERIFY-01"}, Level: obcert.MUST, Profiles: fullOnly,
			Title: "serves the Assertion, BadgeClass, Profile, keys and RevocationList over HTTP, ending in 200 OK",
			Body:  findingCheck(nil, []string{"ISSUER-07", "VERIFY-01"}, obcert.Error),
		},
		{
			ID: "issuer/hosted-content-type", Requirements: []string{"ISSUER-08"}, Level: obcert.MUST, Profiles: fullOnly,
			Title: "serves hosted Badge Objects as application/ld+json or application/json",
			Body:  findingCheck(checked.Hosted, []string{"ISSUER-08"}, obcert.Error),
		},
		{
			ID: "issuer/content-negotiation", Requirements: []string{"ISSUER-09"}, Level: obcert.SHOULD, Profiles: fullOnly,
			Title: "answers Accept: application/json with application/json and defaults to application/ld+json",
			Hint:  "Look at the request's Accept header: answer application/json when only that is accepted, application/ld+json otherwise.",
			Body:  contentNegotiation,
		},
		{
			ID: "issuer/hosted-id-is-url", Requirements: []string{"ISSUER-10", "OBJ-38"}, Level: obcert.SHOULD, Profiles: fullOnly,
			Title: "serves every hosted Badge Object at the URL its id names",
			Body:  findingCheck(nil, []string{"ISSUER-10"}, obcert.Error, obcert.Warning),
		},
		{
			ID: "issuer/hosted-id-in-scope", Requirements: []string{"ISSUER-11", "VERIFY-11"}, Level: obcert.MUST, Profiles: fullOnly,
			Title: "hosts every hosted Assertion inside its issuer's verification scope",
			Body:  findingCheck(checked.Hosted, []string{"VERIFY-11", "ISSUER-11"}, obcert.Error),
		},
		{
			ID: "issuer/signed-id-urn-uuid", Requirements: []string{"ISSUER-12"}, Level: obcert.SHOULD, Profiles: fullOnly,
			Title: "gives signed Assertions a urn:uuid id",
			Body:  findingCheck(checked.Signed, []string{"ISSUER-12"}, obcert.Error, obcert.Warning, obcert.Info),
		},
		{
			ID: "issuer/signature-verifies", Requirements: []string{"VERIFY-19", "VERIFY-14", "VERIFY-15", "ISSUER-13"}, Level: obcert.MUST, Profiles: fullOnly,
			Title: "signs every signed badge with a JWS that verifies with the issuer's key",
			Body:  findingCheck(checked.Signed, []string{"VERIFY-19", "VERIFY-14", "VERIFY-15"}, obcert.Error),
		},
		{
			ID: "issuer/signing-key-listed", Requirements: []string{"ISSUER-16", "VERIFY-17", "VERIFY-22"}, Level: obcert.MUST, Profiles: fullOnly,
			Title: "signs only with keys the hosted issuer Profile lists in publicKey",
			Body:  findingCheck(checked.Signed, []string{"ISSUER-16", "VERIFY-22"}, obcert.Error),
		},
		{
			ID: "issuer/signing-key-owner", Requirements: []string{"VERIFY-17", "ISSUER-15"}, Level: obcert.MUST, Profiles: fullOnly,
			Title: "publishes each signing key with an owner that points back to the issuer Profile that lists it",
			Body:  findingCheck(checked.Signed, []string{"ISSUER-15"}, obcert.Error),
		},
		{
			ID: "issuer/hosted-revocation", Requirements: []string{"ISSUER-17", "VERIFY-12"}, Level: obcert.MUST, Profiles: fullOnly,
			Title: "revokes hosted Assertions by answering 410 Gone (or revoked: true)",
			Hint:  "Answer the revoked Assertion's URL with HTTP 410 and a body {id, revoked: true, revocationReason}.",
			Body:  revocation(checked.Hosted, "hosted"),
		},
		{
			ID: "issuer/signed-revocation", Requirements: []string{"ISSUER-18", "VERIFY-20"}, Level: obcert.MUST, Profiles: fullOnly,
			Title: "revokes signed Assertions by listing them in the issuer's RevocationList",
			Hint:  "Add the revoked Assertion's id to revokedAssertions of the RevocationList the issuer Profile names.",
			Body:  revocation(checked.Signed, "signed"),
		},
		{
			ID: "issuer/not-expired", Requirements: []string{"VERIFY-06"}, Level: obcert.MUST, Profiles: fullOnly,
			Title: "issues badges that have not expired",
			Body:  findingCheck(nil, []string{"VERIFY-06"}, obcert.Error),
		},
		{
			ID: "issuer/png-baking", Requirements: []string{"BAKE-02", "BAKE-03", "BAKE-04", "BAKE-06"}, Level: obcert.MUST, Profiles: fullOnly,
			Title: "bakes PNGs with one uncompressed iTXt chunk openbadges holding JSON or a JWS",
			Body:  findingCheck(kind("baked-png"), []string{"BAKE-02", "BAKE-03", "BAKE-04", "BAKE-06", "BAKE-08"}, obcert.Error),
		},
		{
			ID: "issuer/svg-baking", Requirements: []string{"BAKE-10", "BAKE-11", "BAKE-15", "BAKE-16"}, Level: obcert.MUST, Profiles: fullOnly,
			Title: "bakes SVGs with one <openbadges:assertion> element, namespaced, right after the <svg> start tag",
			Body:  findingCheck(kind("baked-svg"), []string{"BAKE-10", "BAKE-11", "BAKE-15", "BAKE-16"}, obcert.Error),
		},
		{
			ID: "issuer/endorsements", Requirements: []string{"ENDORSE-01", "ENDORSE-02", "ENDORSE-03", "ENDORSE-04"}, Level: obcert.MUST, Profiles: fullOnly,
			Title: "links only valid, verifiable endorsements",
			Body:  endorsements,
		},
		{
			ID: "issuer/hashed-recipient", Requirements: []string{"ISSUER-19"}, Level: obcert.SHOULD, Profiles: fullOnly,
			Title: "hashes recipient identities",
			Body:  findingCheck(nil, []string{"ISSUER-19"}, obcert.Error, obcert.Warning, obcert.Info),
		},
		{
			ID: "issuer/utc-timestamps", Requirements: []string{"ISSUER-20"}, Level: obcert.SHOULD, Profiles: fullOnly,
			Title: "publishes timestamps in UTC",
			Body:  findingCheck(nil, []string{"ISSUER-20"}, obcert.Error, obcert.Warning, obcert.Info),
		},
		{
			ID: "issuer/all-kinds", Requirements: []string{"ISSUER-27"}, Level: obcert.SHOULD, Profiles: fullOnly,
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

func kind(k string) func(checked) bool {
	return func(c checked) bool { return c.Kind() == k }
}

// findingCheck builds a spec body that fails on the core's findings naming ids (any finding of the
// given severities when ids is nil) among the declared badges that pass keep.
func findingCheck(keep func(checked) bool, ids []string, sev ...obcert.Severity) func(context.Context, *suites.Env) {
	return func(ctx context.Context, env *suites.Env) {
		ginkgo.GinkgoHelper()
		cs := issued(ctx, env, keep)
		if len(cs) == 0 {
			ginkgo.Skip("the candidate declares no badge this check applies to")
		}
		var ps []match.Problem
		if ids == nil {
			ps = allProblems(cs, sev...)
		} else {
			ps = problems(cs, ids, sev...)
		}
		suites.Evidence(evidence(cs)...)
		suites.Findings(findingsOf(ps))
		if len(ps) > 0 && ps[0].Finding.Hint != "" {
			suites.Hint(ps[0].Finding.Hint)
		}
		Expect(ps).To(match.HaveNoProblems())
	}
}

func allProblems(cs []checked, sev ...obcert.Severity) []match.Problem {
	var out []match.Problem
	for _, c := range cs {
		for _, f := range c.Result.Findings {
			for _, s := range sev {
				if f.Severity == s {
					out = append(out, match.Problem{Badge: c.Label, Finding: f})
				}
			}
		}
	}
	return out
}

func bakedBadge(ctx context.Context, env *suites.Env) {
	var images []checked
	for _, c := range issued(ctx, env, nil) {
		if c.Kind() == "baked-png" || c.Kind() == "baked-svg" || extractionFailed(c) {
			images = append(images, c)
		}
	}
	Expect(images).NotTo(BeEmpty(), "the candidate declares no baked PNG or SVG badge")
	suites.Evidence(evidence(images)...)
	ps := problems(images, []string{"BAKE-08", "BAKE-16", "BAKE-02"}, obcert.Error)
	suites.Findings(findingsOf(ps))
	Expect(ps).To(match.HaveNoProblems())
}

// extractionFailed tells a declared image from which no Open Badges data could be read.
func extractionFailed(c checked) bool {
	for _, f := range c.Result.Findings {
		if f.Check == "PROCESS_BAKED_RESOURCE" {
			return true
		}
	}
	return false
}

func contentNegotiation(ctx context.Context, env *suites.Env) {
	cs := issued(ctx, env, checked.Hosted)
	if len(cs) == 0 {
		ginkgo.Skip("the candidate declares no hosted badge")
	}
	var ps []match.Problem
	seen := map[string]bool{}
	for _, c := range cs {
		u := c.Result.Subject
		if seen[u] {
			continue
		}
		seen[u] = true
		for _, tc := range []struct{ accept, want string }{
			{"application/json", "application/json"},
			{"application/ld+json", "application/ld+json"},
			{"", "application/ld+json"},
		} {
			resp, err := env.Client.Get(ctx, u, tc.accept)
			if err != nil {
				suites.Abort("GET %s: %v", u, err)
			}
			if resp.ContentType != tc.want {
				ps = append(ps, match.Problem{Badge: c.Label, Finding: obcert.Finding{
					Requirements: []string{"ISSUER-09"}, Severity: obcert.Warning,
					Message: fmt.Sprintf("GET %s with Accept %q answered %s, want %s", u, orAny(tc.accept), resp.ContentType, tc.want),
				}})
			}
		}
	}
	suites.Findings(findingsOf(ps))
	Expect(ps).To(match.HaveNoProblems())
}

func orAny(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// revocation checks that every declared revoked badge of one kind is reported revoked.
func revocation(keep func(checked) bool, kind string) func(context.Context, *suites.Env) {
	return func(ctx context.Context, env *suites.Env) {
		cs := revokedBadges(ctx, env, keep)
		if len(cs) == 0 {
			ginkgo.Skip("the candidate declares no revoked " + kind + " badge")
		}
		suites.Evidence(evidence(cs)...)
		var still []string
		for _, c := range cs {
			if !c.Result.Revoked {
				still = append(still, c.Label)
			}
		}
		Expect(still).To(BeEmpty(), "declared revoked %s badge(s) %v are not reported revoked by their issuer", kind, still)
	}
}

func endorsements(ctx context.Context, env *suites.Env) {
	cs := issued(ctx, env, nil)
	ps := problems(cs, []string{"ENDORSE-05"}, obcert.Error, obcert.Warning)
	reached := false
	for _, c := range cs {
		for _, n := range c.Result.Graph {
			if n.Class == "Endorsement" {
				reached = true
			}
		}
	}
	if !reached && len(ps) == 0 {
		ginkgo.Skip("no badge links an endorsement")
	}
	suites.Findings(findingsOf(ps))
	Expect(ps).To(match.HaveNoProblems())
}

func allKinds(ctx context.Context, env *suites.Env) {
	var missing []string
	if len(issued(ctx, env, checked.Hosted)) == 0 {
		missing = append(missing, "a hosted badge")
	}
	if len(issued(ctx, env, checked.Signed)) == 0 {
		missing = append(missing, "a signed badge")
	}
	if len(revokedBadges(ctx, env, checked.Hosted)) == 0 {
		missing = append(missing, "a revoked hosted badge")
	}
	if len(revokedBadges(ctx, env, checked.Signed)) == 0 {
		missing = append(missing, "a revoked signed badge")
	}
	Expect(missing).To(BeEmpty(), "the candidate declares no %v", missing)
}
