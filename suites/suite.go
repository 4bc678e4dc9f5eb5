package suites

import (
	"errors"
	"fmt"

	"github.com/obcert/obcert"
)

// Suite is what one role brings to the harness, in one value: its specs, the check of its section
// of the candidate file, and the origins preflight must reach. The runner, `obcert list`, the
// candidate loader and preflight loop over suites and never name a role.
type Suite struct {
	Role  obcert.Role
	Specs []Spec
	// Check checks the role's section of the candidate file, resolving files against dir; every
	// message names the field's path. Nil when the role has nothing to check.
	Check func(cf obcert.CandidateFile, dir string) error
	// Origins lists the scheme://host[:port] of the candidate file that this role's specs reach.
	Origins func(cf obcert.CandidateFile) []string
	// NotReplayable says why a replay from recorded exchanges cannot re-run this role's specs
	// (say, fixtures minted afresh for each run); "" when it can.
	NotReplayable string
}

// ValidateSuites checks suites: one suite per role, every spec of the role's suite, and every
// spec valid (Validate) across all of them.
func ValidateSuites(ss []Suite) error {
	var errs []error
	roles := map[obcert.Role]bool{}
	for _, s := range ss {
		if s.Role == "" || roles[s.Role] {
			errs = append(errs, fmt.Errorf("suite of role %q is empty or registered twice", s.Role))
		}
		roles[s.Role] = true
		for _, sp := range s.Specs {
			if sp.Role != s.Role {
				errs = append(errs, fmt.Errorf("spec %s (role %q) is in the suite of role %q", sp.ID, sp.Role, s.Role))
			}
		}
	}
	return errors.Join(append(errs, Validate(SpecsOf(ss)))...)
}

// SpecsOf returns the specs of every suite, in suite order then declaration order.
func SpecsOf(ss []Suite) []Spec {
	var out []Spec
	for _, s := range ss {
		out = append(out, s.Specs...)
	}
	return out
}

// RolesOf returns the roles of the suites, in order.
func RolesOf(ss []Suite) []obcert.Role {
	out := make([]obcert.Role, len(ss))
	for i, s := range ss {
		out[i] = s.Role
	}
	return out
}
