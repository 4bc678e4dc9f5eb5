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
	"github.com/obcert/obcert/reports"
)

// TestBrowserModeConformant is done-when 2 of issue 12: the reference displayer's HTML page,
// driven in headless Chromium, is CONFORMANT, with a screenshot per fixture in the report folder,
// referenced from report.json and shown in report.html. A status selector that matches nothing
// fails the specs, naming the field. It runs where chromium is on PATH (CI installs it).
func TestBrowserModeConformant(t *testing.T) {
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Skip("chromium is not on PATH (apt-get install chromium)")
	}
	dir := t.TempDir()
	cand := serveMode(t, dir, "browser")
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runWith(t, registered(), "run", "-c", cand, "--role", "displayer", "--out", out)
	if code != 0 {
		t.Fatalf("run: exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	r := readReport(t, out)
	html, _ := os.ReadFile(filepath.Join(out, reports.HTMLFile))
	shots := map[string]bool{}
	for _, res := range r.Results {
		for _, ev := range res.Evidence {
			if strings.HasPrefix(ev, "evidence/screenshots/") {
				shots[ev] = true
			}
		}
	}
	for _, id := range []string{"valid-hosted", "valid-signed", "baked-png", "baked-svg", "expired", "revoked-hosted",
		"revoked-signed", "tampered-signature", "out-of-scope", "issuer-404", "json-ld-form", "hosted-badgeclass", "revoked-later", "endorsed"} {
		ref := "evidence/screenshots/" + id + ".png"
		b, err := os.ReadFile(filepath.Join(out, ref))
		if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
			t.Errorf("%s: no PNG screenshot (%v)", id, err)
		}
		if !shots[ref] || !bytes.Contains(html, []byte(ref)) {
			t.Errorf("%s: the screenshot is not referenced from report.json (%v) and report.html", id, shots[ref])
		}
	}
	if n := bytes.Count(html, []byte(`<img class="screenshot" src="data:image/png;base64,`)); n < 14 {
		t.Errorf("report.html shows %d screenshots inline, want one per fixture (14)", n)
	}

	raw, _ := os.ReadFile(cand)
	broken := writeCandidate(t, t.TempDir(), strings.Replace(string(raw), "'#status'", "'#nowhere'", 1))
	code, _, _ = runWith(t, registered(), "run", "-c", broken, "--role", "displayer", "--out", filepath.Join(dir, "broken"))
	if code != 1 {
		t.Errorf("a status selector matching nothing: exit %d, want 1", code)
	}
	for _, res := range readReport(t, filepath.Join(dir, "broken")).Results {
		if res.ID == "displayer/name" && (res.State != obcert.StateFailed || !strings.Contains(res.Message, "displayer.browser.selectors.status matched nothing")) {
			t.Errorf("%s: %s: %s", res.ID, res.State, res.Message)
		}
	}
}

// TestBrowserModeWithoutChromium: with no Chromium on PATH the browser-mode specs are errors
// saying how to install it (never skipped, never passed), and the run is INCOMPLETE, exit 3.
func TestBrowserModeWithoutChromium(t *testing.T) {
	dir := t.TempDir()
	cand := serveMode(t, dir, "browser")
	t.Setenv("PATH", t.TempDir())
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runWith(t, registered(), "run", "-c", cand, "--role", "displayer", "--out", out)
	if code != 3 {
		t.Fatalf("run: exit %d, want 3 (INCOMPLETE)\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	n := 0
	for _, res := range readReport(t, out).Results {
		if res.ID == "displayer/preflight" {
			continue
		}
		n++
		if res.State != obcert.StateError || !strings.Contains(res.Message, "apt-get install chromium") {
			t.Errorf("%s: %s: %s", res.ID, res.State, res.Message)
		}
	}
	if n == 0 {
		t.Error("no displayer spec ran")
	}
}

// TestBrowserModeCatchesFaults: driven through its page, the reference broken by a displayer
// fault is NOT_CONFORMANT, and every spec the fault declares does not pass.
func TestBrowserModeCatchesFaults(t *testing.T) {
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Skip("chromium is not on PATH (apt-get install chromium)")
	}
	for _, name := range []string{"displayer-no-image", "displayer-revoked-shown-valid", "displayer-never-reverifies"} {
		t.Run(name, func(t *testing.T) {
			f, ok := reference.LookupFault(name)
			if !ok {
				t.Fatalf("no fault %s", name)
			}
			dir := t.TempDir()
			cand := serveMode(t, dir, "browser", "--fault", name)
			out := filepath.Join(dir, "out")
			code, _, stderr := runWith(t, registered(), "run", "-c", cand, "--role", "displayer", "--out", out)
			if code != 1 {
				t.Fatalf("exit %d, want 1 (NOT_CONFORMANT): %s", code, stderr)
			}
			for _, res := range readReport(t, out).Results {
				if slices.Contains(f.Specs, res.ID) && res.State == obcert.StatePassed {
					t.Errorf("%s passed under %s", res.ID, name)
				}
			}
		})
	}
}
