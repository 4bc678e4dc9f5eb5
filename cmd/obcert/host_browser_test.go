package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reference"
)

// TestHostBrowserModeConformant is done-when 5 of issue 13: the reference host's own pages,
// driven in headless Chromium (reference serve --host-mode browser), certify the host role: every
// host spec passed, each with screenshots in the report folder referenced from report.json. It
// runs where chromium is on PATH (CI installs it).
func TestHostBrowserModeConformant(t *testing.T) {
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Skip("chromium is not on PATH (apt-get install chromium)")
	}
	dir := t.TempDir()
	cand := serveMode(t, dir, "adapter", "--host-mode", "browser")
	if raw, _ := os.ReadFile(cand); !bytes.Contains(raw, []byte("mode: browser")) || !bytes.Contains(raw, []byte("/host/ui/import")) {
		t.Fatalf("the candidate file names no host browser section:\n%s", raw)
	}
	out := filepath.Join(dir, "out")
	results := runHost(t, cand, out, 0)
	for _, res := range results {
		if res.State != obcert.StatePassed {
			t.Errorf("%s: %s: %s", res.ID, res.State, res.Message)
		}
		shots := 0
		for _, ev := range res.Evidence {
			if !strings.HasPrefix(ev, "evidence/screenshots/host-") {
				continue
			}
			shots++
			if b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(ev))); err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
				t.Errorf("%s: %s is not a PNG screenshot (%v)", res.ID, ev, err)
			}
		}
		if shots == 0 {
			t.Errorf("%s: report.json references no screenshot: %v", res.ID, res.Evidence)
		}
	}
	t.Logf("%d host specs passed through the browser", len(results))
}

// TestHostBrowserModeCatchesFaults: driven through its pages, the reference host broken by each
// MUST host fault is NOT_CONFORMANT (a SHOULD fault leaves a warning, exit 0), and no spec the
// fault declares passes.
func TestHostBrowserModeCatchesFaults(t *testing.T) {
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Skip("chromium is not on PATH (apt-get install chromium)")
	}
	n := 0
	for _, f := range reference.Faults() {
		if f.Role != obcert.RoleHost {
			continue
		}
		n++
		t.Run(f.Name, func(t *testing.T) {
			dir := t.TempDir()
			cand := serveMode(t, dir, "adapter", "--host-mode", "browser", "--fault", f.Name)
			for _, res := range runHost(t, cand, filepath.Join(dir, "out"), map[obcert.Level]int{obcert.MUST: 1}[f.Level]) {
				if slices.Contains(f.Specs, res.ID) && res.State == obcert.StatePassed {
					t.Errorf("%s passed under %s", res.ID, f.Name)
				}
			}
		})
	}
	if n == 0 {
		t.Error("the reference has no host fault")
	}
}

// TestHostBrowserModeWithoutChromium: with no Chromium on PATH the host specs are errors saying
// how to install it (never skipped, never passed), and the run is INCOMPLETE, exit 3.
func TestHostBrowserModeWithoutChromium(t *testing.T) {
	dir := t.TempDir()
	cand := serveMode(t, dir, "adapter", "--host-mode", "browser")
	t.Setenv("PATH", t.TempDir())
	results := runHost(t, cand, filepath.Join(dir, "out"), 3)
	for _, res := range results {
		if res.State != obcert.StateError || !strings.Contains(res.Message, "host.mode browser needs Chromium") || !strings.Contains(res.Message, "apt-get install chromium") {
			t.Errorf("%s: %s: %s", res.ID, res.State, res.Message)
		}
	}
}

// runHost runs the host role of the candidate file cand into out, wants exit code want, and
// returns the host specs' results (no preflight); it fails when none ran.
func runHost(t *testing.T, cand, out string, want int) []obcert.Result {
	t.Helper()
	code, stdout, stderr := runWith(t, registered(), "run", "-c", cand, "--role", "host", "--out", out)
	if code != want {
		t.Fatalf("run: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, want, stdout, stderr)
	}
	var results []obcert.Result
	for _, res := range readReport(t, out).Results {
		if res.Role == obcert.RoleHost && !strings.HasSuffix(res.ID, "/preflight") {
			results = append(results, res)
		}
	}
	if len(results) == 0 {
		t.Fatal("no host spec ran")
	}
	return results
}
