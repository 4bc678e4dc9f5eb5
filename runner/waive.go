package runner

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// applyWaivers marks the failures (and warnings) each waiver names as waived, and says what every
// waiver did. A waiver past its expiry date on the run's clock (now, in UTC) no longer applies; one
// that names no spec of the catalogue, or whose every spec passed, is stale. The first waiver
// that matches a result is the one it carries.
func applyWaivers(results []obcert.Result, ws []obcert.Waiver, catalogue []suites.Spec, now time.Time) []obcert.WaiverUse {
	today := now.UTC().Format(expiryLayout)
	uses := make([]obcert.WaiverUse, 0, len(ws))
	for _, w := range ws {
		u := obcert.WaiverUse{Waiver: w}
		if w.Expires < today { // both are YYYY-MM-DD: text order is date order
			u.Status, u.Note = obcert.WaiverExpired, fmt.Sprintf("expired on %s: it no longer applies, and what it named counts again", w.Expires)
			uses = append(uses, u)
			continue
		}
		u.Specs = waive(results, w)
		u.Status, u.Note = waiverStatus(w, u.Specs, results, catalogue)
		uses = append(uses, u)
	}
	return uses
}

// waive marks the failed and warning results w names that no earlier waiver marked, and returns
// their IDs.
func waive(results []obcert.Result, w obcert.Waiver) []string {
	var ids []string
	for i := range results {
		res := &results[i]
		if !waiverNamesResult(w, *res) || res.Waived != nil {
			continue
		}
		if res.State == obcert.StateFailed || res.State == obcert.StateWarning {
			waiver := w
			res.Waived = &waiver
			ids = append(ids, res.ID)
		}
	}
	return ids
}

func waiverNames(w obcert.Waiver, id string, reqs []string) bool {
	if w.Spec != "" {
		return w.Spec == id
	}
	return slices.Contains(reqs, waiverRequirement(w))
}

// waiverNamesResult: a requirement waiver also names a result whose every problem is about its
// requirement (a spec failed by a finding of that requirement, and by nothing else).
func waiverNamesResult(w obcert.Waiver, res obcert.Result) bool {
	if waiverNames(w, res.ID, res.Requirements) {
		return true
	}
	if w.Spec != "" || len(res.Findings) == 0 {
		return false
	}
	return !slices.ContainsFunc(res.Findings, func(f obcert.Finding) bool {
		return !slices.Contains(f.Requirements, waiverRequirement(w))
	})
}

func waiverRequirement(w obcert.Waiver) string {
	return strings.ToUpper(strings.TrimSpace(w.Requirement))
}

// waiverStatus says what a waiver that has not expired did.
func waiverStatus(w obcert.Waiver, waived []string, results []obcert.Result, catalogue []suites.Spec) (obcert.WaiverStatus, string) {
	if len(waived) > 0 {
		return obcert.WaiverApplied, fmt.Sprintf("waives %s until %s", strings.Join(waived, ", "), w.Expires)
	}
	if !slices.ContainsFunc(catalogue, func(s suites.Spec) bool {
		return waiverNames(w, s.ID, append(slices.Clone(s.Requirements), s.Checks...))
	}) {
		return obcert.WaiverStale, fmt.Sprintf("%s is not in the catalogue ('obcert list' shows it): remove or correct the waiver", w.Target())
	}
	var ran, passed []string
	for _, res := range results {
		if waiverNamesResult(w, res) {
			ran = append(ran, res.ID)
			if res.State == obcert.StatePassed {
				passed = append(passed, res.ID)
			}
		}
	}
	if len(ran) > 0 && len(passed) == len(ran) {
		if w.Spec != "" {
			return obcert.WaiverStale, fmt.Sprintf("%s now passes: remove the waiver", w.Target())
		}
		return obcert.WaiverStale, fmt.Sprintf("every spec of %s now passes (%s): remove the waiver", w.Target(), strings.Join(passed, ", "))
	}
	return obcert.WaiverUnused, fmt.Sprintf("%s did not fail or pass in this run (not selected, skipped or not finished): the waiver waits", w.Target())
}

// waiversOf applies cfg's waivers to results on the run's clock, or returns nil when there are none.
func waiversOf(cfg Config, results []obcert.Result, now time.Time) []obcert.WaiverUse {
	if len(cfg.Waivers) == 0 {
		return nil
	}
	catalogue, _ := LoadCatalogue(cfg.Suites) // plan loaded it before the run started
	return applyWaivers(results, cfg.Waivers, catalogue, now)
}
