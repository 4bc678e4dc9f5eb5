package host

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/internal/httpx"
	refhost "github.com/obcert/obcert/reference/host"
	"github.com/obcert/obcert/suites"
)

// browserSection is the host.browser section for the reference host's pages at base.
func browserSection(base string) *obcert.BrowserHost {
	b := refhost.Browser(base)
	return &b
}

func needChromium(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Skip("chromium is not on PATH (CI installs it)")
	}
}

// browserEnv is an Env whose host section drives the reference host's pages at base in browser
// mode, writing screenshots under out.
func browserEnv(base, out string, b *obcert.BrowserHost) *suites.Env {
	if b == nil {
		b = browserSection(base)
	}
	return &suites.Env{Candidate: obcert.CandidateFile{Host: &obcert.HostRole{Mode: ModeBrowser, Account: fixtures.Recipient, Browser: b}},
		Client: httpx.New(httpx.WithTimeout(10 * time.Second)), Now: time.Now, Out: out, RequestTimeout: 20 * time.Second}
}

// TestBrowserModeCertifiesTheReferenceHost drives the reference host's own pages in headless
// Chromium: every host spec passes, with screenshots as evidence.
func TestBrowserModeCertifiesTheReferenceHost(t *testing.T) {
	needChromium(t)
	srv := httptest.NewServer(refhost.New())
	defer srv.Close()
	out := t.TempDir()
	env := browserEnv(srv.URL, out, nil)
	defer env.Close()
	if err := checkSection(env.Candidate, ""); err != nil {
		t.Fatalf("the section: %v", err)
	}
	for _, spec := range Specs() {
		o := spec.Body(context.Background(), env, spec)
		if len(o.Problems) > 0 || len(o.Unread) > 0 || o.Skip != "" || len(o.Checked) == 0 {
			t.Errorf("%s: checked %v, problems %+v, unread %+v, skip %q", spec.ID, o.Checked, o.Problems, o.Unread, o.Skip)
		}
		shots := 0
		for _, ev := range o.Evidence {
			if strings.HasPrefix(ev, "evidence/screenshots/") {
				shots++
				if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(ev))); err != nil {
					t.Errorf("%s: evidence %s: %v", spec.ID, ev, err)
				}
			}
		}
		if shots == 0 {
			t.Errorf("%s: no screenshot among its evidence %v", spec.ID, o.Evidence)
		}
	}
}

// TestBrowserModeNamesASelectorThatMatchesNothing: an import page without the declared paste
// field fails the import naming the selector and the fixture, with the screenshot.
func TestBrowserModeNamesASelectorThatMatchesNothing(t *testing.T) {
	needChromium(t)
	srv := httptest.NewServer(refhost.New())
	defer srv.Close()
	b := browserSection(srv.URL)
	b.Selectors.Paste = "#no-such-field"
	env := browserEnv(srv.URL, t.TempDir(), b)
	defer env.Close()
	spec := specByID(t, "host/import-url")
	o := spec.Body(context.Background(), env, spec)
	if len(o.Unread) != 1 || !strings.Contains(o.Unread[0].Reason, `host.browser.selectors.paste ("#no-such-field") matched nothing on the page`) ||
		!strings.Contains(o.Unread[0].Reason, "fixture "+fixtures.ValidHosted) || len(o.Evidence) == 0 {
		t.Errorf("unread %+v, evidence %v", o.Unread, o.Evidence)
	}
}

// TestBrowserSectionIsChecked: a browser section without its pages' {id} or a selector says which
// field is wrong; the reference's section is fine and its origin is the pages'.
func TestBrowserSectionIsChecked(t *testing.T) {
	cf := obcert.CandidateFile{Host: &obcert.HostRole{Mode: ModeBrowser, Account: fixtures.Recipient,
		Browser: &obcert.BrowserHost{Import: "http://127.0.0.1:1/import", Badge: "http://127.0.0.1:1/badge"}}}
	err := checkSection(cf, "")
	for _, want := range []string{`host.browser.badge: "http://127.0.0.1:1/badge" has no {id}`, "host.browser.selectors.upload: a CSS selector is needed",
		"host.browser.selectors.export: a CSS selector is needed"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("check said %v; want %q", err, want)
		}
	}
	cf.Host.Browser = nil
	if err := checkSection(cf, ""); err == nil || !strings.Contains(err.Error(), "needs a host.browser section") {
		t.Errorf("no browser section: %v", err)
	}
	cf.Host.Browser = browserSection("http://127.0.0.1:2/host")
	if err := checkSection(cf, ""); err != nil || origins(cf)[0] != "http://127.0.0.1:2" {
		t.Errorf("the reference's section: %v, origins %v", err, origins(cf))
	}
}
