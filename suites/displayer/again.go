package displayer

import (
	"context"
	"time"

	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/suites"
)

// DISPLAYER-10: "show the viewer (a) triggering verification and getting results that confirm the
// Assertion is not expired and not revoked". The fixtures issuer revokes the badge after its first
// display; verified again, it must be shown revoked.
func reverification(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	return visitControlled(ctx, env, spec, []string{fixtures.RevokedLater}, func(s *session, sh shown, o *suites.Outcome) {
		if sh.Answer.Status != string(fixtures.Valid) {
			problem(o, spec, sh.Fixture.ID, "fixture %s (%s) was shown as %s at its first display, while it was still valid",
				sh.Fixture.ID, sh.Fixture.About, sh.Answer.Status)
			return
		}
		f, err := s.iss.Revoke(sh.Fixture.ID)
		if err != nil {
			o.CouldNotReach(sh.Fixture.ID, "the fixtures issuer could not revoke it (a harness bug): "+err.Error())
			return
		}
		bindBadge(s.driver, f.ID, f.Badge)
		a, err := s.driver.Verify(ctx, f.Badge)
		o.AddEvidence(a.Evidence...)
		if read(o, f.ID, err) && a.Status != string(fixtures.Revoked) {
			problem(o, spec, f.ID, "fixture %s was shown as %s after verify; %s, so it must be shown revoked", f.ID, a.Status, f.Expected.Reason)
		}
	})
}

// DISPLAYER-20: "Show the date of the last verification and update it when a viewer reverifies."
func lastVerified(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	return visit(ctx, env, []string{fixtures.ValidHosted}, func(s *session, sh shown, o *suites.Outcome) {
		first, _ := time.Parse(time.RFC3339, sh.Answer.LastVerified)
		if age := env.Now().Sub(first); age > 10*time.Minute {
			problem(o, spec, sh.Fixture.ID, "fixture %s was shown as last verified at %s, %s before it was first shown in this run",
				sh.Fixture.ID, sh.Answer.LastVerified, age.Round(time.Second))
			return
		}
		waitPast(ctx, first)
		a, err := s.driver.Verify(ctx, sh.Fixture.Badge)
		if !read(o, sh.Fixture.ID, err) {
			return
		}
		o.AddEvidence(a.Evidence...)
		if again, _ := time.Parse(time.RFC3339, a.LastVerified); !again.After(first) {
			problem(o, spec, sh.Fixture.ID, "fixture %s was shown as last verified at %s before verify and %s after it; the time must move forward",
				sh.Fixture.ID, sh.Answer.LastVerified, a.LastVerified)
		}
	})
}

// waitPast waits until the clock is past t's second, so that a time recorded to the second moves.
func waitPast(ctx context.Context, t time.Time) {
	d := time.Until(t.Truncate(time.Second).Add(time.Second + 50*time.Millisecond))
	if d <= 0 {
		return
	}
	select {
	case <-ctx.Done():
	case <-time.After(min(d, 2*time.Second)):
	}
}
