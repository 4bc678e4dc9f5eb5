package obcert

import (
	"fmt"
	"os"
	"slices"
	"strings"
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
		{[]State{StatePassed, StateFlaky}, Incomplete},
		{[]State{StateFailed, StateFlaky}, Incomplete},
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

// TestEmbeddedCatalogue checks the catalogue the repository embeds (requirements.json), with no
// other file: its size, that every row is complete and well-formed, and a few known rows.
func TestEmbeddedCatalogue(t *testing.T) {
	reqs := Requirements()
	if len(reqs) != 220 {
		t.Fatalf("embedded catalogue has %d requirements, want 220", len(reqs))
	}
	seen := map[string]bool{}
	for _, r := range reqs {
		if seen[r.ID] {
			t.Errorf("requirement %s appears twice", r.ID)
		}
		seen[r.ID] = true
		group, n, ok := strings.Cut(r.ID, "-")
		if !ok || group != r.Group || n == "" || strings.Trim(n, "0123456789") != "" {
			t.Errorf("requirement %q has group %q", r.ID, r.Group)
		}
		if r.Level == "" || r.Text == "" || r.Source == "" || r.Auto == "" {
			t.Errorf("requirement %s has an empty field: %+v", r.ID, r)
		}
		if got, ok := LookupRequirement(r.ID); !ok || got != r {
			t.Errorf("LookupRequirement(%s) = %+v, %v", r.ID, got, ok)
		}
	}
	if r, ok := LookupRequirement("VERIFY-19"); !ok || r.Normative() != MUST || r.Beyond() {
		t.Errorf("VERIFY-19 = %+v", r)
	}
	if r, _ := LookupRequirement("ISSUER-27"); !r.Beyond() || r.Normative() != SHOULD {
		t.Errorf("ISSUER-27 = %+v", r)
	}
	if bad := UnknownRequirements("VERIFY-19", "NOPE-1", "ISSUER-27", "CONNECT-999"); !slices.Equal(bad, []string{"CONNECT-999", "NOPE-1"}) {
		t.Errorf("UnknownRequirements = %v", bad)
	}
}

// TestParseRequirementsMarkdown reads catalogue rows the way genreq does, and gives back the
// embedded catalogue when fed that catalogue written as Markdown tables.
func TestParseRequirementsMarkdown(t *testing.T) {
	md := "# Catalogue\n\n| ID | Lvl | Requirement | Source | Auto |\n|---|---|---|---|---|\n" +
		"| ISSUER-27 | X-SHOULD | Also test a signed badge. | brief; OB20 | A |\n" +
		"|VERIFY-19|MUST NOT| A `|` inside the text is kept |OB20 §x| S/M |\n" +
		"Not a row | VERIFY-20 | MUST | text | src | A |\n"
	got, err := ParseRequirementsMarkdown([]byte(md))
	if err != nil {
		t.Fatal(err)
	}
	want := []Requirement{
		{ID: "ISSUER-27", Group: "ISSUER", Level: "X-SHOULD", Text: "Also test a signed badge.", Source: "brief; OB20", Auto: "A"},
		{ID: "VERIFY-19", Group: "VERIFY", Level: "MUST NOT", Text: "A `|` inside the text is kept", Source: "OB20 §x", Auto: "S/M"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("parsed %+v\nwant %+v", got, want)
	}
	if _, err := ParseRequirementsMarkdown([]byte(md + "| ISSUER-27 | MAY | again | here | A |\n")); err == nil {
		t.Error("a repeated ID was accepted")
	}
	if _, err := ParseRequirementsMarkdown([]byte("# nothing here\n")); err == nil {
		t.Error("a file without rows was accepted")
	}

	var b strings.Builder
	b.WriteString("| ID | Lvl | Requirement | Source | Auto |\n|---|---|---|---|---|\n")
	for _, r := range Requirements() {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", r.ID, r.Level, r.Text, r.Source, r.Auto)
	}
	again, err := ParseRequirementsMarkdown([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(again, Requirements()) {
		t.Error("the embedded catalogue written as Markdown does not parse back to itself")
	}
}

// TestCatalogueMatchesShared keeps the embedded catalogue in step with spec/REQUIREMENTS.md, the
// catalogue's source, when a ../shared checkout sits beside this one. The repository carries only the
// generated requirements.json, which TestEmbeddedCatalogue checks on its own.
func TestCatalogueMatchesShared(t *testing.T) {
	md, err := os.ReadFile("../shared/spec/REQUIREMENTS.md")
	if err != nil {
		t.Skipf("optional check: no ../shared/spec/REQUIREMENTS.md beside the checkout to compare requirements.json with (%v)", err)
	}
	want, err := ParseRequirementsMarkdown(md)
	if err != nil {
		t.Fatal(err)
	}
	got := Requirements()
	if len(got) != len(want) {
		t.Fatalf("embedded catalogue has %d requirements, REQUIREMENTS.md %d (regenerate: go run ./internal/tools/genreq ../shared/spec/REQUIREMENTS.md > requirements.json)", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("requirement %s differs from REQUIREMENTS.md; regenerate requirements.json", want[i].ID)
		}
	}
}

// Every list of the vocabulary knows its own members and nothing else.
func TestKnown(t *testing.T) {
	allKnown(t, States)
	allKnown(t, Profiles)
	allKnown(t, Roles)
	allKnown(t, Levels)
	allKnown(t, Verdicts)
	if State("flakey").Known() || Profile("cert-2.1").Known() || Role("verifier").Known() ||
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
	if States[6] != StateInterrupted {
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
