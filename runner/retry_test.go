package runner

import (
	"context"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// erringTimes is a body that cannot reach the candidate the first n times it runs, then checks;
// calls counts the runs. It memoizes its first answer, as real bodies memoize fetches, so a
// retry on the same Env would see the first failure again.
func erringTimes(n int64, calls *atomic.Int64) body {
	return func(_ context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
		call := env.Memo("fetch "+spec.ID, func() any { return calls.Add(1) }).(int64)
		var o suites.Outcome
		if call <= n {
			o.CouldNotReach("hosted", "the candidate did not answer at http://127.0.0.1:1")
			return o
		}
		o.Check("hosted")
		return o
	}
}

func runRetries(t *testing.T, retries int, specs ...suites.Spec) *obcert.Report {
	t.Helper()
	dir := t.TempDir()
	r, err := Run(context.Background(), Config{CandidateFile: writeFile(t, dir, "candidate.yaml", jwsCandidate),
		Out: filepath.Join(dir, "out"), Suites: suitesOf(specs...), Retries: retries})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRetriesMakeAFlakySpec(t *testing.T) {
	var flaky, steady, broken atomic.Int64
	r := runRetries(t, 2,
		fakeSpec("flaky", obcert.MUST, "ISSUER-01", erringTimes(1, &flaky)),
		fakeSpec("steady", obcert.MUST, "ISSUER-02", erringTimes(0, &steady)),
		fakeSpec("broken", obcert.MUST, "ISSUER-03", erringTimes(99, &broken)))
	got := byID(r.Results)
	if res := got["issuer/flaky"]; res.State != obcert.StateFlaky || !strings.Contains(res.Message, "passed only on attempt 2") ||
		!strings.Contains(res.Message, "did not answer") || flaky.Load() != 2 {
		t.Errorf("flaky: state %s, message %q, %d runs; want flaky after 2 runs", res.State, res.Message, flaky.Load())
	}
	if res := got["issuer/steady"]; res.State != obcert.StatePassed || steady.Load() != 1 {
		t.Errorf("steady: state %s after %d runs; want passed after 1", res.State, steady.Load())
	}
	if res := got["issuer/broken"]; res.State != obcert.StateError || !strings.Contains(res.Message, "every one of 3 attempts") || broken.Load() != 3 {
		t.Errorf("broken: state %s, message %q, %d runs; want error after 3", res.State, res.Message, broken.Load())
	}
	if r.Verdict != obcert.Incomplete || r.Verdict.ExitCode() != 3 {
		t.Errorf("verdict %s, want INCOMPLETE (exit 3)", r.Verdict)
	}
	if r.Roles[0].Counts[obcert.StateFlaky] != 1 {
		t.Errorf("counts %v lack the flaky result", r.Roles[0].Counts)
	}
}

func TestNoRetriesByDefault(t *testing.T) {
	var calls atomic.Int64
	r := runRetries(t, 0, fakeSpec("flaky", obcert.MUST, "ISSUER-01", erringTimes(1, &calls)))
	if res := r.Results[0]; res.State != obcert.StateError || calls.Load() != 1 {
		t.Errorf("state %s after %d runs; want error after 1", res.State, calls.Load())
	}
}

func TestFlakyAloneIsIncomplete(t *testing.T) {
	var calls atomic.Int64
	r := runRetries(t, 1, fakeSpec("flaky", obcert.MUST, "ISSUER-01", erringTimes(1, &calls)))
	if r.Results[0].State != obcert.StateFlaky || r.Verdict != obcert.Incomplete {
		t.Errorf("state %s verdict %s; want flaky and INCOMPLETE", r.Results[0].State, r.Verdict)
	}
}
