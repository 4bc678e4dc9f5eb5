package displayer

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/suites"
)

func TestCheckSectionNamesTheField(t *testing.T) {
	cf := obcert.CandidateFile{Displayer: &obcert.DisplayerRole{Mode: "telepathy", Adapter: "ftp://x",
		Badges: []obcert.DisplayBadge{{BadgeRef: obcert.BadgeRef{URL: "https://b.example/1", JWS: "x"}, Status: "fine"}}}}
	err := checkSection(cf, t.TempDir())
	for _, want := range []string{`displayer.mode: "telepathy"`,
		"displayer.badges[0]: set exactly one", `displayer.badges[0].status: "fine"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("check said %v; want %q", err, want)
		}
	}
	cf.Displayer.Mode = ModeAdapter
	if err := checkSection(cf, t.TempDir()); err == nil || !strings.Contains(err.Error(), `displayer.adapter: "ftp://x"`) {
		t.Errorf("check said %v; want the adapter named", err)
	}
	cf.Displayer.Mode = ModeBrowser
	cf.Displayer.Browser = &obcert.BrowserDisplayer{Page: "https://d.example/view", Selectors: obcert.BrowserSelectors{Name: "#name"}}
	err = checkSection(cf, t.TempDir())
	for _, want := range []string{"displayer.browser.page: \"https://d.example/view\" has no {url}", "displayer.browser.selectors.status: missing"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("check said %v; want %q", err, want)
		}
	}
	manual := obcert.CandidateFile{Displayer: &obcert.DisplayerRole{Mode: ModeManual}}
	if err := checkSection(manual, ""); err != nil || origins(manual) != nil {
		t.Errorf("a manual section needs no adapter: %v, origins %v", err, origins(manual))
	}
	ok := obcert.CandidateFile{Displayer: &obcert.DisplayerRole{Mode: ModeAdapter, Adapter: "http://127.0.0.1:1/a"}}
	if err := checkSection(ok, ""); err != nil || origins(ok)[0] != "http://127.0.0.1:1" {
		t.Errorf("a good section: %v, origins %v", err, origins(ok))
	}
}

// TestABrokenAdapterIsReadNeverPassed drives adapters that hang, answer non-JSON, leave out a
// field or answer a status outside the enum: every spec names the fixture and what was wrong, and
// none passes.
func TestABrokenAdapterIsReadNeverPassed(t *testing.T) {
	for name, tc := range map[string]struct {
		handler http.HandlerFunc
		want    string
	}{
		"hangs":      {func(http.ResponseWriter, *http.Request) { time.Sleep(time.Second) }, "got no answer"},
		"not JSON":   {func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("<html>hello</html>")) }, "not a JSON object"},
		"no status":  {answer(`{"name":"n","description":"d","image":"i","issuerName":"x","issuedOn":"2026-01-01","lastVerified":"2026-01-01T00:00:00Z"}`), "field status is missing"},
		"bad status": {answer(`{"name":"n","description":"d","image":"i","issuerName":"x","issuedOn":"2026-01-01","status":"ok","lastVerified":"2026-01-01T00:00:00Z"}`), `status "ok"`},
		"bad time":   {answer(`{"name":"n","description":"d","image":"i","issuerName":"x","issuedOn":"2026-01-01","status":"valid","lastVerified":"yesterday"}`), "not an RFC 3339"},
		"500":        {func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "oops", 500) }, "HTTP 500"},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			env := &suites.Env{Candidate: obcert.CandidateFile{Displayer: &obcert.DisplayerRole{Mode: ModeAdapter, Adapter: srv.URL}},
				Client: httpx.New(httpx.WithTimeout(200 * time.Millisecond)), Now: time.Now}
			defer env.Close()
			for _, spec := range Specs()[1:] {
				o := spec.Body(context.Background(), env, spec)
				if len(o.Unread) == 0 || !strings.Contains(o.Unread[0].Reason, tc.want) || !isFixture(o.Unread[0].Subject) {
					t.Errorf("%s: unread %+v; want a reason naming the fixture and %q", spec.ID, o.Unread, tc.want)
				}
			}
		})
	}
}

func isFixture(id string) bool {
	for _, f := range append(append(fieldFixtures, invalidOnes...), fixtures.RevokedHosted, fixtures.RevokedLater, fixtures.JSONLDForm, fixtures.HostedClass) {
		if f == id {
			return true
		}
	}
	return false
}

func answer(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body))
	}
}

func TestSameDateReadsCommonRenderings(t *testing.T) {
	for _, shown := range []string{"2026-03-01", "1 March 2026", "March 1, 2026", "Mar 1, 2026", "2026-03-01T09:00:00+09:00",
		"03/01/2026", "01.03.2026", "  1  March   2026 "} {
		if !sameDate(shown, "2026-03-01T10:00:00Z") {
			t.Errorf("%q was not read as 2026-03-01", shown)
		}
	}
	for _, shown := range []string{"2026-03-05", "", "soon", "2025-03-01"} {
		if sameDate(shown, "2026-03-01T10:00:00Z") {
			t.Errorf("%q was read as 2026-03-01", shown)
		}
	}
}

func TestSameTextAsAPersonReads(t *testing.T) {
	if !sameText("  obcert\n Fixture   BADGE ", "obcert Fixture Badge") || sameText("obcert Fixture", "obcert Fixture Badge") {
		t.Error("text is not compared after white-space normalization")
	}
}
