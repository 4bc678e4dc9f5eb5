package connect

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// Suite is the Badge Connect role: its specs, the check of the candidate file's connect section
// and the origins it talks to.
func Suite() suites.Suite {
	return suites.Suite{Role: obcert.RoleConnect, Specs: Specs(), Check: checkSection, Origins: origins,
		NotReplayable: "the connect specs register a new client and run a new authorization each run (fresh codes, verifiers and tokens), so only a live run can exercise them again"}
}

// Specs returns the role's specs in declaration order: the provider specs, then the consumer's.
func Specs() []suites.Spec {
	specs := append(providerSpecs(), consumerSpecs()...)
	for i := range specs {
		specs[i].Role = obcert.RoleConnect
		if specs[i].Profiles == nil {
			specs[i].Profiles = suites.ConnectProfiles
		}
	}
	return specs
}

// checkSection checks the connect section: a provider's manifest URL and consent, a consumer's
// adapter.
func checkSection(cf obcert.CandidateFile, dir string) error {
	c := cf.Connect
	if c == nil {
		return nil
	}
	var errs []error
	if c.Provider == nil && c.Consumer == nil {
		errs = append(errs, errors.New("connect: give a provider (a Badge Connect API obcert consumes) or a consumer (one that connects to obcert), or both"))
	}
	if c.Provider != nil {
		errs = append(errs, checkProvider(*c.Provider, dir))
	}
	if c.Consumer != nil {
		errs = append(errs, checkConsumer(*c.Consumer, dir))
	}
	return errors.Join(errs...)
}

// origins are the provider manifest's and the consumer adapter's scheme://host[:port].
func origins(cf obcert.CandidateFile) []string {
	if cf.Connect == nil {
		return nil
	}
	var out []string
	add := func(raw string) {
		if u, err := url.Parse(raw); err == nil && u.Host != "" {
			out = append(out, u.Scheme+"://"+u.Host)
		}
	}
	if p := cf.Connect.Provider; p != nil {
		add(p.Manifest)
	}
	if c := cf.Connect.Consumer; c != nil {
		add(c.Adapter)
	}
	return out
}

// checkHTTPS checks that raw is an absolute https URL.
func checkHTTPS(field, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("%s: %q is not an absolute https URL (Badge Connect is served over TLS only, CONNECT-11)", field, raw)
	}
	return nil
}
