package runner

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// LoadCatalogue returns every spec of the suites, in suite then declaration order, after checking
// the suites (suites.ValidateSuites) and their labels. An invalid catalogue is a programming
// error, which a test of each suite catches.
func LoadCatalogue(ss []suites.Suite) ([]suites.Spec, error) {
	if len(ss) == 0 {
		return nil, errors.New("runner: no suite is registered")
	}
	specs := suites.SpecsOf(ss)
	if err := errors.Join(suites.ValidateSuites(ss), checkLabels(specs)); err != nil {
		return nil, fmt.Errorf("runner: the spec catalogue is invalid: %w", err)
	}
	return specs, nil
}

// Select keeps the specs of profile that pass every filter of cfg: roles, requirements, label
// filter (Ginkgo's syntax, evaluated on Spec.Labels) and focus (regular expressions matched
// against "role id title"). The order of specs is kept. A bad filter is a *UsageError.
func Select(specs []suites.Spec, cfg Config, profile obcert.Profile) ([]suites.Spec, error) {
	keep, err := filters(cfg, profile)
	if err != nil {
		return nil, err
	}
	return apply(keep, specs), nil
}

func apply(keep []filter, specs []suites.Spec) []suites.Spec {
	var out []suites.Spec
	for _, s := range specs {
		if keepAll(keep, s) {
			out = append(out, s)
		}
	}
	return out
}

type filter func(suites.Spec) bool

func keepAll(fs []filter, s suites.Spec) bool {
	for _, f := range fs {
		if !f(s) {
			return false
		}
	}
	return true
}

func filters(cfg Config, profile obcert.Profile) ([]filter, error) {
	if !profile.Known() {
		return nil, usageErrorf("unknown profile %q", profile)
	}
	fs := []filter{func(s suites.Spec) bool { return slices.Contains(s.Profiles, profile) }}
	for _, build := range []func(Config) (filter, error){roleFilter(suites.RolesOf(cfg.Suites)), requirementFilter, labelFilter, focusFilter, specIDFilter, skipFilter} {
		f, err := build(cfg)
		if err != nil {
			return nil, err
		}
		if f != nil {
			fs = append(fs, f)
		}
	}
	return fs, nil
}

// roleFilter keeps the specs of the roles asked for, which must be roles of the suites.
func roleFilter(known []obcert.Role) func(Config) (filter, error) {
	return func(cfg Config) (filter, error) {
		if len(cfg.Roles) == 0 {
			return nil, nil
		}
		for _, r := range cfg.Roles {
			if !slices.Contains(known, r) {
				return nil, usageErrorf("unknown role %q: use %s", r, joinRoles(known))
			}
		}
		return func(s suites.Spec) bool { return slices.Contains(cfg.Roles, s.Role) }, nil
	}
}

func joinRoles(roles []obcert.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

func requirementFilter(cfg Config) (filter, error) {
	if len(cfg.Requirements) == 0 {
		return nil, nil
	}
	ids := make([]string, len(cfg.Requirements))
	for i, id := range cfg.Requirements {
		ids[i] = strings.ToUpper(strings.TrimSpace(id))
	}
	if bad := obcert.UnknownRequirements(ids...); len(bad) > 0 {
		return nil, usageErrorf("unknown requirement IDs %s: 'obcert explain' lists the catalogue", strings.Join(bad, ", "))
	}
	return func(s suites.Spec) bool {
		return slices.ContainsFunc(s.Requirements, func(id string) bool { return slices.Contains(ids, id) })
	}, nil
}

// labelFilter parses the filter first: Ginkgo would exit the process on a bad one.
func labelFilter(cfg Config) (filter, error) {
	if strings.TrimSpace(cfg.LabelFilter) == "" {
		return nil, nil
	}
	lf, err := types.ParseLabelFilter(cfg.LabelFilter)
	if err != nil {
		return nil, usageErrorf("label filter %q: %s", cfg.LabelFilter, oneLine(err.Error()))
	}
	return func(s suites.Spec) bool { return lf(s.Labels()) }, nil
}

func focusFilter(cfg Config) (filter, error) {
	if len(cfg.Focus) == 0 {
		return nil, nil
	}
	res := make([]*regexp.Regexp, len(cfg.Focus))
	for i, f := range cfg.Focus {
		re, err := regexp.Compile(f)
		if err != nil {
			return nil, usageErrorf("focus %q is not a regular expression: %v", f, err)
		}
		res[i] = re
	}
	return func(s suites.Spec) bool {
		text := fmt.Sprintf("%s %s %s", s.Role, s.ID, s.Title)
		return slices.ContainsFunc(res, func(re *regexp.Regexp) bool { return re.MatchString(text) })
	}, nil
}

// checkLabels refuses labels Ginkgo would refuse by exiting the process.
func checkLabels(specs []suites.Spec) error {
	for _, s := range specs {
		for _, l := range s.Labels() {
			if _, err := types.ValidateAndCleanupLabel(l, types.CodeLocation{}); err != nil {
				return fmt.Errorf("spec %s: label %q is not a valid Ginkgo label", s.ID, l)
			}
		}
	}
	return nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
