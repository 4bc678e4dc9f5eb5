package obcert

import "testing"

func TestSummarizeWaivedFailures(t *testing.T) {
	w := &Waiver{Spec: "issuer/b", Reason: "tracked", Expires: "2099-01-01"}
	r := &Report{Results: []Result{
		{Role: RoleIssuer, State: StatePassed}, {ID: "issuer/b", Role: RoleIssuer, State: StateFailed, Waived: w},
	}}
	r.Summarize()
	if r.Verdict != Conformant || r.Roles[0].Verdict != Conformant {
		t.Errorf("a waived failure counted against the verdict: %s, roles %+v", r.Verdict, r.Roles)
	}
	if r.Roles[0].Counts[StateFailed] != 1 || r.Roles[0].Waived != 1 {
		t.Errorf("a waived failure must stay counted as failed and as waived: %+v", r.Roles[0])
	}
	r.Results = append(r.Results, Result{Role: RoleIssuer, State: StateFailed})
	r.Summarize()
	if r.Verdict != NotConformant {
		t.Errorf("an unwaived failure beside a waived one: verdict %s, want NOT_CONFORMANT", r.Verdict)
	}
	r.Results = []Result{{Role: RoleIssuer, State: StateFailed, Waived: w}}
	r.Summarize()
	if r.Verdict != Conformant {
		t.Errorf("a run whose only result is a waived failure: verdict %s, want CONFORMANT", r.Verdict)
	}
}
