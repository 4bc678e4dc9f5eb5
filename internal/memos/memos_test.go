package memos

import "testing"

// TestForgetAllEmptiesEveryRegisteredMemory: ForgetAll calls each registered reset, every time.
func TestForgetAllEmptiesEveryRegisteredMemory(t *testing.T) {
	before := Count()
	memory := map[string]bool{"a": true}
	calls := 0
	Register(func() { memory = map[string]bool{}; calls++ })
	if Count() != before+1 {
		t.Fatalf("%d memories registered after one more, want %d", Count(), before+1)
	}
	ForgetAll()
	memory["b"] = true
	ForgetAll()
	if len(memory) != 0 || calls != 2 {
		t.Errorf("after two ForgetAll: %d entries remembered, %d resets, want 0 and 2", len(memory), calls)
	}
}
