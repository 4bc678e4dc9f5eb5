package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/obcert/obcert/reference"
)

func TestReferenceFaultsJSON(t *testing.T) {
	code, stdout, stderr := runWith(t, nil, "reference", "faults", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var views []faultView
	if err := json.Unmarshal([]byte(stdout), &views); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	faults := reference.Faults()
	if len(views) != len(faults) {
		t.Fatalf("%d faults printed, want %d", len(views), len(faults))
	}
	for i, f := range faults {
		v := views[i]
		if v.Name != f.Name || v.Role != string(f.Role) || v.Level != string(f.Level) || v.Description != f.Description ||
			!slices.Equal(v.Requirements, f.Requirements) || !slices.Equal(v.Specs, f.Specs) {
			t.Errorf("printed %+v for %+v", v, f)
		}
	}
	for _, key := range []string{`"name"`, `"role"`, `"requirements"`, `"level"`, `"specs"`, `"description"`} {
		if !strings.Contains(stdout, key) {
			t.Errorf("the JSON lacks %s", key)
		}
	}
}

func TestReferenceFaultsTable(t *testing.T) {
	code, stdout, stderr := runWith(t, nil, "reference", "faults")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if !strings.HasPrefix(lines[0], "NAME") || !strings.Contains(lines[0], "SPECS") || len(lines) != len(reference.Faults())+1 {
		t.Fatalf("table:\n%s", stdout)
	}
	f, _ := reference.LookupFault("badgeclass-not-found")
	for _, l := range lines {
		if strings.HasPrefix(l, f.Name+" ") && !strings.Contains(l, strings.Join(f.Specs, ",")) {
			t.Errorf("the %s row lacks its specs: %s", f.Name, l)
		}
	}
}
