package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/reference"
	"github.com/obcert/obcert/runner"
	"github.com/obcert/obcert/suites/displayer"
)

// evidenceDir is the report folder's sub-folder that holds the operator's evidence files.
const evidenceDir = "evidence"

// useAnswers gives the run the operator's answers file (--answers), its evidence files copied into
// the report folder's evidence/ and referenced from there. A displayer in manual mode without
// answers is a usage error naming --answers.
func useAnswers(cfg *runner.Config, f runFlags) error {
	if f.answers == "" {
		if manualDisplayer(*cfg, f) {
			return usageErr("displayer.mode manual takes the operator's answers from a file: give --answers FILE ('obcert reference answers --role displayer' prints an example)")
		}
		return nil
	}
	if !manualDisplayer(*cfg, f) {
		return usageErr("--answers applies to a displayer in manual mode, and this run drives none (the candidate's displayer.mode is not manual, or --role leaves the displayer out)")
	}
	a, err := runner.LoadAnswers(f.answers)
	if err != nil {
		return usageErr("--answers: %v", err)
	}
	if err := displayer.CheckAnswers(a); err != nil {
		return usageErr("--answers %s: %v", f.answers, err)
	}
	if !f.dryRun {
		if err := copyEvidence(a, f.out); err != nil {
			return &exitError{code: obcert.Incomplete.ExitCode(), err: err}
		}
	}
	cfg.Answers = a
	return nil
}

// manualDisplayer reports whether the run drives a displayer in manual mode.
func manualDisplayer(cfg runner.Config, f runFlags) bool {
	if len(f.roles) > 0 && !slices.Contains(cfg.Roles, obcert.RoleDisplayer) {
		return false
	}
	var cf *obcert.CandidateFile
	switch {
	case cfg.Candidate != nil:
		cf = cfg.Candidate
	case cfg.CandidateFile != "":
		c, _, err := runner.LoadCandidate(cfg.CandidateFile, cfg.Suites)
		if err != nil {
			return false // the run itself says what is wrong with the file
		}
		cf = &c
	case cfg.CandidateData != nil:
		c, _, err := runner.LoadCandidateBytes(cfg.CandidateData, "the candidate file on standard input", ".", cfg.Suites)
		if err != nil {
			return false
		}
		cf = &c
	}
	return cf != nil && cf.Displayer != nil && cf.Displayer.Mode == displayer.ModeManual
}

// copyEvidence copies every evidence file of a into out/evidence/ (each named by its answer's id,
// its place and its own name) and points the answers at the copies.
func copyEvidence(a obcert.Answers, out string) error {
	ids := make([]string, 0, len(a))
	for id := range a {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		ans := a[id]
		if err := copyAnswerEvidence(&ans, id, out); err != nil {
			return err
		}
		a[id] = ans
	}
	return nil
}

func copyAnswerEvidence(ans *obcert.DisplayAnswer, name, out string) error {
	for i, src := range ans.Evidence {
		rel := filepath.ToSlash(filepath.Join(evidenceDir, fmt.Sprintf("%s-%d-%s", name, i+1, filepath.Base(src))))
		if err := copyFile(src, filepath.Join(out, rel)); err != nil {
			return fmt.Errorf("copying the evidence file %s of %s into the report folder: %w", src, name, err)
		}
		ans.Evidence[i] = rel
	}
	if ans.AfterVerify != nil {
		return copyAnswerEvidence(ans.AfterVerify, name+".afterVerify", out)
	}
	return nil
}

// newReferenceAnswersCmd is `obcert reference answers --role displayer`: a truthful answers file
// for the reference displayer in manual mode, keyed by fixture id (fixture URLs change per run).
func newReferenceAnswersCmd() *cobra.Command {
	var role string
	cmd := &cobra.Command{
		Use:   "answers --role displayer",
		Short: "Print a truthful answers file (YAML) for the reference displayer in manual mode",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if role != string(obcert.RoleDisplayer) {
				return usageErr("--role %q: only the displayer role is driven by an operator's answers; use --role displayer", role)
			}
			a, err := referenceAnswers(contextOf(cmd), time.Now)
			if err != nil {
				return &exitError{code: obcert.Incomplete.ExitCode(), err: err}
			}
			enc := yaml.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent(2)
			if err := enc.Encode(a); err != nil {
				return err
			}
			return enc.Close()
		},
	}
	cmd.Flags().StringVar(&role, "role", string(obcert.RoleDisplayer), "the role to answer for: displayer")
	return cmd
}

// referenceAnswers is what the reference displayer shows for every fixture (and its vendor
// badges), as an operator would answer it: what each fixture must be shown as.
func referenceAnswers(ctx context.Context, now func() time.Time) (obcert.Answers, error) {
	iss, err := fixtures.Start(ctx, fixtures.WithClock(now))
	if err != nil {
		return nil, fmt.Errorf("starting the fixtures issuer: %w", err)
	}
	defer iss.Close()
	at := now().UTC()
	shown := at.Format(time.RFC3339)
	again := at.Add(5 * time.Second).Format(time.RFC3339)
	a := obcert.Answers{}
	for _, f := range iss.Fixtures() {
		d := f.Expected
		ans := obcert.DisplayAnswer{Name: d.Name, Description: d.Description, Image: dataURI(d.ImageBytes),
			IssuerName: d.IssuerName, IssuedOn: d.IssuedOn, Status: string(d.Status), LastVerified: shown}
		switch f.ID {
		case fixtures.RevokedLater:
			after := ans
			after.Status, after.LastVerified = string(fixtures.Revoked), again
			ans.AfterVerify = &after
		case fixtures.ValidHosted:
			after := ans
			after.LastVerified = again
			ans.AfterVerify = &after
		}
		a[f.ID] = ans
	}
	srv, err := reference.Start()
	if err != nil {
		return nil, fmt.Errorf("starting the reference candidate: %w", err)
	}
	defer srv.Close()
	if d := srv.CandidateFile().Displayer; d != nil {
		for i, b := range d.Badges {
			label := b.Name
			if label == "" {
				label = fmt.Sprintf("displayer.badges[%d]", i)
			}
			a[label] = obcert.DisplayAnswer{Status: b.Status, LastVerified: shown}
		}
	}
	return a, nil
}

// dataURI is an image's bytes as a data URI, "" for none.
func dataURI(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return "data:" + http.DetectContentType(b) + ";base64," + base64.StdEncoding.EncodeToString(b)
}
