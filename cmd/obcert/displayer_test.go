package main

import (
	"context"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/fixtures"
	refdisplayer "github.com/obcert/obcert/reference/displayer"
	"github.com/obcert/obcert/runner"
	"github.com/obcert/obcert/suites"
	"github.com/obcert/obcert/suites/displayer"
)

// runDisplayer runs the displayer suite against the reference displayer built with opts, with one
// vendor-supplied badge (valid), and returns the report.
func runDisplayer(t *testing.T, vendorURL string, opts ...refdisplayer.Option) *obcert.Report {
	t.Helper()
	return runDisplayerWith(t, []obcert.DisplayBadge{{BadgeRef: obcert.BadgeRef{Name: "vendor badge", URL: vendorURL}, Status: "valid"}}, opts...)
}

func runDisplayerWith(t *testing.T, vendor []obcert.DisplayBadge, opts ...refdisplayer.Option) *obcert.Report {
	t.Helper()
	srv := httptest.NewServer(refdisplayer.New(opts...))
	defer srv.Close()
	cf := obcert.CandidateFile{Candidate: obcert.Candidate{Name: "obcert reference displayer"},
		Displayer: &obcert.DisplayerRole{Mode: displayer.ModeAdapter, Adapter: srv.URL,
			Badges: vendor}}
	r, err := runner.Run(context.Background(), runner.Config{Suites: []suites.Suite{displayer.Suite()}, Candidate: &cf, Out: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// notPassed lists the ids of the results that did not pass, sorted, and logs their messages.
func notPassed(t *testing.T, r *obcert.Report) []string {
	var out []string
	for _, res := range r.Results {
		if res.State != obcert.StatePassed {
			out = append(out, res.ID)
			t.Logf("%s %s: %s", res.ID, res.State, res.Message)
		}
	}
	sort.Strings(out)
	return out
}

// TestAVendorBadgeDeclaredWronglyIsRefused declares a valid badge as revoked: obcert's core finds
// it valid, so the vendor-badge spec fails, saying what the core found, before the product is asked.
func TestAVendorBadgeDeclaredWronglyIsRefused(t *testing.T) {
	valid := vendorBadge(t)
	r := runDisplayerWith(t, []obcert.DisplayBadge{{BadgeRef: obcert.BadgeRef{Name: "mislabelled", URL: valid.Badge.URL}, Status: "revoked"}})
	for _, res := range r.Results {
		if res.ID == "displayer/vendor-badges" && (res.State != obcert.StateFailed ||
			!strings.Contains(res.Message, "obcert refuses this badge: it is declared revoked, but the verification core finds it valid")) {
			t.Errorf("vendor-badges %s: %s", res.State, res.Message)
		}
	}
}

// vendorBadge is a valid badge for the vendor-badge spec, served by a fixtures issuer of its own
// that the test's end closes.
func vendorBadge(t *testing.T) fixtures.Fixture {
	t.Helper()
	vendor, err := fixtures.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { vendor.Close() })
	f, _ := vendor.Fixture(fixtures.ValidHosted)
	return f
}
