package runner

import (
	"slices"
	"strings"

	"github.com/obcert/obcert/suites"
)

// specIDFilter keeps the specs cfg.SpecIDs names.
func specIDFilter(cfg Config) (filter, error) {
	if len(cfg.SpecIDs) == 0 {
		return nil, nil
	}
	return func(s suites.Spec) bool { return slices.Contains(cfg.SpecIDs, s.ID) }, nil
}

// skipFilter drops the specs one of cfg.Skip names by ID, requirement ID or label. Requirement
// IDs and labels match whatever their case; an empty entry is a usage error.
func skipFilter(cfg Config) (filter, error) {
	if len(cfg.Skip) == 0 {
		return nil, nil
	}
	for _, s := range cfg.Skip {
		if strings.TrimSpace(s) == "" {
			return nil, usageErrorf("--skip needs a spec ID, requirement ID or label, not an empty value")
		}
	}
	return func(s suites.Spec) bool {
		return !slices.ContainsFunc(cfg.Skip, func(name string) bool {
			name = strings.TrimSpace(name)
			return name == s.ID || slices.ContainsFunc(s.Labels(), func(l string) bool { return strings.EqualFold(l, name) })
		})
	}, nil
}
