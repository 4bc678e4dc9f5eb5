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
		Profiles: []string{ProfileFull}, Title: "does x", Body: func(context.Context, *Env) {}}
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
