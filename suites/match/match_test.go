package match

import (
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

func TestHaveNoProblems(t *testing.T) {
	m := HaveNoProblems()
	if ok, err := m.Match([]Problem(nil)); !ok || err != nil {
		t.Fatalf("empty list: ok=%v err=%v", ok, err)
	}
	ps := []Problem{{Badge: "hosted", Finding: obcert.Finding{Requirements: []string{"VERIFY-11"}, Message: "out of scope", Hint: "host it"}}}
	if ok, _ := m.Match(ps); ok {
		t.Fatal("a problem matched")
	}
	msg := m.FailureMessage(ps)
	for _, want := range []string{"1 problem(s)", "[VERIFY-11] hosted: out of scope", "fix: host it"} {
		if !strings.Contains(msg, want) {
			t.Errorf("failure message %q lacks %q", msg, want)
		}
	}
}
