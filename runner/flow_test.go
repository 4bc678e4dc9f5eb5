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
	"github.com/obcert/obcert/reference"
	"github.com/obcert/obcert/reports"
	"github.com/obcert/obcert/suites"
)

// fetchSpec fetches every badge URL of the candidate and aborts when one does not answer, as
// the real suites do.
func fetchSpec() suites.Spec {
	return fakeSpec("fetch", obcert.MUST, "ISSUER-01", func(ctx context.Context, env *suites.Env) {
		for _, b := range env.Candidate.Issuer.Badges {
			resp, err := env.Client.Get(ctx, b.URL, "application/ld+json")
			if err != nil {
				suites.Abort("fetching %s: %v", b.URL, err)
			}
			suites.Evidence(httpx.EntryRef(resp.Entry))
		}
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
		Specs: append(stateCatalogue(), fetchSpec())})
	if err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 0 {
		t.Errorf("a dry run sent %d requests", hits.Load())
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a dry run created the report directory (%v)", err)
	}
	if len(r.Results) != 8 || r.Results[7].ID != "issuer/fetch" || r.Results[7].State != obcert.StateSkipped {
		t.Errorf("dry run results: %+v", r.Results)
	}
}

func TestDryRunDoesNotStartTheReference(t *testing.T) {
	r, err := Run(context.Background(), Config{DryRun: true, Specs: stateCatalogue(), Out: t.TempDir(),
		LabelFilter: "ISSUER-01 || ISSUER-02"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Run.Reference != "reference" || r.Run.CandidateFileSha256 != "" || len(r.Results) != 2 {
		t.Errorf("dry run against the reference: %+v, %d results", r.Run, len(r.Results))
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
	r, err := Run(context.Background(), Config{CandidateFile: cand, Out: out, Specs: []suites.Spec{fetchSpec()},
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
	res := r.Results[0]
	if res.State != obcert.StateError || !strings.Contains(res.Message, origin+"/a") {
		t.Errorf("result %s %q, want error naming the URL", res.State, res.Message)
	}
	if !strings.Contains(progress.String(), "preflight: "+origin+" does not answer") {
		t.Errorf("progress does not report the preflight failure:\n%s", progress.String())
	}
	if _, err := os.Stat(filepath.Join(out, reports.JSONFile)); err != nil {
		t.Errorf("report.json not written: %v", err)
	}
}

func TestCancelInterruptsTheRemainingSpecs(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	specs := []suites.Spec{
		fakeSpec("first", obcert.MUST, "ISSUER-01", func(context.Context, *suites.Env) {}),
		fakeSpec("cancels", obcert.MUST, "ISSUER-02", func(ctx context.Context, _ *suites.Env) {
			cancel()
			<-ctx.Done()
			suites.Abort("stopped: %v", ctx.Err())
		}),
		fakeSpec("later", obcert.MUST, "ISSUER-03", func(context.Context, *suites.Env) {}),
	}
	dir := t.TempDir()
	r, err := Run(ctx, Config{CandidateFile: writeFile(t, dir, "c.yaml", jwsCandidate), Out: dir, Specs: specs})
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
	if _, err := os.Stat(filepath.Join(dir, reports.JSONFile)); err != nil {
		t.Errorf("report.json not written: %v", err)
	}
}

func TestRunTimeoutStopsTheRun(t *testing.T) {
	blocks := func(ctx context.Context, _ *suites.Env) { <-ctx.Done() }
	specs := []suites.Spec{
		fakeSpec("one", obcert.MUST, "ISSUER-01", func(context.Context, *suites.Env) {}),
		fakeSpec("two", obcert.MUST, "ISSUER-02", blocks),
		fakeSpec("three", obcert.MUST, "ISSUER-03", blocks),
	}
	dir := t.TempDir()
	r, err := Run(context.Background(), Config{CandidateFile: writeFile(t, dir, "c.yaml", jwsCandidate), Out: dir,
		Specs: specs, RunTimeout: 500 * time.Millisecond})
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

func TestRunCertifiesTheReferenceAndClosesIt(t *testing.T) {
	faults := reference.Faults()
	if len(faults) == 0 {
		t.Fatal("the reference has no fault")
	}
	var seen string
	spy := fakeSpec("spy", obcert.MUST, "ISSUER-01", func(ctx context.Context, env *suites.Env) {
		seen = env.Candidate.Issuer.Badges[0].URL
		if _, err := env.Client.Get(ctx, seen, ""); err != nil {
			suites.Abort("%v", err)
		}
	})
	r, err := Run(context.Background(), Config{ReferenceFault: faults[0].Name, Out: t.TempDir(),
		Specs: []suites.Spec{spy}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Run.Reference != "reference (fault: "+faults[0].Name+")" || len(r.Run.CandidateFileSha256) != 64 {
		t.Errorf("run: %+v", r.Run)
	}
	if r.Results[0].State != obcert.StatePassed || !strings.HasPrefix(seen, "http://127.0.0.1:") {
		t.Errorf("spec against the reference: %s %q (url %q)", r.Results[0].State, r.Results[0].Message, seen)
	}
	if resp, err := http.Get(seen); err == nil {
		resp.Body.Close()
		t.Errorf("the reference still answers at %s after the run", seen)
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
		Out: filepath.Join(dir, "out"), Specs: []suites.Spec{fetchSpec()}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Results[0].State != obcert.StatePassed {
		t.Errorf("https fetch with the candidate's CA: %s %q", r.Results[0].State, r.Results[0].Message)
	}
	_, err = Run(context.Background(), Config{CandidateFile: writeFile(t, dir, "junk.yaml", fmt.Sprintf(body, "junk.pem")),
		Out: filepath.Join(dir, "out2"), Specs: []suites.Spec{fetchSpec()}})
	var ue *UsageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "tls.caFile") {
		t.Errorf("a caFile with no certificate: got %v, want a usage error naming tls.caFile", err)
	}
}
