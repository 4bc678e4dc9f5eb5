package displayer

import (
	"context"
	"fmt"

	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/suites"
)

// DISPLAYER-12: displayers "must now explicitly perform a JSON-LD expansion/contraction operation …
// before further analysis". The fixture in another JSON-LD form must be shown as its twin in the
// plain form was, field by field.
func jsonLDForm(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	return visitControlled(ctx, env, spec, []string{fixtures.JSONLDForm}, func(s *session, sh shown, o *suites.Outcome) {
		twin := s.shown[sh.Fixture.Twin].Answer
		for _, d := range formDifferences(ctx, env, sh.Answer, twin, o) {
			problem(o, spec, sh.Fixture.ID, "fixture %s (%s) was shown with %s, but its plain twin %s with %s",
				sh.Fixture.ID, sh.Fixture.About, d[0], sh.Fixture.Twin, d[1])
		}
	})
}

// formDifferences lists what the two answers show differently, as pairs (shown here, shown there).
func formDifferences(ctx context.Context, env *suites.Env, a, twin Answer, o *suites.Outcome) [][2]string {
	var out [][2]string
	for _, f := range []struct{ name, a, b string }{
		{"the name", a.Name, twin.Name}, {"the description", a.Description, twin.Description},
		{"the issuer name", a.IssuerName, twin.IssuerName}, {"the status", a.Status, twin.Status},
	} {
		if !sameText(f.a, f.b) {
			out = append(out, [2]string{fmt.Sprintf("%s %q", f.name, clip(normal(f.a))), fmt.Sprintf("%q", clip(normal(f.b)))})
		}
	}
	if normal(a.IssuedOn) != normal(twin.IssuedOn) {
		out = append(out, [2]string{fmt.Sprintf("the issue date %q", a.IssuedOn), fmt.Sprintf("%q", twin.IssuedOn)})
	}
	if !sameShownImage(ctx, env, a.Image, twin.Image, o) {
		out = append(out, [2]string{fmt.Sprintf("the image %s", clip(a.Image)), "another image " + clip(twin.Image)})
	}
	return out
}

// sameShownImage reports whether two shown images are the same: the same text, or the same bytes.
func sameShownImage(ctx context.Context, env *suites.Env, a, b string, o *suites.Outcome) bool {
	if a == b {
		return true
	}
	x, errA := imageBytes(ctx, env.Client, a, o)
	y, errB := imageBytes(ctx, env.Client, b, o)
	return errA == nil && errB == nil && string(x) == string(y)
}
