package displayer

import (
	"context"
	"fmt"

	"github.com/obcert/obcert"

	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/suites"
)

type body = func(context.Context, *suites.Env, suites.Spec) suites.Outcome

// DISPLAYER-02: "Each badge displays the BadgeClass image."
func imageCheck(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	return visit(ctx, env, fieldFixtures, func(_ *session, sh shown, o *suites.Outcome) {
		want := sh.Fixture.Expected
		if ok, why := sameImage(ctx, env.Client, sh.Answer.Image, want.Image, want.ImageBytes, o); !ok {
			problem(o, spec, sh.Fixture.ID, "fixture %s (%s): %s", sh.Fixture.ID, sh.Fixture.About, why)
		}
	})
}

// textCheck compares one text field of every field fixture with what must be shown. DISPLAYER-03:
// "Each badge displays the BadgeClass name." DISPLAYER-04: "… the BadgeClass description."
// DISPLAYER-05: "… the issuer name (Profile name)."
func textCheck(field string, got func(Answer) string, want func(fixtures.Display) string) body {
	return func(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
		return visit(ctx, env, fieldFixtures, func(_ *session, sh shown, o *suites.Outcome) {
			if g, w := got(sh.Answer), want(sh.Fixture.Expected); !sameText(g, w) {
				problem(o, spec, sh.Fixture.ID, "fixture %s (%s) was shown with the %s %q; it must show %q",
					sh.Fixture.ID, sh.Fixture.About, field, clip(normal(g)), w)
			}
		})
	}
}

// DISPLAYER-06: "Each badge displays the Assertion issuedOn date."
func issuedOn(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	return visit(ctx, env, fieldFixtures, func(_ *session, sh shown, o *suites.Outcome) {
		if w := sh.Fixture.Expected.IssuedOn; !sameDate(sh.Answer.IssuedOn, w) {
			problem(o, spec, sh.Fixture.ID, "fixture %s (%s) was shown as issued on %q, which is not the date of its issuedOn %s",
				sh.Fixture.ID, sh.Fixture.About, clip(normal(sh.Answer.IssuedOn)), w)
		}
	})
}

// statusCheck checks that every fixture of ids is shown with status want. DISPLAYER-07: "Badge 1
// is shown as neither expired nor revoked." DISPLAYER-08: "Badge 2 is shown with an Expired status
// and as not revoked." DISPLAYER-09: "Badge 3 is shown as not expired with a Revoked status." A
// negative status counts only beside the positive control: the valid fixture shown as valid.
func statusCheck(ids []string, want fixtures.Status, negative bool) body {
	return func(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
		look := func(_ *session, sh shown, o *suites.Outcome) {
			if sh.Answer.Status != string(want) {
				problem(o, spec, sh.Fixture.ID, "fixture %s (%s) was shown as %s; it must be shown %s%s",
					sh.Fixture.ID, sh.Fixture.About, sh.Answer.Status, want, because(sh.Fixture.Expected.Reason))
			}
		}
		if negative {
			return visitControlled(ctx, env, spec, ids, look)
		}
		return visit(ctx, env, ids, look)
	}
}

func because(reason string) string {
	if reason == "" {
		return ""
	}
	return ": " + reason
}

// visitControlled is visit for a negative check: it counts only when the positive control (the
// valid hosted fixture shown as valid) held in the same run; otherwise the check fails, saying so.
func visitControlled(ctx context.Context, env *suites.Env, spec suites.Spec, ids []string, look func(*session, shown, *suites.Outcome)) suites.Outcome {
	controlled := false
	o := visit(ctx, env, []string{fixtures.ValidHosted}, func(_ *session, sh shown, o *suites.Outcome) {
		if controlled = sh.Answer.Status == string(fixtures.Valid); !controlled {
			problemHint(o, spec, sh.Fixture.ID, "Show a valid badge as valid: until then no check that a bad badge is not shown as valid can count.",
				"the positive control failed: fixture %s (%s) was shown as %s, not valid, so how the other fixtures are shown proves nothing",
				sh.Fixture.ID, sh.Fixture.About, sh.Answer.Status)
		}
	})
	if !controlled {
		for i := range o.Unread {
			o.Unread[i].Reason = "the positive control could not be read: " + o.Unread[i].Reason
		}
		return o
	}
	rest := visit(ctx, env, ids, look)
	rest.Evidence = append(o.Evidence, rest.Evidence...)
	return rest
}

// DISPLAYER-22 (harness extension): "show an invalid badge (bad signature, out-of-scope id, wrong
// recipient, 404) as not verified."
func notValid(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	return visitControlled(ctx, env, spec, invalidOnes, func(_ *session, sh shown, o *suites.Outcome) {
		if sh.Answer.Status == string(fixtures.Valid) {
			problem(o, spec, sh.Fixture.ID, "fixture %s (%s) was shown as valid; it is not: %s",
				sh.Fixture.ID, sh.Fixture.About, sh.Fixture.Expected.Reason)
		}
	})
}

// DISPLAYER-13: "For hosted badges, fetch the BadgeClass and issuer Profile from their HTTP ids and
// treat those copies as authoritative."
func hostedClass(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	return visit(ctx, env, []string{fixtures.HostedClass}, func(_ *session, sh shown, o *suites.Outcome) {
		want := sh.Fixture.Expected
		for _, f := range [][3]string{{"name", sh.Answer.Name, want.Name}, {"description", sh.Answer.Description, want.Description}} {
			if !sameText(f[1], f[2]) {
				problem(o, spec, sh.Fixture.ID, "fixture %s (%s) was shown with the %s %q; the hosted BadgeClass's is %q",
					sh.Fixture.ID, sh.Fixture.About, f[0], clip(normal(f[1])), f[2])
			}
		}
	})
}

// problem records a problem about subject under the spec's requirements, with the spec's hint:
// an error for a MUST, a warning for a SHOULD.
func problem(o *suites.Outcome, spec suites.Spec, subject, format string, a ...any) {
	problemHint(o, spec, subject, spec.Hint, format, a...)
}

func problemHint(o *suites.Outcome, spec suites.Spec, subject, hint, format string, a ...any) {
	sev := obcert.Error
	if spec.Level != obcert.MUST {
		sev = obcert.Warning
	}
	o.Problem(subject, obcert.Finding{Check: "SPEC", Severity: sev, Requirements: spec.Requirements,
		Message: fmt.Sprintf(format, a...), Hint: hint})
}
