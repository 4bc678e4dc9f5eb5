package runner

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

func TestLoadWaiversErrorsNameTheField(t *testing.T) {
	cases := map[string]struct{ content, want string }{
		"unknown field": {"waivers:\n  - spec: issuer/a\n    reason: r\n    expires: \"2099-01-01\"\n    expiry: soon\n",
			"waivers[0].expiry: unknown field (line 5, column 5)"},
		"unknown top-level": {"waiver: []\n", "waiver: unknown field (line 1, column 1)"},
		"both targets": {"waivers:\n  - spec: issuer/a\n    requirement: VERIFY-11\n    reason: r\n    expires: \"2099-01-01\"\n",
			"waivers[0] (line 2): name exactly one of spec and requirement"},
		"no target":  {"waivers:\n  - reason: r\n    expires: \"2099-01-01\"\n", "name exactly one of spec and requirement"},
		"no reason":  {"waivers:\n  - spec: issuer/a\n    expires: \"2099-01-01\"\n", "reason: say why"},
		"bad date":   {"waivers:\n  - spec: issuer/a\n    reason: r\n  - spec: issuer/b\n    reason: r\n    expires: next June\n", `waivers[1] (line 4): expires: "next June" is not a date`},
		"bad link":   {"waivers:\n  - spec: issuer/a\n    reason: r\n    expires: \"2099-01-01\"\n    link: tracker/1\n", `link: "tracker/1" is not an http(s) URL`},
		"empty":      {"", "the waivers file is empty"},
		"wrong type": {"waivers: {spec: a}\n", "line 1, column 10: found a mapping where a list is expected"},
		"syntax":     {"waivers:\n  - spec: [a\n", "line 2, column 11"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "waivers.yaml", c.content)
			_, err := LoadWaivers(path)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}

func TestLoadWaivers(t *testing.T) {
	path := writeFile(t, t.TempDir(), "waivers.yaml", `waivers:
  - spec: issuer/signature-verifies    # or: requirement: VERIFY-19
    reason: key rotation in progress
    expires: "2027-06-30"
    link: https://tracker.example/123
  - requirement: verify-11
    reason: moving hosting
    expires: 2027-07-01
`)
	ws, err := LoadWaivers(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []obcert.Waiver{
		{Spec: "issuer/signature-verifies", Reason: "key rotation in progress", Expires: "2027-06-30", Link: "https://tracker.example/123"},
		{Requirement: "verify-11", Reason: "moving hosting", Expires: "2027-07-01"},
	}
	if !slices.Equal(ws, want) {
		t.Errorf("got %+v, want %+v", ws, want)
	}
}

func TestApplyWaivers(t *testing.T) {
	catalogue := []suites.Spec{
		fakeSpec("a", obcert.MUST, "ISSUER-03", nil), fakeSpec("b", obcert.MUST, "ISSUER-11", nil),
		fakeSpec("c", obcert.MUST, "ISSUER-16", nil), fakeSpec("d", obcert.MUST, "ISSUER-20", nil),
	}
	results := []obcert.Result{
		{ID: "issuer/a", Requirements: []string{"ISSUER-03"}, State: obcert.StateFailed,
			Findings: []obcert.Finding{{Requirements: []string{"VERIFY-11", "ISSUER-11"}}}},
		{ID: "issuer/b", Requirements: []string{"ISSUER-11"}, State: obcert.StateFailed},
		{ID: "issuer/c", Requirements: []string{"ISSUER-16"}, State: obcert.StatePassed},
		{ID: "issuer/d", Requirements: []string{"ISSUER-20"}, State: obcert.StateError},
	}
	ws := []obcert.Waiver{
		{Requirement: "verify-11", Reason: "moving", Expires: "2026-12-01"}, // last day: still applies
		{Spec: "issuer/b", Reason: "old", Expires: "2026-11-30"},
		{Spec: "issuer/c", Reason: "passes now", Expires: "2099-01-01"},
		{Spec: "issuer/zz", Reason: "typo", Expires: "2099-01-01"},
		{Spec: "issuer/d", Reason: "cannot tell", Expires: "2099-01-01"},
	}
	now := time.Date(2026, 12, 1, 23, 0, 0, 0, time.UTC)
	uses := applyWaivers(results, ws, catalogue, now)
	var got []obcert.WaiverStatus
	for _, u := range uses {
		got = append(got, u.Status)
	}
	want := []obcert.WaiverStatus{obcert.WaiverApplied, obcert.WaiverExpired, obcert.WaiverStale, obcert.WaiverStale, obcert.WaiverUnused}
	if !slices.Equal(got, want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	if !slices.Equal(uses[0].Specs, []string{"issuer/a"}) || results[0].Waived == nil || results[0].Waived.Reason != "moving" {
		t.Errorf("the requirement waiver did not waive issuer/a, whose only finding names VERIFY-11: %+v", uses[0])
	}
	if results[1].Waived != nil {
		t.Error("an expired waiver waived issuer/b")
	}
	if !strings.Contains(uses[2].Note, "now passes") || !strings.Contains(uses[3].Note, "not in the catalogue") {
		t.Errorf("stale notes %q, %q", uses[2].Note, uses[3].Note)
	}
	r := obcert.Report{Results: results}
	r.Summarize()
	if r.Verdict != obcert.Incomplete || r.Roles[0].Waived != 1 || r.Roles[0].Counts[obcert.StateFailed] != 2 {
		t.Errorf("verdict %s, roles %+v", r.Verdict, r.Roles)
	}
}

func TestExampleWaiversLoad(t *testing.T) {
	ws, err := LoadWaivers("../examples/waivers.yaml")
	if err != nil || len(ws) != 2 {
		t.Fatalf("examples/waivers.yaml: %d waivers, %v", len(ws), err)
	}
}
