package runner

import (
	"context"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reports"
	"github.com/obcert/obcert/suites"
)

// stateCatalogue has one spec per way a spec can end.
func stateCatalogue() []suites.Spec {
	return []suites.Spec{
		fakeSpec("pass", obcert.MUST, "ISSUER-01", func(ctx context.Context, env *suites.Env) {
			suites.Evidence("exchanges.har#entry=0")
			suites.Findings([]obcert.Finding{{Check: "VALIDATE_PROPERTY", Severity: obcert.Info,
				Message: "noted", Requirements: []string{"ISSUER-01"}}})
		}),
		fakeSpec("fail", obcert.MUST, "ISSUER-02", func(ctx context.Context, env *suites.Env) {
			gomega.Expect("text/html").To(gomega.Equal("application/ld+json"), "the hosted assertion's type")
		}),
		fakeSpec("should-fail", obcert.SHOULD, "ISSUER-09", func(ctx context.Context, env *suites.Env) {
			suites.Hint("answer text/html with a page")
			ginkgo.Fail("no HTML page")
		}),
		fakeSpec("skip", obcert.MUST, "ISSUER-03", func(ctx context.Context, env *suites.Env) {
			ginkgo.Skip("the candidate declares no revoked badge")
		}),
		fakeSpec("abort", obcert.MUST, "ISSUER-04", func(ctx context.Context, env *suites.Env) {
			suites.Abort("the candidate does not answer at %s", "http://127.0.0.1:1")
		}),
		fakeSpec("timeout", obcert.MUST, "ISSUER-05", func(ctx context.Context, env *suites.Env) {
			<-ctx.Done()
		}),
		fakeSpec("panic", obcert.MUST, "ISSUER-07", func(ctx context.Context, env *suites.Env) {
			var m map[string]int
			m["boom"] = 1
		}),
	}
}

func TestRunMapsEveryState(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	var progress syncBuffer
	r, err := Run(context.Background(), Config{
		CandidateFile: writeFile(t, dir, "candidate.yaml", jwsCandidate), Out: out,
		SpecTimeout: 300 * time.Millisecond, Progress: &progress, Specs: stateCatalogue(), Version: "9.9",
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
		"issuer/fail":        {obcert.StateFailed, "the hosted assertion's type", "fix fail"},
		"issuer/should-fail": {obcert.StateWarning, "no HTML page", "answer text/html with a page"},
		"issuer/skip":        {obcert.StateSkipped, "the candidate declares no revoked badge", ""},
		"issuer/abort":       {obcert.StateError, "does not answer at http://127.0.0.1:1", ""},
		"issuer/timeout":     {obcert.StateError, "timed out after 300ms", ""},
		"issuer/panic":       {obcert.StateError, "assignment to entry in nil map", ""},
	}
	got := byID(r.Results)
	for id, w := range want {
		res := got[id]
		if res.State != w.state || !strings.Contains(res.Message, w.msg) || res.Hint != w.hint {
			t.Errorf("%s: got state %q message %q hint %q; want %q, message containing %q, hint %q",
				id, res.State, res.Message, res.Hint, w.state, w.msg, w.hint)
		}
	}
	checkPassDetails(t, got["issuer/pass"])
	checkReportHead(t, r)
	if !strings.Contains(progress.String(), "spec 7 of 7") {
		t.Errorf("progress lacks the last spec line:\n%s", progress.String())
	}
	checkWrittenReports(t, out, r)
}

func checkPassDetails(t *testing.T, res obcert.Result) {
	t.Helper()
	if len(res.Evidence) != 1 || res.Evidence[0] != "exchanges.har#entry=0" {
		t.Errorf("pass evidence = %v", res.Evidence)
	}
	if len(res.Findings) != 1 || res.Findings[0].Check != "VALIDATE_PROPERTY" {
		t.Errorf("pass findings = %v", res.Findings)
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

// checkWrittenReports reads report.json and junit.xml back and compares them with r.
func checkWrittenReports(t *testing.T, out string, r *obcert.Report) {
	t.Helper()
	for _, p := range append(OutputFiles(out), filepath.Join(out, GinkgoLog)) {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("not written: %v", err)
		}
	}
	f, err := os.Open(filepath.Join(out, reports.JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	back, err := reports.ReadJSON(f)
	if err != nil {
		t.Fatalf("report.json does not read back: %v", err)
	}
	if back.Run.ID != r.Run.ID || back.Verdict != r.Verdict || len(back.Results) != len(r.Results) {
		t.Errorf("report.json disagrees with the run: %+v vs %+v", back.Run, r.Run)
	}
	for i := range back.Results {
		if back.Results[i].ID != r.Results[i].ID || back.Results[i].State != r.Results[i].State {
			t.Errorf("report.json result %d: %s %s, run: %s %s", i, back.Results[i].ID, back.Results[i].State,
				r.Results[i].ID, r.Results[i].State)
		}
	}
	checkJUnit(t, filepath.Join(out, reports.JUnitFile), r)
}

func checkJUnit(t *testing.T, path string, r *obcert.Report) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Skipped  int `xml:"skipped,attr"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("junit.xml does not parse: %v", err)
	}
	c := r.Roles[0].Counts
	if doc.Tests != len(r.Results) || doc.Failures != c[obcert.StateFailed] ||
		doc.Errors != c[obcert.StateError]+c[obcert.StateInterrupted] || doc.Skipped != c[obcert.StateSkipped] {
		t.Errorf("junit.xml counts %+v disagree with the run %v", doc, c)
	}
}

func TestRunTwiceInOneProcess(t *testing.T) {
	dir := t.TempDir()
	cand := writeFile(t, dir, "candidate.yaml", jwsCandidate)
	specs := []suites.Spec{fakeSpec("pass", obcert.MUST, "ISSUER-01", func(context.Context, *suites.Env) {})}
	for i := range 2 {
		r, err := Run(context.Background(), Config{CandidateFile: cand, Out: filepath.Join(dir, "out"), Specs: specs})
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
		"unknown fault":          {ReferenceFault: "no-such-fault", DryRun: true},
		"fault with a candidate": {CandidateFile: cand, ReferenceFault: "anything"},
		"bad label filter":       {CandidateFile: cand, LabelFilter: "issuer && (("},
		"bad focus":              {CandidateFile: cand, Focus: []string{"("}},
		"unknown profile":        {CandidateFile: cand, Profile: "gold"},
		"unknown role":           {CandidateFile: cand, Roles: []obcert.Role{"baker"}},
		"unknown requirement":    {CandidateFile: cand, Requirements: []string{"ISSUER-999"}},
		"missing candidate file": {CandidateFile: filepath.Join(dir, "nope.yaml")},
		"nothing selected":       {CandidateFile: cand, LabelFilter: "displayer"},
	}
	for name, cfg := range cases {
		cfg.Out, cfg.Specs = filepath.Join(dir, "out-"+strings.ReplaceAll(name, " ", "-")), stateCatalogue()
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
