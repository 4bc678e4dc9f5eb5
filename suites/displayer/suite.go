package displayer

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/suites"
)

// ModeAdapter drives the product through the conformance adapter (api/adapter.yaml).
const ModeAdapter = "adapter"

var statuses = []string{string(fixtures.Valid), string(fixtures.Expired), string(fixtures.Revoked), string(fixtures.Invalid)}

// Suite is the Displayer role: its specs, the check of the candidate file's displayer section and
// the origin of its adapter.
func Suite() suites.Suite {
	return suites.Suite{Role: obcert.RoleDisplayer, Specs: Specs(), Check: checkSection, Origins: origins,
		NotReplayable: "the displayer specs show the product fixtures the harness mints afresh for each run (new keys, new URLs), so only a live run can show them again"}
}

// checkSection checks the displayer section: mode adapter with an absolute http(s) adapter URL,
// and every vendor badge a badge reference with a known status.
func checkSection(cf obcert.CandidateFile, dir string) error {
	d := cf.Displayer
	if d == nil {
		return nil
	}
	var errs []error
	switch d.Mode {
	case ModeAdapter:
		if err := suites.CheckURL("displayer.adapter", d.Adapter); err != nil {
			errs = append(errs, err)
		}
	case ModeManual:
	case ModeBrowser:
		errs = append(errs, checkBrowser(d.Browser)...)
	default:
		errs = append(errs, fmt.Errorf("displayer.mode: %q is not a mode obcert drives; use %s, %s or %s", d.Mode, ModeAdapter, ModeBrowser, ModeManual))
	}
	for i, b := range d.Badges {
		if err := suites.CheckBadgeRef(b.BadgeRef, dir); err != nil {
			errs = append(errs, fmt.Errorf("displayer.badges[%d]: %w", i, err))
		}
		if !slices.Contains(statuses, b.Status) {
			errs = append(errs, fmt.Errorf("displayer.badges[%d].status: %q is not one of %s", i, b.Status, strings.Join(statuses, ", ")))
		}
	}
	return errors.Join(errs...)
}

// checkBrowser checks the browser section: an absolute http(s) page URL template with {url}, and
// a selector for every field the specs read.
func checkBrowser(b *obcert.BrowserDisplayer) []error {
	if b == nil {
		return []error{errors.New("displayer.browser: mode browser needs the page (a URL template with {url}) and the CSS selectors of each field")}
	}
	var errs []error
	if err := suites.CheckURL("displayer.browser.page", strings.ReplaceAll(b.Page, "{url}", "x")); err != nil {
		errs = append(errs, err)
	} else if !strings.Contains(b.Page, "{url}") {
		errs = append(errs, fmt.Errorf("displayer.browser.page: %q has no {url}, where the badge goes", b.Page))
	}
	s := b.Selectors
	for _, f := range []struct{ name, v string }{{"name", s.Name}, {"description", s.Description}, {"image", s.Image},
		{"issuer", s.Issuer}, {"issuedOn", s.IssuedOn}, {"status", s.Status}} {
		if strings.TrimSpace(f.v) == "" {
			errs = append(errs, fmt.Errorf("displayer.browser.selectors.%s: missing: give the CSS selector where the page shows it", f.name))
		}
	}
	return errs
}

// origins is the scheme://host[:port] of the adapter, or of the page in browser mode.
func origins(cf obcert.CandidateFile) []string {
	if cf.Displayer == nil {
		return nil
	}
	where := cf.Displayer.Adapter
	switch {
	case cf.Displayer.Mode == ModeBrowser && cf.Displayer.Browser != nil:
		where = strings.ReplaceAll(cf.Displayer.Browser.Page, "{url}", "")
	case cf.Displayer.Mode != ModeAdapter:
		return nil
	}
	u, err := url.Parse(where)
	if err != nil || u.Host == "" {
		return nil
	}
	return []string{u.Scheme + "://" + u.Host}
}
