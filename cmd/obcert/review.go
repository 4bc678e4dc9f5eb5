package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reports"
)

// maxHARBytes bounds the HAR `obcert review` reads back to re-render report.html.
const maxHARBytes = 512 << 20

type reviewFlags struct {
	acceptAll      bool
	accept, reject []string
	by, note       string
}

// newReviewCmd is `obcert review REPORT_DIR`: an auditor accepts or rejects each review result.
func newReviewCmd() *cobra.Command {
	var f reviewFlags
	cmd := &cobra.Command{
		Use:   "review REPORT_DIR",
		Short: "Record an auditor's decision on each review result of a report, and recompute its verdict",
		Long: `Record who accepted or rejected each review result of a report folder (results a person
answered, in manual mode), when, and why. The operator's answer (message, evidence) stays; the
decision is added to the result in report.json, and report.html, junit.xml and summary.md are
written again (exchanges.har is kept). An accepted review result counts as passed for the verdict,
a rejected one as failed.

Exit status: that of the new verdict: 0 CONFORMANT, 1 NOT_CONFORMANT, 3 INCOMPLETE, 4
PENDING_REVIEW (results still undecided); 2 for a usage error.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReview(cmd, args[0], f)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.acceptAll, "accept-all", false, "accept every review result not yet decided (and not named by --reject)")
	fl.StringArrayVar(&f.accept, "accept", nil, "accept the review result with this ID (repeatable)")
	fl.StringArrayVar(&f.reject, "reject", nil, "reject the review result with this ID (repeatable)")
	fl.StringVar(&f.by, "by", "", "the auditor's name, recorded with each decision (required)")
	fl.StringVar(&f.note, "note", "", "a note recorded with each decision")
	return cmd
}

func runReview(cmd *cobra.Command, dir string, f reviewFlags) error {
	if strings.TrimSpace(f.by) == "" {
		return usageErr("--by NAME is required: a decision records who made it")
	}
	if !f.acceptAll && len(f.accept) == 0 && len(f.reject) == 0 {
		return usageErr("nothing to decide: give --accept-all, --accept ID or --reject ID")
	}
	r, err := readReportAt(dir)
	if err != nil {
		return err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usageErr("%s: give the report folder, whose report files are written again", dir)
	}
	decisions, err := reviewDecisions(r, f)
	if err != nil {
		return err
	}
	at := time.Now().UTC().Format(time.RFC3339)
	w := cmd.OutOrStdout()
	for i := range r.Results {
		res := &r.Results[i]
		if d, ok := decisions[res.ID]; ok {
			res.Review = &obcert.ReviewDecision{By: f.by, At: at, Decision: d, Note: f.note}
			if !quiet(cmd) {
				fmt.Fprintf(w, "%s %s by %s at %s\n", res.ID, d, f.by, at)
			}
		}
	}
	r.Summarize()
	ex, err := harExchanges(filepath.Join(dir, harFile))
	if err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "obcert: report.html is written without its exchanges: %v\n", err)
	}
	if _, err := reports.WriteAll(dir, r, reports.WithExchanges(ex), reports.WithScreenshots(dir, evidenceRefs(r))); err != nil {
		return &exitError{code: obcert.Incomplete.ExitCode(), err: fmt.Errorf("writing the report: %w", err)}
	}
	if !quiet(cmd) {
		if err := writeSummary(w, r, dir, colorFor(cmd, w)); err != nil {
			return err
		}
	}
	if code := r.Verdict.ExitCode(); code != 0 {
		return &exitError{code: code, err: fmt.Errorf("the verdict is %s", r.Verdict)}
	}
	return nil
}

// reviewDecisions maps each review result the flags decide to accepted or rejected. An ID that is
// no review result of the report, or that is both accepted and rejected, is a usage error.
func reviewDecisions(r *obcert.Report, f reviewFlags) (map[string]string, error) {
	var review []string
	for _, res := range r.Results {
		if res.State == obcert.StateReview {
			review = append(review, res.ID)
		}
	}
	if len(review) == 0 {
		return nil, usageErr("the report has no review result to decide (its verdict is %s)", r.Verdict)
	}
	out := map[string]string{}
	for _, pair := range []struct {
		ids      []string
		decision string
	}{{f.accept, obcert.ReviewAccepted}, {f.reject, obcert.ReviewRejected}} {
		for _, id := range pair.ids {
			if !slices.Contains(review, id) {
				return nil, usageErr("%s is not a review result of the report; its review results: %s", id, strings.Join(review, ", "))
			}
			if d, ok := out[id]; ok && d != pair.decision {
				return nil, usageErr("%s is both accepted and rejected: decide it once", id)
			}
			out[id] = pair.decision
		}
	}
	if f.acceptAll {
		for _, res := range r.Results {
			if _, named := out[res.ID]; !named && res.State == obcert.StateReview && !res.Decided() {
				out[res.ID] = obcert.ReviewAccepted
			}
		}
	}
	return out, nil
}

// harExchanges reads back what report.html shows of each exchange of the run's HAR.
func harExchanges(path string) ([]obcert.Exchange, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxHARBytes {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, maxHARBytes)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Log struct {
			Entries []struct {
				Request struct {
					Method string `json:"method"`
					URL    string `json:"url"`
				} `json:"request"`
				Response struct {
					Status  int `json:"status"`
					Content struct {
						Size     int64  `json:"size"`
						MimeType string `json:"mimeType"`
						Text     string `json:"text"`
						Encoding string `json:"encoding"`
					} `json:"content"`
				} `json:"response"`
				Comment string `json:"comment"`
			} `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := make([]obcert.Exchange, len(doc.Log.Entries))
	for i, e := range doc.Log.Entries {
		c := e.Response.Content
		ex := obcert.Exchange{Method: e.Request.Method, URL: e.Request.URL, Status: e.Response.Status, ContentType: c.MimeType}
		if e.Response.Status == 0 {
			ex.Error = e.Comment
		}
		setBody(&ex, c.Text, c.Encoding == "" && utf8.ValidString(c.Text), c.Size)
		out[i] = ex
	}
	return out, nil
}
