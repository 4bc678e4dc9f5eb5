package obcert

// Waiver is a known, tracked failure a vendor accepts for a while: by spec ID or by requirement
// ID, with a reason, an expiry date and an optional link to where it is tracked. A waived failure
// keeps its state (failed) and does not count against the verdict.
type Waiver struct {
	Spec        string `json:"spec,omitempty" yaml:"spec,omitempty"`
	Requirement string `json:"requirement,omitempty" yaml:"requirement,omitempty"`
	Reason      string `json:"reason" yaml:"reason"`
	// Expires is the last day (YYYY-MM-DD, UTC) on which the waiver applies.
	Expires string `json:"expires" yaml:"expires"`
	Link    string `json:"link,omitempty" yaml:"link,omitempty"`
}

// Target is what the waiver names: "spec issuer/x" or "requirement VERIFY-19".
func (w Waiver) Target() string {
	if w.Spec != "" {
		return "spec " + w.Spec
	}
	return "requirement " + w.Requirement
}

// WaiverStatus is what a waiver did in a run.
type WaiverStatus string

const (
	// WaiverApplied: the waiver marked at least one failure as waived.
	WaiverApplied WaiverStatus = "applied"
	// WaiverStale: the waiver names no spec of the catalogue, or every spec it names passed. A
	// stale waiver makes the run fail, so waivers cannot rot.
	WaiverStale WaiverStatus = "stale"
	// WaiverExpired: the run is past the waiver's expiry date; it no longer applies.
	WaiverExpired WaiverStatus = "expired"
	// WaiverUnused: the specs it names did not fail or pass in this run (not selected, skipped,
	// errored), so the run cannot tell whether it is still needed.
	WaiverUnused WaiverStatus = "unused"
)

// WaiverUse is one waiver of a run and what it did, with a sentence saying so.
type WaiverUse struct {
	Waiver
	Status WaiverStatus `json:"status"`
	Note   string       `json:"note"`
	// Specs are the spec IDs the waiver marked as waived.
	Specs []string `json:"specs,omitempty"`
}

// StaleWaivers returns the run's stale waivers.
func (r *Report) StaleWaivers() []WaiverUse {
	var out []WaiverUse
	for _, w := range r.Run.Waivers {
		if w.Status == WaiverStale {
			out = append(out, w)
		}
	}
	return out
}

// isWaived reports whether the result is a failure a waiver marks as known.
func (res Result) isWaived() bool { return res.Waived != nil && res.State == StateFailed }

// verdictState is the state the result weighs with in a verdict: a waived failure weighs as a
// warning; a review result an auditor accepted as a pass, one rejected as a failure.
func (res Result) verdictState() State {
	if res.isWaived() {
		return StateWarning
	}
	if res.Decided() {
		if res.Review.Decision == ReviewAccepted {
			return StatePassed
		}
		return StateFailed
	}
	return res.State
}
