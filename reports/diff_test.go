package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

func TestCompareSortsEveryChange(t *testing.T) {
	res := func(id string, s obcert.State) obcert.Result { return obcert.Result{ID: id, State: s} }
	waived := res("f", obcert.StateFailed)
	waived.Waived = &obcert.Waiver{Spec: "f", Reason: "tracked", Expires: "2099-01-01"}
	old := &obcert.Report{Verdict: obcert.Conformant, Results: []obcert.Result{
		res("a", obcert.StatePassed), res("b", obcert.StateFailed), res("c", obcert.StatePassed),
		res("d", obcert.StatePassed), res("gone", obcert.StatePassed), res("f", obcert.StatePassed),
		res("g", obcert.StateFailed),
	}}
	cur := &obcert.Report{Verdict: obcert.Incomplete, Results: []obcert.Result{
		res("a", obcert.StateError), res("b", obcert.StatePassed), res("c", obcert.StateWarning),
		res("d", obcert.StatePassed), res("added", obcert.StateFailed), waived, res("g", obcert.StateFlaky),
	}}
	d := Compare(old, cur)
	got := map[string][]string{}
	for _, s := range d.sections() {
		for _, c := range s.changes {
			got[s.heading] = append(got[s.heading], c.ID)
		}
	}
	want := map[string]string{"Regressed": "a", "Fixed": "b", "Changed": "c f g", "New": "added", "Removed": "gone"}
	for h, ids := range want {
		if strings.Join(got[h], " ") != ids {
			t.Errorf("%s = %v, want %s", h, got[h], ids)
		}
	}
	var buf bytes.Buffer
	if err := WriteDiffText(&buf, d); err != nil || !strings.Contains(buf.String(), "CONFORMANT → INCOMPLETE") {
		t.Errorf("text diff (%v):\n%s", err, buf.String())
	}
}
