package host

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// ModeAdapter drives the product through the conformance adapter's import and export
// (api/adapter.yaml); ModeBrowser (browser.go) through its own pages.
const ModeAdapter = "adapter"

// Suite is the Host role: its specs, the check of the candidate file's host section and the
// origin of its adapter.
func Suite() suites.Suite {
	return suites.Suite{Role: obcert.RoleHost, Specs: Specs(), Check: checkSection, Origins: origins,
		NotReplayable: "the host specs import fixtures the harness mints afresh for each run (new keys, new URLs), so only a live run can import them again"}
}

// checkSection checks the host section: mode adapter, an absolute http(s) adapter URL and an
// account identity.
func checkSection(cf obcert.CandidateFile, _ string) error {
	h := cf.Host
	if h == nil {
		return nil
	}
	var errs []error
	switch h.Mode {
	case ModeBrowser:
		errs = append(errs, checkBrowser(h.Browser))
	case ModeConnect:
		if cf.Connect == nil || cf.Connect.Provider == nil {
			errs = append(errs, fmt.Errorf("host.mode %s drives the host through its Badge Connect API: give it in connect.provider (manifest and consent)", ModeConnect))
		}
	default:
		switch h.Mode {
		case ModeAdapter:
		case "manual":
			errs = append(errs, fmt.Errorf("host.mode: %q is not built yet (manual needs fixtures that stay the same between serving and checking): use %s, %s or %s", h.Mode, ModeAdapter, ModeBrowser, ModeConnect))
		default:
			errs = append(errs, fmt.Errorf("host.mode: %q is not a mode obcert drives; use %s, %s or %s", h.Mode, ModeAdapter, ModeBrowser, ModeConnect))
		}
		if err := suites.CheckURL("host.adapter", h.Adapter); err != nil {
			errs = append(errs, err)
		}
	}
	if h.Account == "" {
		errs = append(errs, errors.New("host.account: name the recipient identity of the account badges are imported into (the fixtures are issued to conformance@imsglobal.org)"))
	}
	return errors.Join(errs...)
}

// origins is the adapter's scheme://host[:port].
func origins(cf obcert.CandidateFile) []string {
	if cf.Host == nil {
		return nil
	}
	if cf.Host.Mode == ModeBrowser && cf.Host.Browser != nil {
		return browserOrigins(cf.Host.Browser)
	}
	if cf.Host.Mode == ModeConnect {
		return nil // the connect role's origins (connect.provider.manifest)
	}
	u, err := url.Parse(cf.Host.Adapter)
	if err != nil || u.Host == "" {
		return nil
	}
	return []string{u.Scheme + "://" + u.Host}
}
