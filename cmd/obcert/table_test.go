package main

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reference"
)

// The checks of the fault table (TestEveryReferenceFault in run_test.go).

// checkVerdict checks the exit code, the verdict, and that a result of the state the fault's
// level calls for names its requirement.
func checkVerdict(t *testing.T, fault reference.Fault, r *obcert.Report, code int, output string) {
	t.Helper()
	wantCode, wantVerdict, wantState := 1, obcert.NotConformant, obcert.StateFailed
	if fault.Level == obcert.SHOULD {
		wantCode, wantVerdict, wantState = 0, obcert.Conformant, obcert.StateWarning
	}
	if code != wantCode || r.Verdict != wantVerdict {
		t.Errorf("exit %d verdict %s, want %d %s\nstdout:\n%s", code, r.Verdict, wantCode, wantVerdict, output)
	}
	if !hasResult(r, fault.Requirements[0], wantState) {
		t.Errorf("no %s result names %s:\n%s", wantState, fault.Requirements[0], output)
	}
}

// checkSpecs checks that the specs a run failed or warned are exactly the fault's Specs. On a
// mismatch it prints the list to paste into the fault's declaration.
func checkSpecs(t *testing.T, fault reference.Fault, got []string) {
	t.Helper()
	if !slices.Equal(got, fault.Specs) {
		t.Errorf("fault %s: the failed and warned specs differ from its Specs\n got: %s\nwant: %s\n"+
			"only got: %v\nonly want: %v", fault.Name, quoted(got), quoted(fault.Specs),
			missing(got, fault.Specs), missing(fault.Specs, got))
	}
}

// failedOrWarned returns the sorted IDs of the results that failed or warned.
func failedOrWarned(r *obcert.Report) []string {
	var out []string
	for _, res := range r.Results {
		if res.State == obcert.StateFailed || res.State == obcert.StateWarning {
			out = append(out, res.ID)
		}
	}
	slices.Sort(out)
	return out
}

// missing returns what of a is not in b.
func missing(a, b []string) []string {
	var out []string
	for _, id := range a {
		if !slices.Contains(b, id) {
			out = append(out, id)
		}
	}
	return out
}

// quoted writes ids as a Go string list, ready to paste into the fault's Specs.
func quoted(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = strconv.Quote(id)
	}
	return "[]string{" + strings.Join(q, ", ") + "}"
}
