package displayer

import (
	"context"
	"fmt"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/openbadges/bake"
	"github.com/obcert/obcert/openbadges/verify"
	"github.com/obcert/obcert/suites"
)

// DISPLAYER-01: "For three vendor-supplied badges … show each". obcert first verifies each with
// its core and refuses (fails) a badge whose declared status is not the one the core finds; the
// others must be shown with their declared status.
func vendorBadges(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	d := env.Candidate.Displayer
	if d == nil || len(d.Badges) == 0 {
		return suites.Skipped("the candidate file declares no vendor badge in displayer.badges")
	}
	s := sessionOf(ctx, env)
	var o suites.Outcome
	if s.err != nil {
		o.CouldNotReach("displayer.badges", "the displayer could not be tested: "+s.err.Error())
		return o
	}
	for i, vb := range d.Badges {
		label := vb.Name
		if label == "" {
			label = fmt.Sprintf("displayer.badges[%d]", i)
		}
		vendorBadge(ctx, env, spec, s, label, vb, &o)
	}
	return o
}

func vendorBadge(ctx context.Context, env *suites.Env, spec suites.Spec, s *session, label string, vb obcert.DisplayBadge, o *suites.Outcome) {
	in, ok := agreed(ctx, env, spec, label, vb, o)
	if !ok {
		return
	}
	b, err := badgeOf(in.Value, in.Data)
	if err != nil {
		o.CouldNotRead(label, err.Error())
		return
	}
	bindBadge(s.driver, label, b)
	a, err := s.driver.Display(ctx, b)
	if read(o, label, err) {
		o.Check(label)
		o.AddEvidence(a.Evidence...)
		if a.Status != vb.Status {
			problem(o, spec, label, "%s was shown as %s; it is %s", label, a.Status, vb.Status)
		}
	}
}

// agreed verifies a vendor badge with the core and reports whether the core finds the status it is
// declared with; when not, o says that obcert refuses it, and why.
func agreed(ctx context.Context, env *suites.Env, spec suites.Spec, label string, vb obcert.DisplayBadge, o *suites.Outcome) (verify.Input, bool) {
	in, err := suites.BadgeInput(env, vb.BadgeRef)
	if err != nil {
		o.CouldNotRead(label, "the badge could not be read: "+err.Error())
		return in, false
	}
	res, err := fixtures.Verify(ctx, env.Client, env.Now, in)
	if err != nil {
		o.CouldNotRead(label, "the verification core could not verify it: "+err.Error())
		return in, false
	}
	if got, why := fixtures.StatusOf(res); string(got) != vb.Status {
		problemHint(o, spec, label, "Declare the status the badge really has, or supply a badge that has the declared status.",
			"obcert refuses this badge: it is declared %s, but the verification core finds it %s (%s)", vb.Status, got, why)
		return in, false
	}
	return in, true
}

// badgeOf is a vendor badge as the driver takes it: a URL or JWS as it is, a file as a baked image.
func badgeOf(value string, data []byte) (fixtures.Badge, error) {
	text := strings.TrimSpace(string(data))
	switch {
	case len(data) > 0 && bake.Sniff(data) == bake.SVG:
		return fixtures.Badge{Image: data, MediaType: "image/svg+xml"}, nil
	case len(data) > 0 && bake.Sniff(data) == bake.PNG:
		return fixtures.Badge{Image: data, MediaType: "image/png"}, nil
	case strings.HasPrefix(text, "{"):
		return fixtures.Badge{}, fmt.Errorf("a JSON file cannot be given to the display adapter: declare the badge by its url")
	case text != "":
		return fixtures.Badge{JWS: text}, nil
	case strings.HasPrefix(value, "http://") || strings.HasPrefix(value, "https://"):
		return fixtures.Badge{URL: value}, nil
	}
	return fixtures.Badge{JWS: value}, nil
}
