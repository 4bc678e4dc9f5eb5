package reports

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/obcert/obcert"
)

// chromium returns the path of a Chromium browser, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium not on PATH: install Debian's chromium package (.ci/run does) to run the browser check of report.html")
	return ""
}

// dumpDOM loads target in headless Chromium, which may resolve no name but 127.0.0.1, and
// returns the DOM after the page has loaded.
func dumpDOM(t *testing.T, bin, target string) string {
	t.Helper()
	profile, err := os.MkdirTemp("", "obcert-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(profile) }) // Chromium's helpers may still hold it; best effort
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
		"--user-data-dir="+profile, "--dump-dom", target)
	cmd.WaitDelay = 5 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium --dump-dom %s: %v\n%s", target, err, tail(stderr.String(), 2000))
	}
	return string(out)
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

var tags = regexp.MustCompile(`<[^>]*>`)

func TestBrowserRendersReport(t *testing.T) {
	bin := chromium(t)
	r := sampleReport()
	dir := t.TempDir()
	if _, err := WriteAll(dir, r); err != nil {
		t.Fatal(err)
	}
	dom := dumpDOM(t, bin, "file://"+filepath.ToSlash(filepath.Join(dir, HTMLFile)))
	text := tags.ReplaceAllString(dom, " ")
	want := []string{string(r.Verdict), "Results that need attention"}
	for _, res := range resultsIn(r, obcert.StateFailed) {
		want = append(want, res.Requirements...)
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the rendered page does not show %q", w)
		}
	}
	if strings.Contains(dom, "<script") {
		t.Error("the rendered page holds a script element")
	}
}

// recorder is a loopback server that serves pages and records every request it gets. Chromium
// can resolve no other name, so it is the only server a page could load anything from.
type recorder struct {
	mu    sync.Mutex
	paths []string
	pages map[string][]byte
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	rec.mu.Lock()
	rec.paths = append(rec.paths, req.RequestURI)
	rec.mu.Unlock()
	page, ok := rec.pages[req.URL.Path]
	if !ok {
		http.NotFound(w, req)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(page)
}

func (rec *recorder) reset() {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.paths = nil
}

func (rec *recorder) requests() []string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return slices.Clone(rec.paths)
}

func TestBrowserLoadsNothingButThePage(t *testing.T) {
	bin := chromium(t)
	var page bytes.Buffer
	if err := WriteHTML(&page, sampleReport()); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{pages: map[string][]byte{
		"/report.html": page.Bytes(),
		// The control page loads an image and, like any page that names no icon, a favicon: it
		// proves the recorder sees what a page loads.
		"/control.html": []byte(`<!DOCTYPE html><title>control</title><img src="/pixel.png" alt="">`),
	}}
	srv := httptest.NewServer(rec)
	defer srv.Close()

	dumpDOM(t, bin, srv.URL+"/control.html")
	if got := rec.requests(); !slices.Contains(got, "/pixel.png") {
		t.Fatalf("the control page's image was not requested (requests %v): the check below could not fail", got)
	}
	rec.reset()

	dom := dumpDOM(t, bin, srv.URL+"/report.html")
	if !strings.Contains(dom, "NOT_CONFORMANT") {
		t.Errorf("the page served over HTTP did not render:\n%s", tail(dom, 500))
	}
	if got := rec.requests(); !slices.Equal(got, []string{"/report.html"}) {
		t.Errorf("loading report.html made the requests %v; want only /report.html", got)
	}
}
