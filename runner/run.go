package runner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/suites"
)

// GinkgoLog is the file a run writes Ginkgo's console output to, in Config.Out.
const (
	GinkgoLog  = "ginkgo.log"
	dryRunNote = "dry run: not run"
)

// Run certifies the candidate cfg names and returns the conformance report; every HTTP exchange
// is in cfg.Recorder. It returns an error only for a configuration problem (a *UsageError) or
// when the run's folder cannot be written; a candidate that fails or cannot be reached gives a
// report, not an error. Cancelling ctx interrupts the run: the remaining specs end as interrupted
// and the report is still returned. Runs are serialized: Ginkgo keeps its state in package globals.
func Run(ctx context.Context, cfg Config) (*obcert.Report, error) {
	t, err := plan(cfg)
	if err != nil {
		return nil, err
	}
	if cfg.DryRun {
		return dryRunReport(cfg, t), nil
	}
	out := firstNonEmpty(cfg.Out, DefaultOut)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("creating the report directory: %w", err)
	}
	return execute(ctx, cfg, t, out)
}

// execute runs the selected specs against a started target and writes the report.
func execute(ctx context.Context, cfg Config, t *target, out string) (*obcert.Report, error) {
	started := time.Now().UTC()
	rec := cfg.Recorder
	if rec == nil {
		rec = httpx.NewRecorder(httpx.CreatorVersion(cfg.Version))
	}
	env := newEnv(cfg, t, rec)
	defer env.Close()
	p := newProgress(cfg.Progress, cfg.Color, len(t.specs))
	if cfg.Verbose {
		p.lines = maxMessageLines + 1
	}
	p.printf("obcert: %d specs (profile %s) against %s\n", len(t.specs), t.set.profile, firstNonEmpty(t.cf.Candidate.Name, "the candidate"))
	selected := selectedSuites(cfg.Suites, t.specs)
	failed, answered := preflight(ctx, env.Client, originsOf(t.cf, selected), p)
	pre := preflightResults(t.cf, selected, failed, answered, time.Since(started))
	s := newSession(ctx, t.specs, env, t.set, p)
	s.retries = cfg.Retries
	s.blocked = blockedRoles(t.cf, selected, failed)
	if err := runLogged(s, filepath.Join(out, GinkgoLog)); err != nil {
		return nil, err
	}
	r := newReport(cfg, t, started, append(pre, s.results()...))
	r.Run.Interrupted = interruption(ctx, s.suiteReasons(), t.set)
	r.Run.Waivers = waiversOf(cfg, r.Results, env.Now())
	r.Summarize()
	return r, nil
}

func newEnv(cfg Config, t *target, rec *httpx.Recorder) *suites.Env {
	opts := []httpx.Option{httpx.WithRecorder(rec), httpx.WithTimeout(t.set.requestTimeout), httpx.WithVersion(firstNonEmpty(cfg.Version, "dev")),
		httpx.WithDenyPrivate(cfg.DenyPrivate || t.cf.DenyPrivate)}
	if t.pool != nil {
		opts = append(opts, httpx.WithRootCAs(t.pool))
	}
	if cfg.Transport != nil {
		opts = append(opts, httpx.WithTransport(cfg.Transport))
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &suites.Env{Candidate: t.cf, BaseDir: t.baseDir, Client: httpx.New(opts...), Now: now,
		RequestTimeout: t.set.requestTimeout, Answers: cfg.Answers, Out: firstNonEmpty(cfg.Out, DefaultOut), LookupEnv: cfg.LookupEnv}
}

// runLogged runs the session with Ginkgo's console output in the log file at path.
func runLogged(s *session, path string) error {
	log, err := openLog(path)
	if err != nil {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	s.run(log)
	return log.Close()
}

// interruption says why the run stopped early, or "" when it did not.
func interruption(ctx context.Context, reasons []string, set settings) string {
	if ctx.Err() != nil {
		return fmt.Sprint(context.Cause(ctx))
	}
	for _, r := range reasons {
		switch r {
		case "Interrupted by User":
			return "interrupted by the user"
		case "Suite Timeout Elapsed":
			return fmt.Sprintf("the run timeout of %s elapsed", set.runTimeout)
		}
	}
	return ""
}

// dryRunReport lists the selected specs as a report whose results are all skipped.
func dryRunReport(cfg Config, t *target) *obcert.Report {
	results := make([]obcert.Result, len(t.specs))
	for i, spec := range t.specs {
		results[i] = baseResult(spec)
		results[i].State, results[i].Message = obcert.StateSkipped, dryRunNote
	}
	now := time.Now().UTC()
	r := newReport(cfg, t, now, results)
	r.Run.FinishedAt = now
	r.Summarize()
	return r
}
