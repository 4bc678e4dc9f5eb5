package main

import (
	"context"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
	"github.com/obcert/obcert/suites/issuer"
)

// onceErring is the issuer suite with one spec that cannot reach the candidate on its first run
// and checks it on any later one.
func onceErring(calls *atomic.Int64) []suites.Suite {
	s := issuer.Suite()
	s.Specs = []suites.Spec{{ID: "issuer/once", Role: obcert.RoleIssuer, Requirements: []string{"ISSUER-07"},
		Level: obcert.MUST, Profiles: []obcert.Profile{obcert.ProfileFull}, Title: "answers the second time",
		Body: func(context.Context, *suites.Env, suites.Spec) suites.Outcome {
			var o suites.Outcome
			if calls.Add(1) == 1 {
				o.CouldNotReach("hosted", "the candidate did not answer")
				return o
			}
			o.Check("hosted")
			return o
		}}}
	return []suites.Suite{s}
}

func TestRunRetriesMakeAFlakyRunExit3(t *testing.T) {
	dir := t.TempDir()
	cand := writeCandidate(t, dir, "candidate: {name: x}\nissuer:\n  badges:\n    - jws: a.b.c\n")
	var calls atomic.Int64
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runWith(t, onceErring(&calls), "run", "-c", cand, "--out", out, "--retries", "2")
	r := readReport(t, out)
	if code != 3 || r.Verdict != obcert.Incomplete || r.Results[0].State != obcert.StateFlaky || calls.Load() != 2 {
		t.Errorf("exit %d verdict %s state %s after %d runs; want 3 INCOMPLETE flaky after 2\nstdout:\n%s\nstderr:\n%s",
			code, r.Verdict, r.Results[0].State, calls.Load(), stdout, stderr)
	}
	if !strings.Contains(stdout, "FLAKY") || !strings.Contains(stdout, "flaky 1") {
		t.Errorf("the summary does not show the flaky result:\n%s", stdout)
	}
	calls.Store(0)
	if code, _, _ := runWith(t, onceErring(&calls), "run", "-c", cand, "--out", out); code != 3 || readReport(t, out).Results[0].State != obcert.StateError {
		t.Errorf("without --retries: exit %d, want 3 with the spec in error", code)
	}
	if code, _, stderr := runWith(t, onceErring(&calls), "run", "-c", cand, "--retries", "-1"); code != 2 || !strings.Contains(stderr, "--retries") {
		t.Errorf("--retries -1: exit %d, stderr %q", code, stderr)
	}
}
