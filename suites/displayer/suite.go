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
	default:
		errs = append(errs, fmt.Errorf("displayer.mode: %q is not a mode obcert drives; use %s or %s", d.Mode, ModeAdapter, ModeManual))
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

// origins is the adapter's scheme://host[:port].
func origins(cf obcert.CandidateFile) []string {
	if cf.Displayer == nil || cf.Displayer.Mode != ModeAdapter {
		return nil
	}
	u, err := url.Parse(cf.Displayer.Adapter)
	if err != nil || u.Host == "" {
		return nil
	}
	return []string{u.Scheme + "://" + u.Host}
}
