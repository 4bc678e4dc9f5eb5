package runner

import (
	"context"
	"encoding/pem"
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
	"time"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/suites"
)

// fetchSpec fetches every badge URL of the candidate and aborts when one does not answer, as
// the real suites do.
func fetchSpec() suites.Spec {
	return fakeSpec("fetch", obcert.MUST, "ISSUER-01", func(ctx context.Context, env *suites.Env, _ suites.Spec) suites.Outcome {
		var o suites.Outcome
		for _, b := range env.Candidate.Issuer.Badges {
			resp, err := env.Client.Get(ctx, b.URL, "application/ld+json")
			if err != nil {
				o.CouldNotReach(b.URL, fmt.Sprintf("fetching %s: %v", b.URL, err))
				continue
			}
			o.Check(b.URL)
			o.AddEvidence(httpx.EntryRef(resp.Entry))
		}
		return o
	})
}

func TestDryRunSendsNoRequest(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	dir := t.TempDir()
	cand := writeFile(t, dir, "c.yaml", "candidate: {name: x}\nissuer:\n  badges:\n    - url: "+srv.URL+"/a\n")
	out := filepath.Join(dir, "out")
	r, err := Run(context.Background(), Config{CandidateFile: cand, Out: out, DryRun: true,
		Suites: suitesOf(append(stateCatalogue(), fetchSpec())...)})
	if err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 0 {
		t.Errorf("a dry run sent %d requests", hits.Load())
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a dry run created the report directory (%v)", err)
	}
	if len(r.Results) != 11 || r.Results[10].ID != "issuer/fetch" || r.Results[10].State != obcert.StateSkipped {
		t.Errorf("dry run results: %+v", r.Results)
	}
}

func TestDryRunNeedsNoCandidate(t *testing.T) {
	r, err := Run(context.Background(), Config{DryRun: true, Suites: suitesOf(stateCatalogue()...), Out: t.TempDir(),
		Reference: "reference", LabelFilter: "ISSUER-01 || ISSUER-02"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Run.Reference != "reference" || r.Run.CandidateFileSha256 != "" || len(r.Results) != 2 {
		t.Errorf("dry run with no candidate: %+v, %d results", r.Run, len(r.Results))
	}
}

// closedPort returns a loopback origin nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

func TestUnreachableCandidateIsIncomplete(t *testing.T) {
	dir := t.TempDir()
	origin := closedPort(t)
	cand := writeFile(t, dir, "c.yaml", "candidate: {name: gone}\nissuer:\n  badges:\n    - url: "+origin+"/a\n")
	out := filepath.Join(dir, "out")
	var progress syncBuffer
	start := time.Now()
	r, err := Run(context.Background(), Config{CandidateFile: cand, Out: out, Suites: suitesOf(fetchSpec()),
		RequestTimeout: 2 * time.Second, SpecTimeout: 5 * time.Second, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %s", d)
	}
	if r.Verdict != obcert.Incomplete || r.Verdict.ExitCode() != 3 {
		t.Errorf("verdict %s, want INCOMPLETE (exit 3)", r.Verdict)
	}
	pre, res := r.Results[0], r.Results[1]
	if pre.ID != "issuer/preflight" || pre.State != obcert.StateError || !strings.Contains(pre.Message, origin+" did not answer: connection refused") ||
		len(pre.Evidence) != 1 {
		t.Errorf("preflight result %s %s %q %v, want an error naming the origin, the cause and the exchange", pre.ID, pre.State, pre.Message, pre.Evidence)
	}
	if want := "not run: " + origin + " did not answer preflight (connection refused"; res.State != obcert.StateError || !strings.HasPrefix(res.Message, want) {
		t.Errorf("result %s %q, want error %q", res.State, res.Message, want)
	}
	if !strings.Contains(progress.String(), "preflight: "+origin+" does not answer") {
		t.Errorf("progress does not report the preflight failure:\n%s", progress.String())
	}
}

func TestCancelInterruptsTheRemainingSpecs(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	specs := []suites.Spec{
		fakeSpec("first", obcert.MUST, "ISSUER-01", checks("x")),
		fakeSpec("cancels", obcert.MUST, "ISSUER-02", func(ctx context.Context, _ *suites.Env, _ suites.Spec) suites.Outcome {
			cancel()
			<-ctx.Done()
			return suites.Outcome{Checked: []string{"x"}}
		}),
		fakeSpec("later", obcert.MUST, "ISSUER-03", checks("x")),
	}
	dir := t.TempDir()
	r, err := Run(ctx, Config{CandidateFile: writeFile(t, dir, "c.yaml", jwsCandidate), Out: dir, Suites: suitesOf(specs...)})
	if err != nil {
		t.Fatal(err)
	}
	want := []obcert.State{obcert.StatePassed, obcert.StateInterrupted, obcert.StateInterrupted}
	for i, w := range want {
		if r.Results[i].State != w {
			t.Errorf("%s: %s, want %s (%s)", r.Results[i].ID, r.Results[i].State, w, r.Results[i].Message)
		}
	}
	if r.Verdict != obcert.Incomplete || !strings.Contains(r.Run.Interrupted, "context canceled") {
		t.Errorf("verdict %s, interrupted %q", r.Verdict, r.Run.Interrupted)
	}
}

func TestRunTimeoutStopsTheRun(t *testing.T) {
	blocks := func(ctx context.Context, _ *suites.Env, _ suites.Spec) suites.Outcome {
		<-ctx.Done()
		return suites.Outcome{Checked: []string{"x"}}
	}
	specs := []suites.Spec{
		fakeSpec("one", obcert.MUST, "ISSUER-01", checks("x")),
		fakeSpec("two", obcert.MUST, "ISSUER-02", blocks),
		fakeSpec("three", obcert.MUST, "ISSUER-03", blocks),
	}
	dir := t.TempDir()
	r, err := Run(context.Background(), Config{CandidateFile: writeFile(t, dir, "c.yaml", jwsCandidate), Out: dir,
		Suites: suitesOf(specs...), RunTimeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	got := []obcert.State{r.Results[0].State, r.Results[1].State, r.Results[2].State}
	if got[0] != obcert.StatePassed || got[1] != obcert.StateError || got[2] != obcert.StateInterrupted {
		t.Errorf("states %v, want passed, error (timed out), interrupted", got)
	}
	if !strings.Contains(r.Results[1].Message, "run timeout") || !strings.Contains(r.Run.Interrupted, "run timeout of 500ms") {
		t.Errorf("message %q, interrupted %q", r.Results[1].Message, r.Run.Interrupted)
	}
	if r.Verdict != obcert.Incomplete {
		t.Errorf("verdict %s, want INCOMPLETE", r.Verdict)
	}
}

func TestRunCertifiesACandidateGivenAsAValue(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	cf := obcert.CandidateFile{Candidate: obcert.Candidate{Name: "value"},
		Issuer: &obcert.IssuerRole{Badges: []obcert.BadgeRef{{URL: srv.URL + "/a"}}}}
	r, err := Run(context.Background(), Config{Candidate: &cf, Reference: "reference (fault: x)", Out: t.TempDir(),
		Suites: suitesOf(fetchSpec())})
	if err != nil {
		t.Fatal(err)
	}
	if r.Run.Reference != "reference (fault: x)" || len(r.Run.CandidateFileSha256) != 64 || r.Candidate.Name != "value" {
		t.Errorf("run: %+v %+v", r.Run, r.Candidate)
	}
	if r.Results[1].State != obcert.StatePassed || r.Results[1].Checked[0] != srv.URL+"/a" {
		t.Errorf("spec against the value: %s %q %v", r.Results[1].State, r.Results[1].Message, r.Results[1].Checked)
	}
}

func TestCandidateCAFileIsTrusted(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	dir := t.TempDir()
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	writeFile(t, dir, "ca.pem", string(caPEM))
	writeFile(t, dir, "junk.pem", "not a certificate")
	body := "candidate: {name: tls}\ntls: {caFile: %s}\nissuer:\n  badges:\n    - url: " + srv.URL + "/a\n"
	r, err := Run(context.Background(), Config{CandidateFile: writeFile(t, dir, "c.yaml", fmt.Sprintf(body, "ca.pem")),
		Out: filepath.Join(dir, "out"), Suites: suitesOf(fetchSpec())})
	if err != nil {
		t.Fatal(err)
	}
	if r.Results[0].State != obcert.StatePassed {
		t.Errorf("https fetch with the candidate's CA: %s %q", r.Results[0].State, r.Results[0].Message)
	}
	_, err = Run(context.Background(), Config{CandidateFile: writeFile(t, dir, "junk.yaml", fmt.Sprintf(body, "junk.pem")),
		Out: filepath.Join(dir, "out2"), Suites: suitesOf(fetchSpec())})
	var ue *UsageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "tls.caFile") {
		t.Errorf("a caFile with no certificate: got %v, want a usage error naming tls.caFile", err)
	}
}
