package issuer

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/openbadges"
	"github.com/obcert/obcert/suites"
)

// bakedBadge: ISSUER-01 "Create a valid baked OB 2.0 badge (PNG or SVG)."
func bakedBadge(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	var o suites.Outcome
	cs := issued(ctx, env)
	for _, c := range cs {
		if c.Result == nil || (c.Result.Baked == nil && !extractionFailed(c)) {
			continue
		}
		if reason, unreachable := c.unread(env); unreachable {
			o.CouldNotReach(c.Label, reason)
			continue
		}
		o.Check(c.Label)
		for _, f := range findingsAt(errorsOnly)(c, spec) {
			o.Problem(c.Label, f)
		}
	}
	o.AddEvidence(evidence(cs)...)
	if len(o.Checked) == 0 && len(o.Unread) == 0 {
		o.Problemf("issuer.badges", []string{"ISSUER-01"}, spec.Hint, "the candidate file declares no baked PNG or SVG badge")
	}
	return o
}

// imageWithoutBadge tells a declared image that was read but carries no Open Badges data.
func imageWithoutBadge(c checked) bool {
	return c.Result != nil && c.Result.Baked == nil && extractionFailed(c)
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

// contentNegotiation: ISSUER-09 "default to application/ld+json. If the request's Accept is only
// application/json, answer with application/json."
func contentNegotiation(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	seen := map[string]bool{}
	return walk(env, issued(ctx, env), hostedBadge, func(c checked, o *suites.Outcome) {
		u := c.Result.Subject
		if seen[u] || (!strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://")) {
			return
		}
		seen[u] = true
		for _, tc := range []struct{ accept, want string }{
			{"application/json", "application/json"},
			{"application/ld+json", "application/ld+json"},
			{"", "application/ld+json"},
		} {
			resp, err := env.Client.Get(ctx, u, tc.accept)
			if err != nil {
				o.CouldNotReach(c.Label, fmt.Sprintf("GET %s with Accept %s got no answer: %v", u, orAny(tc.accept), err))
				return
			}
			if resp.Entry >= 0 {
				o.AddEvidence(httpx.EntryRef(resp.Entry))
			}
			if resp.ContentType != tc.want {
				o.Problem(c.Label, obcert.Finding{Check: "SPEC", Severity: obcert.Warning, Requirements: spec.Requirements,
					Message: fmt.Sprintf("GET %s with Accept %s answered %s, not %s", u, orAny(tc.accept), resp.ContentType, tc.want),
					Hint:    spec.Hint})
			}
		}
	})
}

func orAny(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// hostedRevocation: ISSUER-17 "Revoke a hosted Assertion by answering with HTTP 410 Gone."
func hostedRevocation(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	var o suites.Outcome
	cs := revokedBadges(ctx, env)
	for _, c := range cs {
		if revokedHosted(c) != "" {
			continue
		}
		if reason, unreachable := c.unread(env); unreachable || c.Result == nil {
			if unreachable {
				o.CouldNotReach(c.Label, reason)
			} else {
				o.CouldNotRead(c.Label, reason)
			}
			continue
		}
		o.Check(c.Label)
		for _, f := range findingsAt(errorsOnly)(c, spec) {
			o.Problem(c.Label, f)
		}
		if !c.Result.Revoked {
			o.Problemf(c.Label, []string{"ISSUER-17"}, spec.Hint, "it is declared revoked, but %s %s", c.Ref.URL, notRevokedBecause(c))
		}
	}
	o.AddEvidence(evidence(cs)...)
	o.Skip = "the candidate file declares no revoked hosted badge (a url in issuer.revoked)"
	return o
}

func notRevokedBecause(c checked) string {
	switch st := c.status(); st {
	case http.StatusOK:
		return "answered 200 OK with an Assertion that does not say revoked: true"
	case 0:
		return "was never fetched"
	default:
		return fmt.Sprintf("answered %s%s, not 410 Gone", statusText(st), statusHint(st))
	}
}

// signedRevocation: ISSUER-18 "Revoke a signed badge by adding its id to the RevocationList at
// the issuer Profile's revocationList URL."
func signedRevocation(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	var o suites.Outcome
	cs := revokedBadges(ctx, env)
	for _, c := range cs {
		if revokedSigned(c) != "" {
			continue
		}
		if !readable(env, c, &o) {
			continue
		}
		if !c.Result.Revoked && !hasClass(c, openbadges.ClassRevocationList) {
			o.CouldNotRead(c.Label, "its issuer's RevocationList was never read, so its revocation could not be checked"+listTrouble(c))
			continue
		}
		o.Check(c.Label)
		if !c.Result.Revoked {
			o.Problemf(c.Label, []string{"ISSUER-18"}, spec.Hint, "it is declared revoked, but its id %s is not in its issuer's RevocationList",
				c.Result.Subject)
		}
	}
	o.AddEvidence(evidence(cs)...)
	o.Skip = "the candidate file declares no revoked signed badge (a jws, or an image baked with one, in issuer.revoked)"
	return o
}

// listTrouble says what stopped the core from reading the RevocationList: the Profile not read, the
// list's fetch, or the core's own words.
func listTrouble(c checked) string {
	p := c.nodeOf(openbadges.ClassProfile)
	if p == nil {
		return " (its issuer Profile was never read either)"
	}
	if link := linkOf(p, "revocationList"); link == "" {
		return " (its issuer Profile names no revocationList)"
	} else if st := c.linkStatus(link); st != "" {
		return st
	}
	for _, f := range c.Result.FindingsFor("VERIFY-20") {
		if f.Severity == obcert.Error {
			return " (" + f.Message + ")"
		}
	}
	return ""
}

// endorsements: ENDORSE-01..05, every endorsement a badge links is a valid Endorsement.
func endorsements(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	look := findingsAt([]obcert.Severity{obcert.Error, obcert.Warning})
	linksOne := func(c checked) string {
		if hasClass(c, "Endorsement") || len(look(c, spec)) > 0 {
			return ""
		}
		return "it links no endorsement"
	}
	return badgeCheck(linksOne, look)(ctx, env, spec)
}

// allKinds: ISSUER-27 "also test a signed (JWS) badge, expiry, and revocation (hosted 410 and
// RevocationList) produced by the candidate."
func allKinds(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	const subject = "the candidate file's issuer section"
	var o suites.Outcome
	o.Check(subject)
	has := func(cs []checked, keep applies) bool {
		for _, c := range cs {
			if c.Result != nil && keep.why(c) == "" {
				return true
			}
		}
		return false
	}
	badges, revoked := issued(ctx, env), revokedBadges(ctx, env)
	o.AddEvidence(evidence(append(append([]checked{}, badges...), revoked...))...) // the exchanges that read them
	for _, k := range []struct {
		what string
		ok   bool
	}{
		{"a hosted badge", has(badges, hostedBadge)},
		{"a signed badge", has(badges, signedBadge)},
		{"a revoked hosted badge", has(revoked, revokedHosted)},
		{"a revoked signed badge", has(revoked, revokedSigned)},
	} {
		if !k.ok {
			o.Problem(subject, obcert.Finding{Check: "SPEC", Severity: obcert.Warning, Requirements: spec.Requirements,
				Message: "it declares no " + strings.TrimPrefix(k.what, "a "), Hint: spec.Hint})
		}
	}
	return o
}

// revokedHosted applies to a revoked badge declared by URL that is not signed.
func revokedHosted(c checked) string {
	if c.Ref.URL != "" && (c.Result == nil || c.Result.Signed == nil) {
		return ""
	}
	return "it is not a hosted badge"
}

// revokedSigned applies to a revoked badge given as a JWS or carrying one.
func revokedSigned(c checked) string {
	if c.Ref.JWS != "" || (c.Result != nil && c.Result.Signed != nil) {
		return ""
	}
	return "it is not a signed badge"
}
