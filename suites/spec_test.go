package suites

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/obcert/obcert"
)

func validSpec() Spec {
	return Spec{ID: "issuer/x", Role: obcert.RoleIssuer, Requirements: []string{"ISSUER-07"}, Level: obcert.MUST,
		Profiles: []obcert.Profile{obcert.ProfileFull}, Title: "does x", Body: func(context.Context, *Env, Spec) Outcome { return Outcome{} }}
}

func TestValidate(t *testing.T) {
	if err := Validate([]Spec{validSpec()}); err != nil {
		t.Fatalf("valid spec refused: %v", err)
	}
	for name, tc := range map[string]struct {
		mutate func(*Spec)
		want   string
	}{
		"role prefix":         {func(s *Spec) { s.ID = "host/x" }, "must start with its role"},
		"no requirement":      {func(s *Spec) { s.Requirements = nil }, "names no requirement"},
		"unknown requirement": {func(s *Spec) { s.Requirements = []string{"ISSUER-999"} }, "unknown requirements"},
		"level":               {func(s *Spec) { s.Level = "OFTEN" }, "level"},
		"body":                {func(s *Spec) { s.Body = nil }, "needs a title"},
		"unknown check":       {func(s *Spec) { s.Checks = []string{"ISSUER-999"} }, "unknown requirements"},
		"unknown profile":     {func(s *Spec) { s.Profiles = []obcert.Profile{"gold"} }, "unknown profile"},
	} {
		s := validSpec()
		tc.mutate(&s)
		if err := Validate([]Spec{s}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", name, err, tc.want)
		}
	}
	if err := Validate([]Spec{validSpec(), validSpec()}); err == nil {
		t.Error("a duplicate id was accepted")
	}
}

func TestLabels(t *testing.T) {
	got := strings.Join(validSpec().Labels(), ",")
	if got != "issuer,MUST,full,ISSUER-07" {
		t.Errorf("labels %s", got)
	}
}

func TestMemoComputesOncePerKey(t *testing.T) {
	env := &Env{}
	var calls atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v := env.Memo("k", func() any { calls.Add(1); return 42 }); v != 42 {
				t.Errorf("memo = %v", v)
			}
		}()
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Errorf("computed %d times", calls.Load())
	}
	if env.Memo("other", func() any { return "x" }) != "x" {
		t.Error("keys share a value")
	}
}

func TestSpecCheckedIsItsOwnList(t *testing.T) {
	s := validSpec()
	if got := s.Checked(); len(got) != 1 || got[0] != "ISSUER-07" {
		t.Errorf("Checked() = %v, want the spec's own requirements", got)
	}
	s.Checks = []string{"VERIFY-01"}
	if got := s.Checked(); len(got) != 1 || got[0] != "VERIFY-01" {
		t.Errorf("Checked() = %v, want the declared Checks", got)
	}
}

func TestValidateSuites(t *testing.T) {
	ok := Suite{Role: obcert.RoleIssuer, Specs: []Spec{validSpec()}}
	if err := ValidateSuites([]Suite{ok}); err != nil {
		t.Fatalf("valid suite refused: %v", err)
	}
	wrongRole := Suite{Role: obcert.RoleHost, Specs: []Spec{validSpec()}}
	if err := ValidateSuites([]Suite{wrongRole}); err == nil || !strings.Contains(err.Error(), "is in the suite of role") {
		t.Errorf("a spec in another role's suite: %v", err)
	}
	if err := ValidateSuites([]Suite{ok, {Role: obcert.RoleIssuer}}); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("two suites of one role: %v", err)
	}
}

func TestOutcomeRecordsEachSubjectOnce(t *testing.T) {
	var o Outcome
	o.Check("a")
	o.Problemf("a", []string{"ISSUER-07"}, "fix it", "it is %s", "broken")
	o.Check("b")
	if strings.Join(o.Checked, ",") != "a,b" || len(o.Problems) != 1 || o.Problems[0].Subject != "a" ||
		o.Problems[0].Message != "it is broken" || o.Problems[0].Hint != "fix it" {
		t.Errorf("outcome %+v", o)
	}
	o.AddEvidence("e1", "e1", "")
	if len(o.Evidence) != 1 {
		t.Errorf("evidence %v", o.Evidence)
	}
}

func TestCloseRunsDeferredLastFirstOnce(t *testing.T) {
	env := &Env{}
	var order []int
	env.Defer(func() { order = append(order, 1) })
	env.Defer(func() { order = append(order, 2) })
	env.Close()
	env.Close()
	if len(order) != 2 || order[0] != 2 || order[1] != 1 {
		t.Errorf("deferred ran in order %v, want [2 1]", order)
	}
}
