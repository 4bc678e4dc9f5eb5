package host

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// driverFor is the driver the candidate file's host.mode names.
func driverFor(env *suites.Env) (Driver, error) {
	h := env.Candidate.Host
	switch {
	case h.Mode == ModeBrowser && h.Browser != nil:
		return newBrowser(env, *h.Browser)
	case h.Mode == ModeAdapter:
		return &adapter{base: h.Adapter, client: env.Client}, nil
	case h.Mode == ModeConnect:
		return &connectDriver{env: env}, nil
	}
	return nil, fmt.Errorf("host.mode %q is not a mode obcert drives", h.Mode)
}

// checkBrowser checks the host.browser section: two absolute page URLs, the badge page's with
// {id}, and the selectors every import and export needs.
func checkBrowser(b *obcert.BrowserHost) error {
	if b == nil {
		return fmt.Errorf("host.mode %s needs a host.browser section: the import page, the badge page and their selectors", ModeBrowser)
	}
	errs := []error{suites.CheckURL("host.browser.import", b.Import), suites.CheckURL("host.browser.badge", b.Badge)}
	if b.Badge != "" && !containsID(b.Badge) {
		errs = append(errs, fmt.Errorf("host.browser.badge: %q has no {id} for the imported badge's id", b.Badge))
	}
	s := b.Selectors
	for name, v := range map[string]string{"upload": s.Upload, "paste": s.Paste, "submit": s.Submit, "imported": s.Imported,
		"refused": s.Refused, "export": s.Export} {
		if v == "" {
			errs = append(errs, fmt.Errorf("host.browser.selectors.%s: a CSS selector is needed", name))
		}
	}
	return errors.Join(errs...)
}

func containsID(s string) bool { return strings.Contains(s, "{id}") }

// browserOrigins are the origins of the browser section's pages.
func browserOrigins(b *obcert.BrowserHost) []string {
	var out []string
	for _, p := range []string{b.Import, b.Badge} {
		if u, err := url.Parse(p); err == nil && u.Host != "" {
			out = append(out, u.Scheme+"://"+u.Host)
		}
	}
	return out
}
