package displayer

import (
	"context"
	"fmt"

	"github.com/obcert/obcert/api"
	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/suites"
)

// shown is one fixture and what the product showed for it at its first display.
type shown struct {
	Fixture fixtures.Fixture
	Answer  Answer
	Err     error
}

// session is the run's fixtures issuer, driver and first displays, shared by the role's specs.
type session struct {
	iss    *fixtures.Issuer
	driver Driver
	shown  map[string]shown
	err    error // the harness could not start: the issuer refused its fixtures, or no driver
}

// sessionOf starts the fixtures issuer once per run (closed when the run ends) and shows the
// product every fixture once.
func sessionOf(ctx context.Context, env *suites.Env) *session {
	return env.Memo("displayer/session", func() any {
		s := &session{shown: map[string]shown{}}
		if s.driver, s.err = driverFor(env); s.err != nil {
			return s
		}
		if s.iss, s.err = fixtures.Start(ctx, fixtures.WithClock(env.Now)); s.err != nil {
			return s
		}
		env.Defer(func() { _ = s.iss.Close() })
		for _, f := range s.iss.Fixtures() {
			bindBadge(s.driver, f.ID, f.Badge)
			a, err := s.driver.Display(ctx, f.Badge)
			s.shown[f.ID] = shown{Fixture: f, Answer: a, Err: err}
		}
		return s
	}).(*session)
}

// driverFor is the driver the candidate file's displayer.mode names.
func driverFor(env *suites.Env) (Driver, error) {
	d := env.Candidate.Displayer
	if d.Mode == ModeManual {
		if env.Answers == nil {
			return nil, fmt.Errorf("displayer.mode %s needs the operator's answers: run with --answers FILE", ModeManual)
		}
		return newManual(env.Answers), nil
	}
	if d.Mode == ModeBrowser && d.Browser != nil {
		return newBrowser(env, *d.Browser)
	}
	if d.Mode != ModeAdapter {
		return nil, fmt.Errorf("displayer.mode %q is not a mode obcert drives", d.Mode)
	}
	shape, err := api.DisplayShape()
	if err != nil {
		return nil, err
	}
	return &adapter{base: d.Adapter, client: env.Client, shape: shape}, nil
}

// read records in o why the answer for a fixture could not be read, and reports whether it was.
func read(o *suites.Outcome, id string, err error) bool { return suites.ReadAnswer(o, id, err) }

// visit calls look for each fixture of ids whose first display was read; a fixture whose answer
// could not be read is unread (never a pass). Without a displayer section nothing applies.
func visit(ctx context.Context, env *suites.Env, ids []string, look func(s *session, sh shown, o *suites.Outcome)) suites.Outcome {
	if env.Candidate.Displayer == nil {
		return suites.Skipped("the candidate file declares no displayer section")
	}
	var o suites.Outcome
	s := sessionOf(ctx, env)
	if s.err != nil {
		o.CouldNotReach("fixtures issuer", "the displayer could not be tested: "+s.err.Error())
		return o
	}
	for _, id := range ids {
		sh := s.shown[id]
		o.AddEvidence(sh.Answer.Evidence...)
		if read(&o, id, sh.Err) {
			o.Check(id)
			look(s, sh, &o)
		}
	}
	return o
}
