package runner

import (
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/obcert/obcert"
)

// A certification run (DESIGN.md §3): "obcert run --certify refuses filters, faults, a pinned
// clock and waivers", and a candidate that does not say what it is. The reference's faults are
// chosen by cmd, which refuses them; everything Config carries is refused here.
//
// certifyRefusals lists what Config may not carry on a certification run, one rule each: every
// setting that relaxes or narrows a run belongs here.
var certifyRefusals = []struct {
	what string
	set  func(Config) bool
}{
	{"a label filter", func(c Config) bool { return strings.TrimSpace(c.LabelFilter) != "" }},
	{"a focus", func(c Config) bool { return len(c.Focus) > 0 }},
	{"a requirement filter", func(c Config) bool { return len(c.Requirements) > 0 }},
	{"a role filter", func(c Config) bool { return len(c.Roles) > 0 }},
	{"a pinned clock", func(c Config) bool { return c.Now != nil }},
	{"a dry run", func(c Config) bool { return c.DryRun }},
	{"a replay transport", func(c Config) bool { return c.Transport != nil }},
	{"the waivers", func(c Config) bool { return len(c.Waivers) > 0 }},
	{"a skip list", func(c Config) bool { return len(c.Skip) > 0 }},
	{"a rerun of another report's failures", func(c Config) bool { return len(c.SpecIDs) > 0 }},
	{"the retries (a result that passes only on a retry is not a pass)", func(c Config) bool { return c.Retries > 0 }},
}

// checkCertify refuses, as a *UsageError, what a certification run may not have.
func checkCertify(cfg Config, cf obcert.CandidateFile) error {
	if !cfg.Certify {
		return nil
	}
	var errs []error
	for _, r := range certifyRefusals {
		if r.set(cfg) {
			errs = append(errs, fmt.Errorf("a certification run runs every spec of the profile on the real clock: drop %s", r.what))
		}
	}
	if missing := missingIdentity(cf.Candidate); len(missing) > 0 {
		errs = append(errs, fmt.Errorf("a certification run names its candidate: the candidate file has no candidate.%s",
			strings.Join(missing, ", candidate.")))
	}
	if len(errs) > 0 {
		return &UsageError{Err: errors.Join(errs...)}
	}
	return nil
}

// missingIdentity lists the fields of the candidate's identity that are empty.
func missingIdentity(c obcert.Candidate) []string {
	var out []string
	for _, f := range []struct{ name, value string }{{"name", c.Name}, {"version", c.Version}, {"vendor", c.Vendor}} {
		if strings.TrimSpace(f.value) == "" {
			out = append(out, f.name)
		}
	}
	return out
}

// recordCertify writes into run what a certification run rests on.
func recordCertify(cfg Config, run *obcert.Run) {
	if !cfg.Certify {
		return
	}
	run.Certify = true
	run.HarnessVersion = firstNonEmpty(cfg.Version, "dev")
	run.CatalogueSha256 = obcert.CatalogueSha256()
	run.GoVersion = runtime.Version()
	run.Platform = runtime.GOOS + "/" + runtime.GOARCH
}
