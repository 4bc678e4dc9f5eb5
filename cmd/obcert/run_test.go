package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reference"
	"github.com/obcert/obcert/reports"
	"github.com/obcert/obcert/suites"
	"github.com/obcert/obcert/suites/issuer"
)

// runWith runs the command line like run does, over the suites ss.
func runWith(t *testing.T, ss []suites.Suite, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	root := newRootCmdWith(ss, strings.NewReader(""), &out, &errb)
	root.SetArgs(args)
	err := root.Execute()
	if err != nil {
		errb.WriteString("obcert: " + err.Error() + "\n")
	}
	return exitCodeOf(err), out.String(), errb.String()
}

func exitCodeOf(err error) int {
	var ee *exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	}
	return 2
}

func writeCandidate(t *testing.T, dir, content string) string {
	t.Helper()
	path := filepath.Join(dir, "candidate.yaml")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// fetchSuite is the issuer suite with one spec that fetches every badge URL.
func fetchSuite() []suites.Suite {
	s := issuer.Suite()
	s.Specs = []suites.Spec{{ID: "issuer/fetch", Role: obcert.RoleIssuer, Requirements: []string{"ISSUER-07"},
		Level: obcert.MUST, Profiles: []obcert.Profile{obcert.ProfileFull}, Title: "fetches every badge",
		Body: func(ctx context.Context, env *suites.Env, _ suites.Spec) suites.Outcome {
			var o suites.Outcome
			for _, b := range env.Candidate.Issuer.Badges {
				if _, err := env.Client.Get(ctx, b.URL, ""); err != nil {
					o.CouldNotReach(b.URL, fmt.Sprintf("fetching %s: %v", b.URL, err))
					continue
				}
				o.Check(b.URL)
			}
			return o
		}}}
	return []suites.Suite{s}
}

// TestRunReferenceIsConformant is `obcert run --out DIR` on a fresh machine: the clean reference
// against the real catalogue.
func TestRunReferenceIsConformant(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"run", "--out", dir}, strings.NewReader(""), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d, want 0 (CONFORMANT)\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
	for _, p := range outputFiles(dir) {
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("%s not written (%v)", p, err)
		}
	}
}

// TestEveryReferenceFault is the harness's own conformance table: for every fault of the
// reference candidate, `obcert run --reference-fault NAME` must fail or warn exactly the specs the
// fault declares. A MUST fault ends NOT_CONFORMANT (exit 1) with a failed result naming the broken
// requirement; a SHOULD fault stays CONFORMANT (exit 0) with a warning naming it. And every
// spec of the catalogue must be failed or warned by at least one fault: a check that
// no fault can make fail is not a check.
func TestEveryReferenceFault(t *testing.T) {
	caught := map[string]bool{}
	for _, fault := range reference.Faults() {
		t.Run(fault.Name, func(t *testing.T) {
			dir := t.TempDir()
			var stdout, stderr bytes.Buffer
			// A fault changes only its own role's part of the reference, so only that role runs;
			// the specs it declares must all be of that role.
			for _, id := range fault.Specs {
				if !strings.HasPrefix(id, string(fault.Role)+"/") {
					t.Errorf("fault %s declares spec %s of another role than %s", fault.Name, id, fault.Role)
				}
			}
			code := run([]string{"run", "--out", dir, "--role", string(fault.Role), "--reference-fault", fault.Name}, strings.NewReader(""), &stdout, &stderr)
			r := readReport(t, dir)
			if r.Run.Reference != "reference (fault: "+fault.Name+")" {
				t.Errorf("run.reference = %q", r.Run.Reference)
			}
			checkVerdict(t, fault, r, code, stdout.String()+"\nstderr:\n"+stderr.String())
			got := failedOrWarned(r)
			checkSpecs(t, fault, got)
			for _, id := range got {
				caught[id] = true
			}
		})
	}
	for _, s := range suites.SpecsOf(registered()) {
		if !caught[s.ID] {
			t.Errorf("spec %s is failed by no fault of the reference candidate", s.ID)
		}
	}
}

func readReport(t *testing.T, dir string) *obcert.Report {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, reports.JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := reports.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func hasResult(r *obcert.Report, id string, state obcert.State) bool {
	for _, res := range r.Results {
		for _, req := range res.Requirements {
			if req == id && res.State == state {
				return true
			}
		}
	}
	return false
}

func TestRunPrintsSummaryAndFiles(t *testing.T) {
	dir := t.TempDir()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	cand := writeCandidate(t, dir, "candidate: {name: Counted}\nissuer:\n  badges:\n    - url: "+srv.URL+"/a\n")
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runWith(t, fetchSuite(), "run", "-c", cand, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	for _, want := range append([]string{"Verdict: CONFORMANT", "Report files:"}, outputFiles(out)...) {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "spec 1 of 1") || strings.Contains(stderr, "\x1b[") {
		t.Errorf("stderr should hold plain progress lines:\n%q", stderr)
	}
	if hits.Load() != 2 { // the preflight GET and the spec's
		t.Errorf("%d requests, want 2", hits.Load())
	}
}

func TestRunDryRunSendsNoRequest(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	dir := t.TempDir()
	cand := writeCandidate(t, dir, "candidate: {name: x}\nissuer:\n  badges:\n    - url: "+srv.URL+"/a\n")
	code, stdout, stderr := runWith(t, fetchSuite(), "run", "-c", cand, "--dry-run", "--out", filepath.Join(dir, "out"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if hits.Load() != 0 {
		t.Errorf("a dry run sent %d requests", hits.Load())
	}
	if !strings.Contains(stdout, "issuer/fetch  MUST   ISSUER-07     fetches every badge") {
		t.Errorf("dry run output:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("a dry run created the report directory")
	}
}

func TestRunUnreachableCandidateExits3(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	cand := writeCandidate(t, dir, "candidate: {name: gone}\nissuer:\n  badges:\n    - url: "+origin+"/a\n")
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runWith(t, fetchSuite(), "run", "-c", cand, "--out", out,
		"--request-timeout", "2s", "--spec-timeout", "5s")
	if code != 3 {
		t.Errorf("exit %d, want 3 (INCOMPLETE)", code)
	}
	if !strings.Contains(stderr, "preflight: "+origin+" does not answer") || !strings.Contains(stdout, "INCOMPLETE") {
		t.Errorf("stderr:\n%s\nstdout:\n%s", stderr, stdout)
	}
	f, err := os.Open(filepath.Join(out, reports.JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := reports.ReadJSON(f)
	if err != nil || r.Results[0].State != obcert.StateError || !strings.Contains(r.Results[0].Message, origin) {
		t.Errorf("report.json: %v %+v", err, r)
	}
}

func TestRunUsageErrorsExit2(t *testing.T) {
	dir := t.TempDir()
	cand := writeCandidate(t, dir, "candidate: {name: x}\nissuer:\n  badges:\n    - urll: http://127.0.0.1/a\n")
	cases := map[string]struct {
		args []string
		want string
	}{
		"unknown fault":       {[]string{"run", "--reference-fault", "no-such-fault"}, `unknown reference fault "no-such-fault"`},
		"fault and candidate": {[]string{"run", "-c", cand, "--reference-fault", "x"}, "--reference-fault applies"},
		"bad candidate":       {[]string{"run", "-c", cand}, "issuer.badges[0].urll: unknown field"},
		"bad label filter":    {[]string{"run", "--dry-run", "--label-filter", "issuer && (("}, "label filter"},
		"bad duration":        {[]string{"run", "--timeout", "soon"}, "invalid argument"},
		"negative duration":   {[]string{"run", "--spec-timeout", "-1s"}, "--spec-timeout must be positive"},
		"unknown role":        {[]string{"run", "--dry-run", "--role", "baker"}, `unknown role "baker"`},
		"arguments":           {[]string{"run", "extra"}, "unknown command"},
	}
	for name, c := range cases {
		code, _, stderr := runWith(t, fetchSuite(), append(c.args, "--out", filepath.Join(dir, "o"))...)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2", name, code)
		}
		var errb bytes.Buffer
		if got := run(append(c.args, "--out", filepath.Join(dir, "o")), strings.NewReader(""), &bytes.Buffer{}, &errb); got != 2 ||
			!strings.Contains(errb.String(), c.want) {
			t.Errorf("%s: run exit %d, stderr %q; want 2 and %q", name, got, errb.String(), c.want)
		}
		if !strings.Contains(stderr, c.want) {
			t.Errorf("%s: stderr %q lacks %q", name, stderr, c.want)
		}
	}
}
