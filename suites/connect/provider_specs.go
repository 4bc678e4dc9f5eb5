package connect

import (
	"errors"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// providerSpecs are the specs of a Badge Connect Provider, which obcert consumes.
func providerSpecs() []suites.Spec { return nil }

// checkProvider checks the connect.provider section.
func checkProvider(p obcert.ConnectProvider, _ string) error {
	var errs []error
	if err := checkHTTPS("connect.provider.manifest", p.Manifest); err != nil {
		errs = append(errs, err)
	}
	switch p.Consent.Mode {
	case "form", "token":
	default:
		errs = append(errs, errors.New("connect.provider.consent.mode: say how obcert gets consent: form (it submits the provider's login and consent pages) or token (a pre-issued access token in tokenEnv)"))
	}
	return errors.Join(errs...)
}
