package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/redact"
	"github.com/obcert/obcert/reference"
	"github.com/obcert/obcert/reports"
	"github.com/obcert/obcert/runner"
	"github.com/obcert/obcert/suites"
)

type runFlags struct {
	candidate, fault, out, profile, labelFilter string
	certify                                     bool
	bundle, signKey                             string
	waivers, rerunFailed                        string
	answers                                     string
	skip                                        []string
	retries                                     int
	focus, requirements, roles                  []string
	dryRun, denyPrivate                         bool
	specTimeout, runTimeout, requestTimeout     time.Duration
}

// newRunCmd is `obcert run`: certify a candidate, or the embedded reference, on the suites ss.
func newRunCmd(ss []suites.Suite, rd *redact.Redactor) *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run [flags]",
		Short: "Certify a candidate (or, with no --candidate, the embedded reference) and write the report",
		Long: `Run the conformance specs against the candidate a candidate file describes, or, with no
--candidate, against the embedded reference candidate started on loopback. Progress goes to
stderr, the summary to stdout; the report (report.json, report.html, junit.xml, summary.md,
exchanges.har) is written to --out, with a copy of the candidate file; --bundle also packs the
folder into one tar.gz, signed with --sign-key; --certify makes it a certification run.

A waivers file (--waivers) marks known, tracked failures as waived: they stay failed in every
report and do not count against the verdict. A waiver that names nothing in the catalogue, or
whose specs all pass, is stale: the report is written and the run exits 1, so waivers cannot rot.
An expired waiver no longer applies.

Exit status: 0 CONFORMANT, 1 NOT_CONFORMANT (or a stale waiver), 2 usage or configuration error,
3 INCOMPLETE (errors, timeouts, interruption, flaky results), 4 PENDING_REVIEW.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runRun(cmd, f, ss, rd)
		},
	}
	addRunFlags(cmd, &f)
	addRunCompletions(cmd, ss)
	return cmd
}

func addRunFlags(cmd *cobra.Command, f *runFlags) {
	fl := cmd.Flags()
	fl.StringVarP(&f.candidate, "candidate", "c", "", "candidate file (YAML or JSON), - for standard input; without it, the embedded reference candidate is certified")
	fl.StringVar(&f.fault, "reference-fault", "", "break the reference candidate with this fault (see 'obcert reference faults')")
	fl.StringVar(&f.out, "out", runner.DefaultOut, "report folder: new, empty, or an earlier report folder (its old report files are replaced)")
	fl.StringVar(&f.profile, "profile", "", "profile: cert-2.0, full or connect-2.1 (default: the candidate file's, else full)")
	fl.StringVar(&f.labelFilter, "label-filter", "", `Ginkgo label filter over role, level, profiles and requirement IDs, e.g. "issuer && MUST"`)
	fl.StringArrayVar(&f.focus, "focus", nil, "run only specs whose role, id or title matches this regular expression (repeatable)")
	fl.StringArrayVar(&f.skip, "skip", nil, "do not run the specs with this spec ID, requirement ID or label (repeatable)")
	fl.StringVar(&f.rerunFailed, "rerun-failed", "", "run only the specs that failed, erred, were interrupted or were flaky in this report (a folder or its report.json)")
	fl.StringSliceVar(&f.requirements, "requirement", nil, "run only specs that check this requirement ID (repeatable, or comma-separated)")
	fl.StringSliceVar(&f.roles, "role", nil, "run only specs of this role: issuer, displayer, host, connect (repeatable)")
	fl.StringVar(&f.answers, "answers", "", "YAML file of the operator's answers for a displayer in manual mode: per fixture id what the product showed, with evidence files")
	fl.StringVar(&f.waivers, "waivers", "", "YAML file of known, tracked failures to waive (spec or requirement, reason, expires, link)")
	fl.IntVar(&f.retries, "retries", 0, "run a spec that ends in error again up to this many times; one that passes only on a retry is flaky (INCOMPLETE, exit 3)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "list the specs that would run and exit; sends no request")
	fl.DurationVar(&f.specTimeout, "spec-timeout", 0, "time limit of one spec (default: the candidate file's, else 60s)")
	fl.DurationVar(&f.runTimeout, "timeout", 0, "time limit of the whole run (default: the candidate file's, else 15m)")
	fl.BoolVar(&f.denyPrivate, "deny-private", false, "refuse to connect to private, loopback, link-local, multicast or unspecified addresses, checked after name resolution (also the candidate file's denyPrivate)")
	fl.DurationVar(&f.requestTimeout, "request-timeout", 0, "time limit of one HTTP exchange (default: the candidate file's, else 10s)")
	addCertifyFlags(cmd, f)
}

func runRun(cmd *cobra.Command, f runFlags, ss []suites.Suite, rd *redact.Redactor) error {
	cfg, more, err := configureRun(cmd, f, ss)
	if !more || err != nil {
		return err
	}
	if err := checkCertifyFlags(f); err != nil {
		return err
	}
	if f.candidate != "" {
		addCandidateSecrets(rd, f.candidate, ss)
	}
	ctx, stop := interruptible(cmd)
	defer stop()
	if f.candidate == "" {
		closeRef, err := useReference(&cfg, f.fault)
		if err != nil {
			return err
		}
		defer closeRef()
		addValueSecrets(rd, cfg.Candidate)
	}
	if err := useAnswers(&cfg, f); err != nil {
		return err
	}
	r, err := runner.Run(ctx, cfg)
	if err != nil {
		var ue *runner.UsageError
		if errors.As(err, &ue) {
			return usageErr("%v", ue.Err)
		}
		return &exitError{code: obcert.Incomplete.ExitCode(), err: err}
	}
	if f.dryRun {
		return writeDryRun(cmd.OutOrStdout(), r)
	}
	redactRun(rd, r)
	if err := writeOutputs(f.out, r, cfg.Recorder, cmd.ErrOrStderr()); err != nil {
		return &exitError{code: obcert.Incomplete.ExitCode(), err: err}
	}
	redactFiles(rd, f.out, cmd.ErrOrStderr(), append([]string{harFile, runner.GinkgoLog}, findingsFiles(r)...)...)
	if err := finishBundle(f, cfg, rd, cmd.ErrOrStderr()); err != nil {
		return err
	}
	return finishRun(cmd, r, f.out)
}

// configureRun turns the flags into the run's Config: the candidate (maybe on standard input),
// the waivers, the specs to rerun, and a report folder ready to be written. It returns false when
// there is nothing to run.
func configureRun(cmd *cobra.Command, f runFlags, ss []suites.Suite) (runner.Config, bool, error) {
	cfg := runConfig(f, cmd.ErrOrStderr(), ss)
	cfg.Color, cfg.Verbose = colorFor(cmd, cmd.ErrOrStderr()), verbose(cmd)
	if quiet(cmd) {
		cfg.Progress = nil
	}
	if err := checkRunFlags(f); err != nil {
		return cfg, false, err
	}
	if err := useStdinCandidate(&cfg, cmd.InOrStdin()); err != nil {
		return cfg, false, err
	}
	if err := loadWaivers(&cfg, f.waivers); err != nil {
		return cfg, false, err
	}
	notes := cmd.ErrOrStderr()
	if quiet(cmd) {
		notes = io.Discard
	}
	if more, err := useRerun(&cfg, f.rerunFailed, notes); !more || err != nil {
		return cfg, false, err
	}
	if !f.dryRun {
		if err := prepareOut(f.out); err != nil {
			return cfg, false, err
		}
	}
	return cfg, true, nil
}

func writeSummary(w io.Writer, r *obcert.Report, out string, color bool) error {
	if err := reports.WriteTerminal(w, r, color); err != nil {
		return err
	}
	fmt.Fprintln(w, "Report files:")
	for _, p := range outputFiles(out) {
		if _, err := os.Stat(p); err == nil {
			fmt.Fprintln(w, "  "+p)
		}
	}
	return nil
}

// useReference points cfg at the embedded reference candidate, broken with fault when it is set,
// and starts it unless the run is a dry run. The returned func stops it.
func useReference(cfg *runner.Config, fault string) (func(), error) {
	cfg.Reference = "reference"
	var opts []reference.Option
	if fault != "" {
		f, ok := reference.LookupFault(fault)
		if !ok {
			return nil, usageErr("unknown reference fault %q: 'obcert reference faults' lists them", fault)
		}
		cfg.Reference = fmt.Sprintf("reference (fault: %s)", f.Name)
		opts = append(opts, reference.WithFault(f))
	}
	if cfg.DryRun {
		return func() {}, nil
	}
	if cfg.Now != nil {
		opts = append(opts, reference.WithClock(cfg.Now))
	}
	srv, err := reference.Start(opts...)
	if err != nil {
		return nil, &exitError{code: obcert.Incomplete.ExitCode(), err: fmt.Errorf("starting the reference candidate: %w", err)}
	}
	cf := srv.CandidateFile()
	cfg.Candidate = &cf
	// The reference's Badge Connect provider is served over TLS from its own in-memory CA.
	cfg.RootCAsPEM = append(cfg.RootCAsPEM, srv.ConnectCAPEM()...)
	return func() { _ = srv.Close() }, nil
}

func checkRunFlags(f runFlags) error {
	for name, d := range map[string]time.Duration{"--spec-timeout": f.specTimeout, "--timeout": f.runTimeout,
		"--request-timeout": f.requestTimeout} {
		if d < 0 {
			return usageErr("%s must be positive, not %s", name, d)
		}
	}
	if f.retries < 0 {
		return usageErr("--retries must be 0 or more, not %d", f.retries)
	}
	if f.denyPrivate && f.candidate == "" {
		return usageErr("--deny-private refuses loopback, where the embedded reference runs: use it with --candidate")
	}
	if f.candidate != "" && f.fault != "" {
		return usageErr("--reference-fault applies to the embedded reference only; drop --candidate or --reference-fault")
	}
	return nil
}

func contextOf(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

// interruptible is the command's context, ended also by SIGINT or SIGTERM; call stop when done.
func interruptible(cmd *cobra.Command) (ctx context.Context, stop context.CancelFunc) {
	return signal.NotifyContext(contextOf(cmd), os.Interrupt, syscall.SIGTERM)
}

func runConfig(f runFlags, stderr io.Writer, ss []suites.Suite) runner.Config {
	roles := make([]obcert.Role, len(f.roles))
	for i, r := range f.roles {
		roles[i] = obcert.Role(strings.ToLower(strings.TrimSpace(r)))
	}
	return runner.Config{
		Suites: ss, CandidateFile: f.candidate, Recorder: runRecorder(f), Out: f.out, Profile: f.profile,
		LabelFilter: f.labelFilter, Focus: f.focus, Skip: f.skip, Retries: f.retries, Requirements: f.requirements, Roles: roles,
		DryRun: f.dryRun, DenyPrivate: f.denyPrivate, SpecTimeout: f.specTimeout, RunTimeout: f.runTimeout, RequestTimeout: f.requestTimeout,
		Progress: stderr, Version: version, Certify: f.certify, LookupEnv: os.LookupEnv,
	}
}

// writeDryRun prints the selected specs: id, level, requirements, title.
func writeDryRun(w io.Writer, r *obcert.Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLEVEL\tREQUIREMENTS\tTITLE")
	for _, res := range r.Results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", res.ID, res.Level, strings.Join(res.Requirements, ","), res.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	noun := "specs"
	if len(r.Results) == 1 {
		noun = "spec"
	}
	_, err := fmt.Fprintf(w, "%d %s selected (profile %s); nothing was run\n", len(r.Results), noun, r.Run.Profile)
	return err
}

// finishRun prints the summary and the files written, unless --quiet, and exits with the
// verdict's status.
func finishRun(cmd *cobra.Command, r *obcert.Report, out string) error {
	if !quiet(cmd) {
		if verbose(cmd) {
			if err := reports.WriteTerminalResults(cmd.OutOrStdout(), r); err != nil {
				return err
			}
		}
		if err := writeSummary(cmd.OutOrStdout(), r, out, colorFor(cmd, cmd.OutOrStdout())); err != nil {
			return err
		}
	}
	if code := r.Verdict.ExitCode(); code != 0 {
		return &exitError{code: code, err: staleWaivers(r)}
	}
	if err := staleWaivers(r); err.Error() != "" {
		return &exitError{code: obcert.NotConformant.ExitCode(), err: err}
	}
	return nil
}
