package main

import (
	"strings"
	"sync/atomic"
	"testing"
)

func TestAutoColorHonoursANonEmptyNoColor(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	cases := []struct {
		terminal bool
		vars     map[string]string
		want     bool
	}{
		{true, nil, true},
		{true, map[string]string{"NO_COLOR": ""}, true}, // set but empty: no-color.org says it does not count
		{true, map[string]string{"NO_COLOR": "1"}, false},
		{true, map[string]string{"TERM": "dumb"}, false},
		{false, nil, false},
	}
	for _, c := range cases {
		if got := autoColor(c.terminal, env(c.vars)); got != c.want {
			t.Errorf("terminal %v, env %v: colour %v, want %v", c.terminal, c.vars, got, c.want)
		}
	}
}

func TestColorAndQuietFlags(t *testing.T) {
	out := t.TempDir()
	var calls atomic.Int64
	calls.Store(1) // past its erring first run: the spec passes
	code, stdout, _ := runWith(t, onceErring(&calls), "run", "--color", "always", "-c", writeCandidate(t, t.TempDir(), "issuer:\n  badges:\n    - jws: a.b.c\n"), "--out", out)
	if code != 0 || !strings.Contains(stdout, "\x1b[") {
		t.Errorf("--color always: exit %d, no ANSI colour in:\n%q", code, stdout)
	}
	t.Setenv("NO_COLOR", "1")
	code, stdout, stderr := runWith(t, onceErring(&calls), "run", "-q", "-c", writeCandidate(t, t.TempDir(), "issuer:\n  badges:\n    - jws: a.b.c\n"), "--out", out)
	if code != 0 || stdout != "" || stderr != "" {
		t.Errorf("-q: exit %d, stdout %q, stderr %q; want 0 and nothing printed", code, stdout, stderr)
	}
	if code, _, stderr := runWith(t, fetchSuite(), "--color", "sometimes", "list"); code != 2 || !strings.Contains(stderr, "--color must be auto, always or never") {
		t.Errorf("--color sometimes: exit %d, %q", code, stderr)
	}
}

func TestVerboseListsEveryResult(t *testing.T) {
	var calls atomic.Int64
	calls.Store(1)
	cand := writeCandidate(t, t.TempDir(), "issuer:\n  badges:\n    - jws: a.b.c\n")
	code, stdout, _ := runWith(t, onceErring(&calls), "run", "-v", "-c", cand, "--out", t.TempDir())
	if code != 0 || !strings.Contains(stdout, "PASS        issuer/once (checked: hosted)") {
		t.Errorf("-v: exit %d\n%s", code, stdout)
	}
	if code, _, stderr := runWith(t, onceErring(&calls), "-q", "-v", "list"); code != 2 || !strings.Contains(stderr, "contradict") {
		t.Errorf("-q -v: exit %d, %q", code, stderr)
	}
}
