package obcert

import (
	"os"
	"slices"
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

// Every list of the vocabulary knows its own members and nothing else.
func TestKnown(t *testing.T) {
	allKnown(t, States)
	allKnown(t, Profiles)
	allKnown(t, Roles)
	allKnown(t, Levels)
	allKnown(t, Verdicts)
	if State("flaky").Known() || Profile("cert-2.1").Known() || Role("verifier").Known() ||
		Level("MUST NOT").Known() || Verdict("PASS").Known() || State("").Known() {
		t.Error("a value outside its list is known")
	}
}

func allKnown[T interface {
	~string
	Known() bool
}](t *testing.T, list []T) {
	t.Helper()
	for _, v := range list {
		if !v.Known() {
			t.Errorf("%T %q is not known", v, v)
		}
	}
}

func TestProfiles(t *testing.T) {
	want := []Profile{"cert-2.0", "full", "connect-2.1"}
	if !slices.Equal(Profiles, want) {
		t.Errorf("Profiles = %v, want %v", Profiles, want)
	}
}

// The counts of a role name the six states of the report contract, and interrupted only when it
// occurs; appending to CountedStates never writes into States.
func TestCountedStates(t *testing.T) {
	want := []State{StatePassed, StateFailed, StateWarning, StateSkipped, StateReview, StateError}
	if !slices.Equal(CountedStates, want) {
		t.Errorf("CountedStates = %v, want %v", CountedStates, want)
	}
	_ = append(CountedStates, "x")
	if States[len(States)-1] != StateInterrupted {
		t.Error("appending to CountedStates changed States")
	}
	r := &Report{Results: []Result{{Role: RoleHost, State: StatePassed}}}
	r.Summarize()
	if c := r.Roles[0].Counts; len(c) != 6 || c[StatePassed] != 1 {
		t.Errorf("counts %v", c)
	}
	r.Results = append(r.Results, Result{Role: RoleHost, State: StateInterrupted})
	r.Summarize()
	if c := r.Roles[0].Counts; len(c) != 7 || c[StateInterrupted] != 1 {
		t.Errorf("counts with an interruption %v", c)
	}
}
