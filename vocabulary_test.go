package obcert

import (
	"os"
	"testing"
)

func TestVerdictOf(t *testing.T) {
	cases := []struct {
		states []State
		want   Verdict
	}{
		{nil, Incomplete},
		{[]State{StatePassed, StateSkipped, StateWarning}, Conformant},
		{[]State{StatePassed, StateFailed}, NotConformant},
		{[]State{StateFailed, StateError}, Incomplete},
		{[]State{StatePassed, StateInterrupted}, Incomplete},
		{[]State{StatePassed, StateReview}, PendingReview},
		{[]State{StateReview, StateFailed}, NotConformant},
	}
	for _, c := range cases {
		if got := VerdictOf(c.states); got != c.want {
			t.Errorf("VerdictOf(%v) = %s, want %s", c.states, got, c.want)
		}
	}
	for v, code := range map[Verdict]int{Conformant: 0, NotConformant: 1, Incomplete: 3, PendingReview: 4} {
		if v.ExitCode() != code {
			t.Errorf("%s exits %d, want %d", v, v.ExitCode(), code)
		}
	}
}

func TestSummarize(t *testing.T) {
	r := &Report{Results: []Result{
		{Role: RoleIssuer, State: StatePassed}, {Role: RoleIssuer, State: StateFailed}, {Role: RoleHost, State: StateWarning},
	}}
	r.Summarize()
	if r.Verdict != NotConformant || len(r.Roles) != 2 {
		t.Fatalf("verdict %s, roles %v", r.Verdict, r.Roles)
	}
	if r.Roles[0].Role != RoleIssuer || r.Roles[0].Counts[StateFailed] != 1 || r.Roles[1].Verdict != Conformant {
		t.Errorf("roles %+v", r.Roles)
	}
	r.Run.Interrupted = "signal"
	r.Summarize()
	if r.Verdict != Incomplete {
		t.Errorf("interrupted run verdict %s", r.Verdict)
	}
}

// TestCatalogueMatchesShared keeps the embedded catalogue in step with spec/REQUIREMENTS.md.
func TestCatalogueMatchesShared(t *testing.T) {
	md, err := os.ReadFile("../shared/spec/REQUIREMENTS.md")
	if err != nil {
		t.Skip("../shared/spec/REQUIREMENTS.md is not beside the checkout")
	}
	want, err := ParseRequirementsMarkdown(md)
	if err != nil {
		t.Fatal(err)
	}
	got := Requirements()
	if len(got) != len(want) || len(got) != 220 {
		t.Fatalf("embedded catalogue has %d requirements, REQUIREMENTS.md %d (regenerate: go run ./internal/tools/genreq ../shared/spec/REQUIREMENTS.md > requirements.json)", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("requirement %s differs from REQUIREMENTS.md; regenerate requirements.json", want[i].ID)
		}
	}
	if r, ok := LookupRequirement("VERIFY-19"); !ok || r.Normative() != MUST {
		t.Errorf("VERIFY-19 = %+v", r)
	}
	if r, _ := LookupRequirement("ISSUER-27"); !r.Beyond() || r.Normative() != SHOULD {
		t.Errorf("ISSUER-27 = %+v", r)
	}
	if bad := UnknownRequirements("VERIFY-19", "NOPE-1"); len(bad) != 1 || bad[0] != "NOPE-1" {
		t.Errorf("UnknownRequirements = %v", bad)
	}
}
