package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/bundle"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/runner"
	"github.com/obcert/obcert/suites"
)

// newReplayCmd is `obcert replay BUNDLE`: rerun the automated specs from the recorded exchanges.
func newReplayCmd(ss []suites.Suite) *cobra.Command {
	return &cobra.Command{
		Use:   "replay BUNDLE",
		Short: "Rerun every automated spec of a bundle offline, from its recorded exchanges and clock, and compare the results",
		Long: `Rerun every automated spec of the bundle's report with this obcert, offline: every request is
answered from the exchanges recorded in exchanges.har, the clock is the run's own (run.startedAt),
the candidate file is the bundle's. Each result is compared with the one in report.json as
shipped (the signature is not checked: 'obcert verify' does that). It prints what matches, what
differs (both results), and which specs could not be replayed and why. A newer obcert replaying
an older bundle shows what the newer harness would have said.

Exit status: 0 every replayed result matches, 1 some differ, 2 usage error.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return replayBundle(contextOf(cmd), cmd.OutOrStdout(), args[0], ss)
		},
	}
}

func replayBundle(ctx context.Context, w io.Writer, path string, ss []suites.Suite) error {
	b, err := bundle.Open(path)
	if err != nil {
		return usageErr("%v", err)
	}
	recorded, err := b.Report()
	if err != nil {
		return usageErr("%v", err)
	}
	dir, err := os.MkdirTemp("", "obcert-replay-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := b.Extract(filepath.Join(dir, "bundle")); err != nil {
		return usageErr("%v", err)
	}
	plan := planReplay(recorded, ss)
	replayed, missed, err := rerun(ctx, b, recorded, plan.ids, ss, dir)
	if err != nil {
		return err
	}
	if !printReplay(w, recorded, replayed, plan.skip, missed) {
		return errFailed
	}
	return nil
}

// replayPlan is what a replay reruns, and what it cannot with the reason.
type replayPlan struct {
	ids  []string
	skip map[string]string
}

// planReplay keeps the recorded results a machine decided from HTTP exchanges.
func planReplay(r *obcert.Report, ss []suites.Suite) replayPlan {
	known, fresh := map[string]bool{}, map[obcert.Role]string{}
	for _, s := range suites.SpecsOf(ss) {
		known[s.ID] = true
	}
	for _, s := range ss {
		fresh[s.Role] = s.NotReplayable
	}
	p := replayPlan{skip: map[string]string{}}
	for _, res := range r.Results {
		switch {
		case !known[res.ID] && !strings.HasSuffix(res.ID, runner.PreflightSuffix): // every run has its preflight
			p.skip[res.ID] = "this obcert has no such spec"
		case fresh[res.Role] != "":
			p.skip[res.ID] = fresh[res.Role]
		case res.State == obcert.StateReview:
			p.skip[res.ID] = "a person decides it (review), not the recorded exchanges"
		case slices.ContainsFunc(res.Evidence, restsOnFile):
			p.skip[res.ID] = "it rests on evidence files (screenshots, answers), not only on HTTP exchanges"
		default:
			p.ids = append(p.ids, res.ID)
		}
	}
	return p
}

// rerun runs the specs ids of the bundle offline: the HAR answers, the recorded clock ticks.
func rerun(ctx context.Context, b *bundle.Bundle, recorded *obcert.Report, ids []string, ss []suites.Suite, dir string) (*obcert.Report, []string, error) {
	if len(ids) == 0 {
		return &obcert.Report{}, nil, nil
	}
	har, err := httpx.LoadHAR(bytes.NewReader(b.Files[bundle.HARFile]), bundle.DefaultLimits.MaxFileBytes)
	if err != nil {
		return nil, nil, usageErr("%v", err)
	}
	started := recorded.Run.StartedAt
	cfg := runner.Config{Suites: ss, CandidateFile: filepath.Join(dir, "bundle", b.CandidateFileName()),
		Recorder: httpx.NewRecorder(), Out: filepath.Join(dir, "replay"), Profile: recorded.Run.Profile,
		Focus: exactSpecs(recorded, ids), Now: func() time.Time { return started }, Transport: har, Version: version}
	r, err := runner.Run(ctx, cfg)
	var ue *runner.UsageError
	if errors.As(err, &ue) {
		return nil, nil, usageErr("the bundle cannot be replayed: %v", ue.Err)
	}
	if err != nil {
		return nil, nil, &exitError{code: obcert.Incomplete.ExitCode(), err: err}
	}
	return r, har.Missed(), nil
}

// exactSpecs are focus patterns that match exactly the specs ids ("role id title").
func exactSpecs(r *obcert.Report, ids []string) []string {
	var out []string
	for _, res := range r.Results {
		if slices.Contains(ids, res.ID) {
			out = append(out, "^"+regexp.QuoteMeta(string(res.Role)+" "+res.ID+" "))
		}
	}
	return out
}

// printReplay prints one line per recorded result and a summary; it reports whether every
// replayed result matched.
func printReplay(w io.Writer, recorded, replayed *obcert.Report, skip map[string]string, missed []string) bool {
	byID := map[string]obcert.Result{}
	for _, res := range replayed.Results {
		byID[res.ID] = res
	}
	var match, differ, notReplayed int
	for _, rec := range recorded.Results {
		got, ok := byID[rec.ID]
		switch {
		case skip[rec.ID] != "":
			notReplayed++
			fmt.Fprintf(w, "NOT REPLAYED  %s: %s\n", rec.ID, skip[rec.ID])
		case !ok:
			notReplayed++
			fmt.Fprintf(w, "NOT REPLAYED  %s: the replay did not run it\n", rec.ID)
		case got.State == rec.State:
			match++
			fmt.Fprintf(w, "MATCH         %s: %s\n", rec.ID, rec.State)
		case strings.Contains(got.Message, httpx.ErrNotRecorded.Error()):
			notReplayed++
			fmt.Fprintf(w, "NOT REPLAYED  %s: %s\n", rec.ID, oneLineText(got.Message))
		default:
			differ++
			fmt.Fprintf(w, "DIFFERS       %s:\n    recorded: %s %s\n    replayed: %s %s\n", rec.ID, rec.State, oneLineText(rec.Message), got.State, oneLineText(got.Message))
		}
	}
	fmt.Fprintf(w, "replay at %s: %d match, %d differ, %d not replayed; %d requests the recorded exchanges could not answer\n",
		recorded.Run.StartedAt.Format(time.RFC3339), match, differ, notReplayed, len(missed))
	return differ == 0
}

func oneLineText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

// restsOnFile reports whether an evidence reference is a file the check read (a screenshot, an
// answer's file), not a recorded exchange or the full list of findings the run wrote itself.
func restsOnFile(ref string) bool {
	return !strings.HasPrefix(ref, harFile+"#") && !strings.HasPrefix(ref, runner.FindingsDir+"/")
}
