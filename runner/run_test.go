package runner

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onsi/gomega"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// stateCatalogue has one spec per way a spec can end.
func stateCatalogue() []suites.Spec {
	return []suites.Spec{
		fakeSpec("pass", obcert.MUST, "ISSUER-01", func(context.Context, *suites.Env, suites.Spec) suites.Outcome {
			o := suites.Outcome{Evidence: []string{"exchanges.har#entry=0"}}
			o.Check("hosted")
			return o
		}),
		fakeSpec("fail", obcert.MUST, "ISSUER-02", func(context.Context, *suites.Env, suites.Spec) suites.Outcome {
			var o suites.Outcome
			o.Problemf("hosted", []string{"ISSUER-02"}, "", "the hosted assertion's type is text/html")
			return o
		}),
		fakeSpec("should-fail", obcert.SHOULD, "ISSUER-09", func(context.Context, *suites.Env, suites.Spec) suites.Outcome {
			var o suites.Outcome
			o.Problemf("hosted", []string{"ISSUER-09"}, "answer text/html with a page", "no HTML page")
			return o
		}),
		fakeSpec("skip", obcert.MUST, "ISSUER-03", func(context.Context, *suites.Env, suites.Spec) suites.Outcome {
			return suites.Skipped("the candidate declares no revoked badge")
		}),
		fakeSpec("abort", obcert.MUST, "ISSUER-04", func(context.Context, *suites.Env, suites.Spec) suites.Outcome {
			var o suites.Outcome
			o.CouldNotReach("hosted", "the candidate does not answer at http://127.0.0.1:1")
			return o
		}),
		fakeSpec("timeout", obcert.MUST, "ISSUER-05", func(ctx context.Context, _ *suites.Env, _ suites.Spec) suites.Outcome {
			<-ctx.Done()
			return suites.Outcome{}
		}),
		fakeSpec("panic", obcert.MUST, "ISSUER-07", func(context.Context, *suites.Env, suites.Spec) suites.Outcome {
			var m map[string]int
			m["boom"] = 1
			return suites.Outcome{}
		}),
		fakeSpec("silent", obcert.MUST, "ISSUER-08", func(context.Context, *suites.Env, suites.Spec) suites.Outcome {
			return suites.Outcome{}
		}),
		fakeSpec("unread", obcert.SHOULD, "ISSUER-10", func(context.Context, *suites.Env, suites.Spec) suites.Outcome {
			var o suites.Outcome
			o.CouldNotRead("hosted", "GET http://x/a answered 401 Unauthorized")
			return o
		}),
		fakeSpec("gomega", obcert.MUST, "ISSUER-11", func(context.Context, *suites.Env, suites.Spec) suites.Outcome {
			gomega.Expect([]int{}).NotTo(gomega.BeEmpty())
			return suites.Outcome{Checked: []string{"x"}}
		}),
	}
}

func TestRunMapsEveryState(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	var progress syncBuffer
	r, err := Run(context.Background(), Config{
		CandidateFile: writeFile(t, dir, "candidate.yaml", jwsCandidate), Out: out,
		SpecTimeout: 300 * time.Millisecond, Progress: &progress, Suites: suitesOf(stateCatalogue()...), Version: "9.9",
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := map[string]struct {
		state obcert.State
		msg   string
		hint  string
	}{
		"issuer/pass":        {obcert.StatePassed, "", ""},
		"issuer/fail":        {obcert.StateFailed, "hosted [ISSUER-02]: the hosted assertion's type is text/html", "fix fail"},
		"issuer/should-fail": {obcert.StateWarning, "no HTML page", "answer text/html with a page"},
		"issuer/skip":        {obcert.StateSkipped, "the candidate declares no revoked badge", ""},
		"issuer/abort":       {obcert.StateError, "does not answer at http://127.0.0.1:1", ""},
		"issuer/timeout":     {obcert.StateError, "timed out after 300ms", ""},
		"issuer/panic":       {obcert.StateError, "the check crashed", ""},
		"issuer/silent":      {obcert.StateError, "named no subject", ""},
		"issuer/unread":      {obcert.StateFailed, "hosted: GET http://x/a answered 401", "fix unread"},
		"issuer/gomega":      {obcert.StateError, "stopped without saying what it checked", ""},
	}
	got := byID(r.Results)
	for id, w := range want {
		res := got[id]
		if res.State != w.state || !strings.Contains(res.Message, w.msg) || res.Hint != w.hint {
			t.Errorf("%s: got state %q message %q hint %q; want %q, message containing %q, hint %q",
				id, res.State, res.Message, res.Hint, w.state, w.msg, w.hint)
		}
		if strings.Contains(res.Message, "Expected") || strings.Contains(res.Message, "[]int") {
			t.Errorf("%s: a matcher's dump reached the report: %q", id, res.Message)
		}
	}
	checkPassDetails(t, got["issuer/pass"])
	checkReportHead(t, r)
	if !strings.Contains(progress.String(), "spec 10 of 10") {
		t.Errorf("progress lacks the last spec line:\n%s", progress.String())
	}
	if _, err := os.Stat(filepath.Join(out, GinkgoLog)); err != nil {
		t.Errorf("ginkgo.log not written: %v", err)
	}
}

func checkPassDetails(t *testing.T, res obcert.Result) {
	t.Helper()
	if len(res.Evidence) != 1 || res.Evidence[0] != "exchanges.har#entry=0" {
		t.Errorf("pass evidence = %v", res.Evidence)
	}
	if len(res.Checked) != 1 || res.Checked[0] != "hosted" || len(res.Findings) != 0 {
		t.Errorf("pass checked %v, findings %v", res.Checked, res.Findings)
	}
	if res.Title != "the fake check pass" || res.Level != obcert.MUST || res.Role != obcert.RoleIssuer ||
		len(res.Requirements) != 1 || res.Requirements[0] != "ISSUER-01" {
		t.Errorf("pass result does not carry its spec: %+v", res)
	}
}

func checkReportHead(t *testing.T, r *obcert.Report) {
	t.Helper()
	if r.Verdict != obcert.Incomplete || r.Verdict.ExitCode() != 3 {
		t.Errorf("verdict %s, want INCOMPLETE (errors make the run incomplete)", r.Verdict)
	}
	if r.Harness.Version != "9.9" || r.Spec != SpecVersion || r.Run.Profile != "full" || len(r.Run.ID) != 32 ||
		len(r.Run.CandidateFileSha256) != 64 || r.Candidate.Name != "fake product" || r.Run.Reference != "" {
		t.Errorf("report head: %+v %+v %+v", r.Harness, r.Run, r.Candidate)
	}
	if r.Run.FinishedAt.Before(r.Run.StartedAt) || r.Run.Interrupted != "" {
		t.Errorf("run times or interruption: %+v", r.Run)
	}
}

func TestRunTwiceInOneProcess(t *testing.T) {
	dir := t.TempDir()
	cand := writeFile(t, dir, "candidate.yaml", jwsCandidate)
	ss := suitesOf(fakeSpec("pass", obcert.MUST, "ISSUER-01", checks("x")))
	for i := range 2 {
		r, err := Run(context.Background(), Config{CandidateFile: cand, Out: filepath.Join(dir, "out"), Suites: ss})
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		if r.Verdict != obcert.Conformant || len(r.Results) != 1 {
			t.Fatalf("run %d: verdict %s, %d results", i, r.Verdict, len(r.Results))
		}
	}
}

func TestRunUsageErrors(t *testing.T) {
	dir := t.TempDir()
	cand := writeFile(t, dir, "candidate.yaml", jwsCandidate)
	cases := map[string]Config{
		"no candidate":           {},
		"bad label filter":       {CandidateFile: cand, LabelFilter: "issuer && (("},
		"bad focus":              {CandidateFile: cand, Focus: []string{"("}},
		"unknown profile":        {CandidateFile: cand, Profile: "gold"},
		"unknown role":           {CandidateFile: cand, Roles: []obcert.Role{"baker"}},
		"unknown requirement":    {CandidateFile: cand, Requirements: []string{"ISSUER-999"}},
		"missing candidate file": {CandidateFile: filepath.Join(dir, "nope.yaml")},
		"nothing selected":       {CandidateFile: cand, LabelFilter: "displayer"},
	}
	for name, cfg := range cases {
		cfg.Out, cfg.Suites = filepath.Join(dir, "out-"+strings.ReplaceAll(name, " ", "-")), suitesOf(stateCatalogue()...)
		_, err := Run(context.Background(), cfg)
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%s: got %v, want a *UsageError", name, err)
		}
		if _, statErr := os.Stat(cfg.Out); statErr == nil {
			t.Errorf("%s: the report directory was created for a usage error", name)
		}
	}
}
