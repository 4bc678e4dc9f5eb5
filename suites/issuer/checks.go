package issuer

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges"
	"github.com/obcert/obcert/suites"
)

// applies says why a badge is not one a check looks at, or "" when it is.
type applies func(checked) string

func (a applies) why(c checked) string {
	if a == nil {
		return ""
	}
	return a(c)
}

// inspect returns the problems a check finds in one badge whose Assertion was read.
type inspect func(c checked, spec suites.Spec) []obcert.Finding

// walk visits every issued badge whose Assertion was read and that keep applies to. A badge that
// could not be read is recorded as unread (never a pass); when no badge applies, the outcome says
// which badges were declared and why each does not apply. An image that carries no Open Badges
// data is visited only by checks whose keep accepts it (the baking checks, anyBadge).
func walk(env *suites.Env, cs []checked, keep applies, visit func(c checked, o *suites.Outcome)) suites.Outcome {
	var o suites.Outcome
	var notApplicable []string
	for _, c := range cs {
		if imageWithoutBadge(c) && keep == nil {
			notApplicable = append(notApplicable, c.Label+": it is an image that carries no Open Badges data (issuer/baked-badge says why)")
			continue
		}
		if !imageWithoutBadge(c) && !readable(env, c, &o) {
			continue
		}
		if why := keep.why(c); why != "" {
			notApplicable = append(notApplicable, fmt.Sprintf("%s: %s", c.Label, why))
			continue
		}
		o.Check(c.Label)
		visit(c, &o)
	}
	o.AddEvidence(evidence(cs)...)
	o.Skip = "no declared badge applies (" + strings.Join(notApplicable, "; ") + ")"
	if len(cs) == 0 {
		o.Skip = "the candidate file declares no badge in issuer.badges"
	}
	return o
}

// readable records an unread badge in o and reports whether its Assertion was read.
func readable(env *suites.Env, c checked, o *suites.Outcome) bool {
	reason, unreachable := c.unread(env)
	switch {
	case reason == "":
		return true
	case unreachable:
		o.CouldNotReach(c.Label, reason)
	default:
		o.CouldNotRead(c.Label, reason)
	}
	return false
}

// badgeCheck checks every issued badge keep applies to with look.
func badgeCheck(keep applies, look inspect) func(context.Context, *suites.Env, suites.Spec) suites.Outcome {
	return func(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
		return walk(env, issued(ctx, env), keep, func(c checked, o *suites.Outcome) {
			for _, f := range look(c, spec) {
				o.Problem(c.Label, f)
			}
		})
	}
}

// findingCheck fails on the core's findings, at the given severities, that name the spec's own
// requirement IDs.
func findingCheck(keep applies, sev []obcert.Severity) func(context.Context, *suites.Env, suites.Spec) suites.Outcome {
	return badgeCheck(keep, findingsAt(sev))
}

func findingsAt(sev []obcert.Severity) inspect {
	return func(c checked, spec suites.Spec) []obcert.Finding {
		var out []obcert.Finding
		for _, f := range c.Result.FindingsFor(spec.Checked()...) {
			if slices.Contains(sev, f.Severity) {
				out = append(out, f)
			}
		}
		return out
	}
}

// everyError is every ERROR the core found, whatever requirement it names.
func everyError(c checked, _ suites.Spec) []obcert.Finding {
	var out []obcert.Finding
	for _, f := range c.Result.Findings {
		if f.Severity == obcert.Error {
			out = append(out, f)
		}
	}
	return out
}

func both(a, b inspect) inspect {
	return func(c checked, spec suites.Spec) []obcert.Finding { return append(a(c, spec), b(c, spec)...) }
}

// anyBadge applies to every declared badge, an image that carries no badge included.
func anyBadge(checked) string { return "" }

func hostedBadge(c checked) string {
	switch t := c.verificationType(); t {
	case "hosted":
		return ""
	case "":
		return "its Assertion declares no verification type"
	default:
		return "its Assertion declares " + t + " verification, not HostedBadge"
	}
}

func signedBadge(c checked) string {
	if c.Result.Signed != nil {
		return ""
	}
	return "it was not given as a signed badge (a JWS, or an image baked with one)"
}

func kind(k, noun string) applies {
	return func(c checked) string {
		if c.Kind() == k {
			return ""
		}
		return "it is not " + noun
	}
}

// unreadObjects names the Badge Objects of a badge that should have been read and were not: its
// BadgeClass and issuer Profile, and for a signed badge a CryptographicKey of its issuer and the
// RevocationList its Profile names.
func unreadObjects(c checked, spec suites.Spec) []obcert.Finding {
	var out []obcert.Finding
	missing := func(class openbadges.Class, link string) {
		if hasClass(c, class) {
			return
		}
		why := c.linkStatus(link)
		if why == "" && link != "" {
			why = " (" + link + ")"
		}
		out = append(out, obcert.Finding{Check: "SPEC", Severity: obcert.Error, Requirements: spec.Requirements[:1],
			Message: fmt.Sprintf("its %s was never read%s, so it could not be checked", class, why),
			Hint:    "Serve every linked Badge Object publicly at its id, answering 200 OK with its JSON."})
	}
	a := c.assertion()
	missing(openbadges.ClassBadgeClass, linkOf(a, "badge"))
	if bc := c.nodeOf(openbadges.ClassBadgeClass); bc != nil {
		missing(openbadges.ClassProfile, linkOf(bc, "issuer"))
	}
	if p := c.nodeOf(openbadges.ClassProfile); p != nil && c.Result.Signed != nil {
		if linkOf(p, "revocationList") != "" {
			missing(openbadges.ClassRevocationList, linkOf(p, "revocationList"))
		}
		if keys := c.Result.FetchesOf(openbadges.ClassCryptographicKey); len(keys) > 0 && !c.readAny(openbadges.ClassCryptographicKey) {
			missing(openbadges.ClassCryptographicKey, keys[0].URL)
		}
	}
	return out
}

// idIsFetchedURL: "A hosted Assertion's id is the URI where it can be fetched" (ISSUER-10).
func idIsFetchedURL(c checked, spec suites.Spec) []obcert.Finding {
	id := c.Result.Subject
	if strings.HasPrefix(id, "http://") || strings.HasPrefix(id, "https://") {
		return nil
	}
	return []obcert.Finding{{Check: "SPEC", Severity: obcert.Warning, Requirements: []string{"ISSUER-10"},
		Message: fmt.Sprintf("its Assertion is a HostedBadge whose id %s is not an HTTP URL it can be fetched from", id),
		Hint:    "Give a hosted Assertion the http(s) URL it is served at as its id."}}
}
