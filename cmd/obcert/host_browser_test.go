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
	code, stdout, stderr := runWith(t, registered(), "run", "-c", cand, "--role", "host", "--out", out)
	if code != 0 {
		t.Fatalf("run: exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	n := 0
	for _, res := range readReport(t, out).Results {
		if res.Role != obcert.RoleHost || strings.HasSuffix(res.ID, "/preflight") {
			continue
		}
		n++
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
	if n == 0 {
		t.Error("no host spec ran")
	}
	t.Logf("%d host specs passed through the browser", n)
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
			out := filepath.Join(dir, "out")
			code, _, stderr := runWith(t, registered(), "run", "-c", cand, "--role", "host", "--out", out)
			if want := map[obcert.Level]int{obcert.MUST: 1}[f.Level]; code != want {
				t.Fatalf("exit %d, want %d: %s", code, want, stderr)
			}
			for _, res := range readReport(t, out).Results {
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
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runWith(t, registered(), "run", "-c", cand, "--role", "host", "--out", out)
	if code != 3 {
		t.Fatalf("run: exit %d, want 3 (INCOMPLETE)\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	n := 0
	for _, res := range readReport(t, out).Results {
		if res.Role != obcert.RoleHost || strings.HasSuffix(res.ID, "/preflight") {
			continue
		}
		n++
		if res.State != obcert.StateError || !strings.Contains(res.Message, "host.mode browser needs Chromium") || !strings.Contains(res.Message, "apt-get install chromium") {
			t.Errorf("%s: %s: %s", res.ID, res.State, res.Message)
		}
	}
	if n == 0 {
		t.Error("no host spec ran")
	}
}
