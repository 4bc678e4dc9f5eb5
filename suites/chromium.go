package suites

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/chromedp/chromedp"
)

// chromiumNames are the names Chromium is found by on PATH.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// StartChromium starts headless Chromium (closed when the run ends) and returns its tab. Without
// Chromium on PATH the error says how to install it, for the section (displayer.mode browser,
// host.mode browser) that needs it.
func StartChromium(env *Env, section string) (context.Context, error) {
	path := ""
	for _, n := range chromiumNames {
		if p, err := exec.LookPath(n); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		return nil, fmt.Errorf("%s needs Chromium, which is not on PATH: install it (apt-get install chromium) and run again", section)
	}
	profile, err := os.MkdirTemp("", "obcert-chromium-")
	if err != nil {
		return nil, fmt.Errorf("creating Chromium's profile folder: %w", err)
	}
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(path), chromedp.Flag("headless", true), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.Flag("disable-quic", true), chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(profile), chromedp.WindowSize(1024, 768)}
	alloc, stopAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tab, stopTab := chromedp.NewContext(alloc)
	env.Defer(func() { stopTab(); stopAlloc(); _ = os.RemoveAll(profile) })
	if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
		return nil, fmt.Errorf("starting Chromium (%s): %v", path, err)
	}
	return tab, nil
}

// WriteScreenshot writes shot as evidence/screenshots/NAME.png in the report folder out and
// returns its reference; nothing when there is no shot or no folder.
func WriteScreenshot(out, name string, shot []byte) []string {
	if len(shot) == 0 || out == "" {
		return nil
	}
	name = strings.NewReplacer("/", "-", " ", "-", "[", "-", "]", "").Replace(name)
	rel := "evidence/screenshots/" + name + ".png"
	if err := os.MkdirAll(filepath.Join(out, "evidence", "screenshots"), 0o755); err != nil {
		return nil
	}
	if err := os.WriteFile(filepath.Join(out, filepath.FromSlash(rel)), shot, 0o644); err != nil {
		return nil
	}
	return []string{rel}
}
