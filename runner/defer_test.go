package runner

import (
	"context"
	"testing"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// TestDeferredRunsAfterEverySpec: what a spec defers (stopping a server it started for its role)
// runs once the run's specs are done, not before.
func TestDeferredRunsAfterEverySpec(t *testing.T) {
	var closed, closedEarly bool
	body := func(_ context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
		closedEarly = closedEarly || closed
		env.Memo("server", func() any { env.Defer(func() { closed = true }); return nil })
		return suites.Outcome{Checked: []string{spec.ID}}
	}
	var specs []suites.Spec
	for _, id := range []string{"issuer/one", "issuer/two"} {
		specs = append(specs, suites.Spec{ID: id, Role: obcert.RoleIssuer, Requirements: []string{"ISSUER-07"},
			Level: obcert.MUST, Profiles: []obcert.Profile{obcert.ProfileFull}, Title: id, Body: body})
	}
	cf := obcert.CandidateFile{Candidate: obcert.Candidate{Name: "deferring"}}
	_, err := Run(context.Background(), Config{Suites: []suites.Suite{{Role: obcert.RoleIssuer, Specs: specs}},
		Candidate: &cf, Out: t.TempDir()})
	if err != nil || !closed || closedEarly {
		t.Errorf("run: %v; deferred ran: %t, before a spec: %t", err, closed, closedEarly)
	}
}
