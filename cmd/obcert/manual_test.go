package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reports"
)

// serveManual runs `obcert reference serve --displayer-mode manual --candidate-out FILE` until the
// test ends, and returns the candidate file's path.
func serveManual(t *testing.T, dir string) string {
	t.Helper()
	cand := serveMode(t, dir, "manual")
	raw, err := os.ReadFile(cand)
	var cf obcert.CandidateFile
	if err == nil {
		err = yaml.Unmarshal(raw, &cf)
	}
	if err != nil || cf.Displayer == nil || cf.Displayer.Adapter != "" {
		t.Fatalf("candidate file (%v): a manual displayer names no adapter:\n%s", err, raw)
	}
	return cand
}

// serveMode runs `obcert reference serve --displayer-mode MODE --candidate-out FILE` until the
// test ends, and returns the candidate file's path.
func serveMode(t *testing.T, dir, mode string, more ...string) string {
	t.Helper()
	cand := filepath.Join(dir, "candidate.yaml")
	stderr, stderrW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	root := newRootCmd(strings.NewReader(""), io.Discard, stderrW)
	root.SetArgs(append([]string{"reference", "serve", "--displayer-mode", mode, "--candidate-out", cand}, more...))
	go func() { done <- root.ExecuteContext(ctx); stderrW.Close() }()
	t.Cleanup(func() { cancel(); <-done })
	line, err := bufio.NewReader(stderr).ReadString('\n')
	go io.Copy(io.Discard, stderr)
	if !strings.HasPrefix(line, "serving") {
		t.Fatalf("the reference did not start: %q %v", line, err)
	}
	raw, err := os.ReadFile(cand)
	if err != nil || !bytes.Contains(raw, []byte("mode: "+mode)) {
		t.Fatalf("candidate file (%v):\n%s", err, raw)
	}
	return cand
}

// referenceAnswersFile writes `obcert reference answers --role displayer` to dir/answers.yaml, with
// a screenshot as evidence of the valid hosted fixture's display.
func referenceAnswersFile(t *testing.T, dir string) string {
	t.Helper()
	code, out, errs := runWith(t, registered(), "reference", "answers", "--role", "displayer")
	if code != 0 {
		t.Fatalf("reference answers: exit %d: %s", code, errs)
	}
	var a obcert.Answers
	if err := yaml.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("the answers printed are not YAML answers: %v\n%s", err, out)
	}
	if err := os.MkdirAll(filepath.Join(dir, "shots"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "shots", "valid-hosted.png"), []byte("a screenshot"), 0o644); err != nil {
		t.Fatal(err)
	}
	vh := a["valid-hosted"]
	vh.Evidence = []string{"shots/valid-hosted.png"}
	a["valid-hosted"] = vh
	b, err := yaml.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "answers.yaml")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestManualModeReviewedToConformant is done-when 4 of issue 12: the reference served for manual
// mode, answered truthfully from an answers file with a screenshot, gives review results (never
// passed), PENDING_REVIEW and exit 4, the screenshot copied into the report folder and referenced;
// `obcert review --accept-all --by NAME` then makes it CONFORMANT, exit 0, and the report says who
// accepted each result and when.
func TestManualModeReviewedToConformant(t *testing.T) {
	dir := t.TempDir()
	cand := serveManual(t, dir)
	answers := referenceAnswersFile(t, dir)
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runWith(t, registered(), "run", "-c", cand, "--answers", answers, "--out", out)
	if code != 4 {
		t.Fatalf("run: exit %d, want 4 (PENDING_REVIEW)\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	r := readReport(t, out)
	if r.Verdict != obcert.PendingReview {
		t.Fatalf("verdict %s, want PENDING_REVIEW", r.Verdict)
	}
	const shot = "evidence/valid-hosted-1-valid-hosted.png"
	if b, err := os.ReadFile(filepath.Join(out, shot)); err != nil || string(b) != "a screenshot" {
		t.Errorf("the screenshot was not copied into the report folder: %v", err)
	}
	var displayer, withShot int
	for _, res := range r.Results {
		if res.Role != obcert.RoleDisplayer {
			if res.State != obcert.StatePassed && res.State != obcert.StateSkipped {
				t.Errorf("%s: %s: %s", res.ID, res.State, res.Message)
			}
			continue
		}
		displayer++
		if res.State != obcert.StateReview || !strings.Contains(res.Message, "the answers agree with what the fixtures must show") {
			t.Errorf("%s: %s: %s; want review, the answers agreeing", res.ID, res.State, res.Message)
		}
		if slices.Contains(res.Evidence, shot) {
			withShot++
		}
	}
	if displayer == 0 || withShot == 0 {
		t.Errorf("%d displayer results, %d referencing the screenshot", displayer, withShot)
	}

	htmlBefore, _ := os.ReadFile(filepath.Join(out, reports.HTMLFile))
	before := time.Now().UTC().Add(-time.Second)
	code, stdout, stderr = runWith(t, registered(), "review", out, "--accept-all", "--by", "Ada Auditor", "--note", "matches the screenshots")
	if code != 0 {
		t.Fatalf("review: exit %d, want 0 (CONFORMANT)\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	r = readReport(t, out)
	if r.Verdict != obcert.Conformant {
		t.Errorf("verdict after review %s, want CONFORMANT", r.Verdict)
	}
	for _, res := range r.Results {
		if res.Role != obcert.RoleDisplayer {
			continue
		}
		d := res.Review
		if res.State != obcert.StateReview || d == nil || d.By != "Ada Auditor" || d.Decision != obcert.ReviewAccepted || d.Note != "matches the screenshots" {
			t.Errorf("%s after review: %s %+v", res.ID, res.State, d)
			continue
		}
		if at, err := time.Parse(time.RFC3339, d.At); err != nil || at.Before(before.Truncate(time.Second)) {
			t.Errorf("%s: decided at %q (%v)", res.ID, d.At, err)
		}
		if !strings.Contains(res.Message, "the answers agree") {
			t.Errorf("%s: the operator's answer is gone: %s", res.ID, res.Message)
		}
	}
	html, _ := os.ReadFile(filepath.Join(out, reports.HTMLFile))
	if !bytes.Contains(html, []byte("Review accepted</strong> by Ada Auditor")) || !bytes.Contains(html, []byte(shot)) {
		t.Error("report.html does not show who accepted the results, or the screenshot")
	}
	if n, m := bytes.Count(htmlBefore, []byte("127.0.0.1")), bytes.Count(html, []byte("127.0.0.1")); n == 0 || m < n {
		t.Errorf("report.html lost its exchanges in review: %d URLs before, %d after", n, m)
	}
	if _, err := os.Stat(filepath.Join(out, harFile)); err != nil {
		t.Errorf("the HAR was not kept: %v", err)
	}
}

// TestManualModeBadInput: without --answers the run is a usage error naming it; an answers file
// with an unknown field, a wrong status, a missing evidence file or a missing fixture is a usage
// error naming the field, and nothing panics.
func TestManualModeBadInput(t *testing.T) {
	dir := t.TempDir()
	cand := serveManual(t, dir)
	good := referenceAnswersFile(t, dir)
	raw, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runWith(t, registered(), "run", "-c", cand, "--out", filepath.Join(dir, "o0"))
	if code != 2 || !strings.Contains(stderr, "--answers") {
		t.Errorf("no answers: exit %d: %s", code, stderr)
	}
	code, _, stderr = runWith(t, registered(), "run", "-c", cand, "--role", "issuer", "--answers", good, "--out", filepath.Join(dir, "o1"))
	if code != 2 || !strings.Contains(stderr, "--answers applies to a displayer in manual mode") {
		t.Errorf("answers for a run without a manual displayer: exit %d: %s", code, stderr)
	}
	for name, tc := range map[string]struct {
		edit func(string) string
		want string
	}{
		"garbage": {func(string) string { return "[1, 2" }, "answers.yaml"},
		"unknown field": {func(s string) string {
			return "vendor-extra:\n  colour: red\n" + s
		}, "vendor-extra.colour: unknown field"},
		"wrong status":     {func(s string) string { return strings.Replace(s, "status: expired", "status: stale", 1) }, `expired.status: "stale" is not one of`},
		"missing evidence": {func(s string) string { return strings.Replace(s, "shots/valid-hosted.png", "shots/gone.png", 1) }, "valid-hosted.evidence[0]"},
		"missing fixture":  {func(s string) string { return strings.Replace(s, "tampered-signature:", "tampered-signatures:", 1) }, "no answer for [tampered-signature]"},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, "answers.yaml")
			if err := os.WriteFile(path, []byte(tc.edit(string(raw))), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := runWith(t, registered(), "run", "-c", cand, "--answers", path, "--out", filepath.Join(dir, "o-"+strings.ReplaceAll(name, " ", "-")))
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, want 2 naming %q: %s", code, tc.want, stderr)
			}
		})
	}
}

// TestReviewDecisions: --accept and --reject decide single results; a rejected result fails the
// verdict, an undecided one keeps it pending; unknown IDs and a missing --by are usage errors.
func TestReviewDecisions(t *testing.T) {
	dir := t.TempDir()
	r := &obcert.Report{ReportVersion: obcert.ReportVersion, Harness: obcert.Harness{Name: "obcert"}, Results: []obcert.Result{
		{ID: "displayer/name", Role: obcert.RoleDisplayer, Level: obcert.MUST, State: obcert.StateReview, Message: "the operator says so"},
		{ID: "displayer/image", Role: obcert.RoleDisplayer, Level: obcert.MUST, State: obcert.StateReview, Message: "the operator says so"},
		{ID: "displayer/other", Role: obcert.RoleDisplayer, Level: obcert.MUST, State: obcert.StatePassed, Checked: []string{"x"}},
	}}
	r.Summarize()
	if _, err := reports.WriteAll(dir, r); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--accept", "displayer/name"}, 2, "--by NAME is required"},
		{[]string{"--by", "A"}, 2, "nothing to decide"},
		{[]string{"--by", "A", "--accept", "displayer/other"}, 2, "displayer/other is not a review result"},
		{[]string{"--by", "A", "--accept", "displayer/name", "--reject", "displayer/name"}, 2, "both accepted and rejected"},
		{[]string{"--by", "A", "--accept", "displayer/name"}, 4, "PENDING_REVIEW"},
		{[]string{"--by", "B", "--reject", "displayer/image", "--note", "the image is blank in the video"}, 1, "NOT_CONFORMANT"},
		{[]string{"--by", "C", "--accept", "displayer/image"}, 0, "CONFORMANT"},
	} {
		code, stdout, stderr := runWith(t, registered(), append([]string{"review", dir}, tc.args...)...)
		if code != tc.code || !strings.Contains(stdout+stderr, tc.want) {
			t.Errorf("review %v: exit %d, want %d and %q\n%s%s", tc.args, code, tc.code, tc.want, stdout, stderr)
		}
	}
	got := readReport(t, dir)
	b, _ := json.Marshal(got.Results[1].Review)
	if d := got.Results[1].Review; d == nil || d.By != "C" || d.Decision != obcert.ReviewAccepted {
		t.Errorf("displayer/image decision: %s", b)
	}
	if d := got.Results[0].Review; d == nil || d.By != "A" {
		t.Errorf("displayer/name lost its decision: %+v", d)
	}
}

// TestCheckAcceptsDecidedReviews: check's "every review result decided" item fails on an
// undecided review result and passes once an auditor decided it, either way.
func TestCheckAcceptsDecidedReviews(t *testing.T) {
	res := obcert.Result{ID: "displayer/name", State: obcert.StateReview}
	r := &obcert.Report{Results: []obcert.Result{res}}
	if it := resultsItem("every review result decided", r, undecided); it.ok || !strings.Contains(it.detail, "displayer/name") {
		t.Errorf("an undecided review result: %+v", it)
	}
	for _, d := range []string{obcert.ReviewAccepted, obcert.ReviewRejected} {
		r.Results[0].Review = &obcert.ReviewDecision{By: "A", At: "2026-12-01T10:00:00Z", Decision: d}
		if it := resultsItem("every review result decided", r, undecided); !it.ok {
			t.Errorf("a review result %s: %+v", d, it)
		}
	}
}

// TestPrepareOutRemovesEarlierEvidence: an earlier report folder loses its evidence/ (obcert's
// copies of evidence files and screenshots) with its report files, so no stale file is referenced.
func TestPrepareOutRemovesEarlierEvidence(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{reports.JSONFile, "evidence/valid-hosted-1-shot.png", "mine.txt"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := prepareOut(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, evidenceDir)); !os.IsNotExist(err) {
		t.Errorf("evidence/ is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "mine.txt")); err != nil {
		t.Errorf("a file of the user's was removed: %v", err)
	}
}
