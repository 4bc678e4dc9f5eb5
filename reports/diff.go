package reports

import (
	"github.com/obcert/obcert"
)

// Diff is what changed between two reports of the same candidate: specs fixed, regressed, changed
// in another way, new and removed, and the verdict.
type Diff struct {
	OldVerdict obcert.Verdict `json:"oldVerdict"`
	NewVerdict obcert.Verdict `json:"newVerdict"`
	// Regressed: the spec counts against the candidate now (failed and not waived, error,
	// interrupted, flaky) and did not before.
	Regressed []SpecChange `json:"regressed"`
	// Fixed: the spec counted against the candidate before and does not now.
	Fixed []SpecChange `json:"fixed"`
	// Changed: another change of state (passed to warning, failed to error, ...).
	Changed []SpecChange `json:"changed"`
	// Added and Removed are specs only in the new report, or only in the old one.
	Added   []SpecChange `json:"new"`
	Removed []SpecChange `json:"removed"`
}

// SpecChange is one spec's state in the old and the new report; a state is empty when the spec
// is not in that report. Message is the newer report's message about it.
type SpecChange struct {
	ID       string       `json:"id"`
	Title    string       `json:"title"`
	OldState obcert.State `json:"oldState,omitempty"`
	NewState obcert.State `json:"newState,omitempty"`
	Message  string       `json:"message,omitempty"`
}

// VerdictChanged reports whether the overall verdict differs.
func (d Diff) VerdictChanged() bool { return d.OldVerdict != d.NewVerdict }

// Compare lists what changed from old to new, each list in the order of the report it comes from.
func Compare(old, new *obcert.Report) Diff {
	d := Diff{OldVerdict: old.Verdict, NewVerdict: new.Verdict, Regressed: []SpecChange{}, Fixed: []SpecChange{},
		Changed: []SpecChange{}, Added: []SpecChange{}, Removed: []SpecChange{}}
	before := map[string]obcert.Result{}
	for _, res := range old.Results {
		before[res.ID] = res
	}
	after := map[string]bool{}
	for _, res := range new.Results {
		after[res.ID] = true
		prev, ok := before[res.ID]
		c := SpecChange{ID: res.ID, Title: res.Title, NewState: res.State, Message: res.Message}
		switch {
		case !ok:
			d.Added = append(d.Added, c)
		case countsAgainst(res) && !countsAgainst(prev):
			c.OldState = prev.State
			d.Regressed = append(d.Regressed, c)
		case !countsAgainst(res) && countsAgainst(prev):
			c.OldState = prev.State
			d.Fixed = append(d.Fixed, c)
		case res.State != prev.State:
			c.OldState = prev.State
			d.Changed = append(d.Changed, c)
		}
	}
	for _, res := range old.Results {
		if !after[res.ID] {
			d.Removed = append(d.Removed, SpecChange{ID: res.ID, Title: res.Title, OldState: res.State, Message: res.Message})
		}
	}
	return d
}

// countsAgainst reports whether a result keeps its role from CONFORMANT: an unwaived failure, or
// a check that could not finish.
func countsAgainst(res obcert.Result) bool {
	switch res.State {
	case obcert.StateFailed:
		return res.Waived == nil
	case obcert.StatePassed, obcert.StateWarning, obcert.StateSkipped, obcert.StateReview:
		return false
	}
	return true // error, interrupted, flaky, and any state this package does not know
}
