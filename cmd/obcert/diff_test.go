package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reports"
)

// referenceRun runs the reference, broken with fault when it is not "", into a new folder.
func referenceRun(t *testing.T, fault string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	args := []string{"run", "--out", out}
	if fault != "" {
		args = append(args, "--reference-fault", fault)
	}
	var e bytes.Buffer
	if code := run(args, strings.NewReader(""), &bytes.Buffer{}, &e); code > 1 {
		t.Fatalf("obcert %v: exit %d\n%s", args, code, e.String())
	}
	return out
}

func TestDiffCleanAndFaultedRuns(t *testing.T) {
	clean, faulted := referenceRun(t, ""), referenceRun(t, "hosted-out-of-scope")
	// The clean reference passes every spec, so the regressed specs are exactly those the fault fails.
	var want []string
	for _, res := range readReport(t, faulted).Results {
		if res.State == obcert.StateFailed {
			want = append(want, res.ID)
		}
	}
	slices.Sort(want)
	if len(want) == 0 {
		t.Fatal("the faulted run failed no spec: the diff below could not fail")
	}
	diff := func(args ...string) (int, reports.Diff) {
		var o, e bytes.Buffer
		code := run(append([]string{"diff", "--format", "json"}, args...), strings.NewReader(""), &o, &e)
		var d reports.Diff
		if err := json.Unmarshal(o.Bytes(), &d); err != nil {
			t.Fatalf("diff %v: %v\n%s%s", args, err, o.String(), e.String())
		}
		return code, d
	}
	ids := func(l []reports.SpecChange) []string {
		var out []string
		for _, c := range l {
			out = append(out, c.ID)
		}
		slices.Sort(out)
		return out
	}
	code, d := diff(clean, filepath.Join(faulted, "report.json"))
	if code != 1 || !slices.Equal(ids(d.Regressed), want) || len(d.Fixed)+len(d.Changed)+len(d.Added)+len(d.Removed) != 0 {
		t.Errorf("clean → faulted: exit %d, %v; want exit 1 and exactly %v regressed", code, d, want)
	}
	code, d = diff(faulted, clean)
	if code != 0 || !slices.Equal(ids(d.Fixed), want) || len(d.Regressed) != 0 {
		t.Errorf("faulted → clean: exit %d, %v; want exit 0 and exactly %v fixed", code, d, want)
	}
	var o bytes.Buffer
	if code := run([]string{"diff", clean, faulted}, strings.NewReader(""), &o, &bytes.Buffer{}); code != 1 ||
		!strings.Contains(o.String(), "Verdict: CONFORMANT → NOT_CONFORMANT") || !strings.Contains(o.String(), "Regressed (2):") {
		t.Errorf("text diff: exit %d\n%s", code, o.String())
	}
	o.Reset()
	if code := run([]string{"diff", "--format", "markdown", faulted, clean}, strings.NewReader(""), &o, &bytes.Buffer{}); code != 0 ||
		!strings.Contains(o.String(), "### Fixed (2)") {
		t.Errorf("markdown diff: exit %d\n%s", code, o.String())
	}
}

func TestDiffUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for name, c := range map[string]struct {
		args []string
		want string
	}{
		"missing report": {[]string{"diff", dir, dir}, "no such report"},
		"one argument":   {[]string{"diff", dir}, "accepts 2 arg(s)"},
		"bad format":     {[]string{"diff", "--format", "xml", dir, dir}, `unknown --format "xml"`},
	} {
		var e bytes.Buffer
		if code := run(c.args, strings.NewReader(""), &bytes.Buffer{}, &e); code != 2 || !strings.Contains(e.String(), c.want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", name, code, e.String(), c.want)
		}
	}
}
