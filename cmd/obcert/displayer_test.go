package main

import (
	"context"
	"net/http/httptest"
	"slices"
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

// TestReferenceDisplayerFaultTable runs the displayer suite against the clean reference displayer
// (every spec passes) and against each of its faults (exactly the fault's declared specs fail,
// or warn for a SHOULD).
func TestReferenceDisplayerFaultTable(t *testing.T) {
	valid := vendorBadge(t)
	t.Run("clean", func(t *testing.T) {
		r := runDisplayer(t, valid.Badge.URL)
		if got := notPassed(t, r); len(got) > 0 || r.Verdict != obcert.Conformant {
			t.Errorf("verdict %s; not passed: %v", r.Verdict, got)
		}
	})
	covered := map[string]bool{}
	for _, f := range refdisplayer.Faults() {
		t.Run(f.Name, func(t *testing.T) {
			r := runDisplayer(t, valid.Badge.URL, refdisplayer.WithFault(f))
			want := slices.Sorted(slices.Values(f.Specs))
			if got := notPassed(t, r); !slices.Equal(got, want) {
				t.Errorf("fault %s: not passed %v, want exactly %v", f.Name, got, want)
			}
			if f.Level == obcert.MUST && r.Verdict != obcert.NotConformant {
				t.Errorf("fault %s (MUST): verdict %s", f.Name, r.Verdict)
			}
		})
		for _, s := range f.Specs {
			covered[s] = true
		}
	}
	for _, s := range displayer.Specs() {
		if s.Level == obcert.MUST && !covered[s.ID] {
			t.Errorf("no fault makes the MUST spec %s fail", s.ID)
		}
	}
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
