package issuer

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/go-jose/go-jose/v4"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges/verify"
	"github.com/obcert/obcert/suites"
)

// Suite is the Issuer role: its specs, the check of the candidate file's issuer section and the
// origins its badges live on.
func Suite() suites.Suite {
	return suites.Suite{Role: obcert.RoleIssuer, Specs: Specs(), Check: checkSection, Origins: origins}
}

// checkSection checks the issuer section: every badge sets exactly one of url, file and jws; urls
// are absolute http(s); files exist beside the candidate file and hold at most 16 MiB; so for every
// line of the badgesFrom file, which must exist and name at least one badge.
func checkSection(cf obcert.CandidateFile, dir string) error {
	if cf.Issuer == nil {
		return nil
	}
	errs := append(checkBadges("issuer.badges", cf.Issuer.Badges, dir), checkBadges("issuer.revoked", cf.Issuer.Revoked, dir)...)
	errs = append(errs, checkFrom(cf.Issuer, dir)...)
	if _, err := algorithms(cf.Issuer); err != nil {
		errs = append(errs, fmt.Errorf("issuer.algorithms: %w", err))
	}
	return errors.Join(errs...)
}

// algorithms is the issuer section's narrowed list of JWS algorithms, nil for the core's default.
func algorithms(iss *obcert.IssuerRole) ([]jose.SignatureAlgorithm, error) {
	if len(iss.Algorithms) == 0 {
		return nil, nil
	}
	return verify.ParseAlgorithms(strings.Join(iss.Algorithms, ","))
}

func checkBadges(path string, refs []obcert.BadgeRef, dir string) []error {
	var errs []error
	for i, ref := range refs {
		if err := suites.CheckBadgeRef(ref, dir); err != nil {
			errs = append(errs, fmt.Errorf("%s[%d]: %w", path, i, err))
		}
	}
	return errs
}

// origins lists the distinct scheme://host[:port] of the issuer section's badge URLs, in order.
func origins(cf obcert.CandidateFile) []string {
	if cf.Issuer == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, ref := range append(append([]obcert.BadgeRef{}, cf.Issuer.Badges...), cf.Issuer.Revoked...) {
		u, err := url.Parse(ref.URL)
		if ref.URL == "" || err != nil || u.Host == "" {
			continue
		}
		if o := u.Scheme + "://" + u.Host; !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	return out
}
