package main

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

func TestRerunFailedRunsOnlyTheFailedSpecs(t *testing.T) {
	faulted := referenceRun(t, "hosted-out-of-scope")
	var want []string
	for _, res := range readReport(t, faulted).Results {
		if res.State == obcert.StateFailed {
			want = append(want, res.ID)
		}
	}
	if len(want) == 0 || len(want) == len(readReport(t, faulted).Results) {
		t.Fatalf("the faulted run failed %v: the rerun below could not tell", want)
	}
	out := filepath.Join(t.TempDir(), "rerun")
	var o, e bytes.Buffer
	code := run([]string{"run", "--reference-fault", "hosted-out-of-scope", "--rerun-failed", filepath.Join(faulted, "report.json"),
		"--out", out}, strings.NewReader(""), &o, &e)
	var got []string
	for _, res := range readReport(t, out).Results {
		if !strings.HasSuffix(res.ID, "/preflight") { // every run reaches its candidate first
			got = append(got, res.ID)
		}
	}
	if code != 1 || !slices.Equal(got, want) {
		t.Errorf("rerun: exit %d, ran %v; want exit 1 and exactly %v\n%s", code, got, want, e.String())
	}
}

func TestRerunFailedWithNothingToRerun(t *testing.T) {
	clean := referenceRun(t, "")
	var e bytes.Buffer
	code := run([]string{"run", "--rerun-failed", clean, "--out", filepath.Join(t.TempDir(), "o")}, strings.NewReader(""), &bytes.Buffer{}, &e)
	if code != 0 || !strings.Contains(e.String(), "nothing to rerun") {
		t.Errorf("exit %d, stderr %q; want 0 and nothing to rerun", code, e.String())
	}
	code = run([]string{"run", "--rerun-failed", filepath.Join(t.TempDir(), "none")}, strings.NewReader(""), &bytes.Buffer{}, &e)
	if code != 2 {
		t.Errorf("a missing report: exit %d, want 2", code)
	}
}
