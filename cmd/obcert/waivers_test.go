package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reports"
)

// runFaulted runs the reference broken with fault hosted-out-of-scope (it fails
// issuer/badges-valid and issuer/hosted-id-in-scope, both through VERIFY-11) with a waivers file.
func runFaulted(t *testing.T, waivers string) (code int, stdout, stderr string, r *obcert.Report, dir string) {
	t.Helper()
	dir = t.TempDir()
	path := filepath.Join(dir, "waivers.yaml")
	if err := os.WriteFile(path, []byte(waivers), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	var o, e bytes.Buffer
	code = run([]string{"run", "--reference-fault", "hosted-out-of-scope", "--out", out, "--waivers", path},
		strings.NewReader(""), &o, &e)
	return code, o.String(), e.String(), readReport(t, out), out
}

func TestRunWaiverTurnsAFaultConformant(t *testing.T) {
	code, stdout, stderr, r, out := runFaulted(t, `waivers:
  - requirement: VERIFY-11
    reason: moving the assertions to the issuer's origin
    expires: "2099-06-30"
    link: https://tracker.example/123
`)
	if code != 0 || r.Verdict != obcert.Conformant {
		t.Fatalf("exit %d verdict %s, want 0 CONFORMANT\nstdout:\n%s\nstderr:\n%s", code, r.Verdict, stdout, stderr)
	}
	for _, id := range []string{"issuer/badges-valid", "issuer/hosted-id-in-scope"} {
		res := resultByID(r, id)
		if res.State != obcert.StateFailed || res.Waived == nil || res.Waived.Link != "https://tracker.example/123" {
			t.Errorf("%s: state %s waived %+v; want failed and waived", id, res.State, res.Waived)
		}
	}
	if !strings.Contains(stdout, "failed 2 (2 waived)") || !strings.Contains(stdout, "FAIL (waived)") || !strings.Contains(stdout, "waived until 2099-06-30: moving the assertions") {
		t.Errorf("the terminal summary does not show the waiver:\n%s", stdout)
	}
	for name, want := range map[string]string{
		reports.HTMLFile:     "<strong>Waived</strong> until 2099-06-30",
		reports.JUnitFile:    `name="issuer/hosted-id-in-scope.waived" value="waived until 2099-06-30: moving the assertions to the issuer&#39;s origin (https://tracker.example/123)"`,
		reports.MarkdownFile: "2 failures are waived: known and tracked",
	} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil || !strings.Contains(string(b), want) {
			t.Errorf("%s does not show the waiver (%v): want %q", name, err, want)
		}
	}
}

func TestRunStaleWaiverFailsTheRun(t *testing.T) {
	code, _, stderr, r, _ := runFaulted(t, `waivers:
  - requirement: VERIFY-11
    reason: moving
    expires: "2099-06-30"
  - spec: issuer/signature-verifies
    reason: key rotation
    expires: "2099-06-30"
`)
	if code != 1 {
		t.Errorf("exit %d, want 1 for a stale waiver", code)
	}
	if !strings.Contains(stderr, "stale waiver (spec issuer/signature-verifies): spec issuer/signature-verifies now passes: remove the waiver") {
		t.Errorf("stderr does not name the stale waiver:\n%s", stderr)
	}
	if stale := r.StaleWaivers(); len(stale) != 1 || stale[0].Spec != "issuer/signature-verifies" {
		t.Errorf("report.json stale waivers %+v", stale)
	}
}

func TestRunExpiredWaiverDoesNotApply(t *testing.T) {
	code, _, _, r, _ := runFaulted(t, "waivers:\n  - requirement: VERIFY-11\n    reason: moving\n    expires: \"2020-01-31\"\n")
	if code != 1 || r.Verdict != obcert.NotConformant {
		t.Errorf("exit %d verdict %s, want 1 NOT_CONFORMANT", code, r.Verdict)
	}
	if res := resultByID(r, "issuer/hosted-id-in-scope"); res.Waived != nil {
		t.Errorf("an expired waiver waived %s", res.ID)
	}
	if len(r.Run.Waivers) != 1 || r.Run.Waivers[0].Status != obcert.WaiverExpired {
		t.Errorf("run.waivers %+v, want one expired", r.Run.Waivers)
	}
}

func TestRunBadWaiversFileExits2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.yaml")
	if err := os.WriteFile(path, []byte("waivers:\n  - spec: x\n    reasn: y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var e bytes.Buffer
	if code := run([]string{"run", "--dry-run", "--waivers", path}, strings.NewReader(""), &bytes.Buffer{}, &e); code != 2 ||
		!strings.Contains(e.String(), "waivers[0].reasn: unknown field (line 3, column 5)") {
		t.Errorf("exit %d, stderr %q; want 2 and the field's path", code, e.String())
	}
}

func resultByID(r *obcert.Report, id string) obcert.Result {
	for _, res := range r.Results {
		if res.ID == id {
			return res
		}
	}
	return obcert.Result{}
}
