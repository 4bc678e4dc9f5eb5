package obcert

import "testing"

// TestReviewDecisionsWeighInTheVerdict: an undecided review result keeps the verdict pending; an
// accepted one weighs as a pass, a rejected one as a failure; the counts keep the review state.
func TestReviewDecisionsWeighInTheVerdict(t *testing.T) {
	for _, tc := range []struct {
		decision *ReviewDecision
		want     Verdict
	}{
		{nil, PendingReview},
		{&ReviewDecision{By: "A", At: "2026-12-01T10:00:00Z", Decision: ReviewAccepted}, Conformant},
		{&ReviewDecision{By: "A", At: "2026-12-01T10:00:00Z", Decision: ReviewRejected}, NotConformant},
		{&ReviewDecision{By: "A", Decision: "maybe"}, PendingReview},
	} {
		r := Report{Results: []Result{
			{ID: "d/a", Role: RoleDisplayer, State: StatePassed},
			{ID: "d/b", Role: RoleDisplayer, State: StateReview, Review: tc.decision},
		}}
		r.Summarize()
		if r.Verdict != tc.want || r.Roles[0].Verdict != tc.want || r.Roles[0].Counts[StateReview] != 1 {
			t.Errorf("decision %+v: verdict %s (role %s, counts %v), want %s", tc.decision, r.Verdict, r.Roles[0].Verdict, r.Roles[0].Counts, tc.want)
		}
	}
}
