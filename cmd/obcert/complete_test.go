package main

import (
	"strings"
	"testing"
)

// complete asks the command line for completions, as a shell's completion script does.
func complete(t *testing.T, args ...string) []string {
	t.Helper()
	code, stdout, stderr := runWith(t, registered(), append([]string{"__complete"}, args...)...)
	if code != 0 {
		t.Fatalf("__complete %v: exit %d\n%s", args, code, stderr)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if !strings.HasPrefix(line, ":") {
			name, _, _ := strings.Cut(line, "\t")
			out = append(out, name)
		}
	}
	return out
}

func TestCompletionSuggestsNames(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--reference-fault", "hosted-o"}, "hosted-out-of-scope"},
		{[]string{"run", "--profile", "ce"}, "cert-2.0"},
		{[]string{"run", "--role", ""}, "issuer"},
		{[]string{"run", "--skip", "issuer/hosted-id"}, "issuer/hosted-id-in-scope"},
		{[]string{"run", "--requirement", "verify-1"}, "VERIFY-11"},
		{[]string{"explain", "VERIFY-1"}, "VERIFY-11"},
	} {
		got := complete(t, c.args...)
		found := false
		for _, g := range got {
			found = found || g == c.want
			if !strings.HasPrefix(strings.ToLower(g), strings.ToLower(c.args[len(c.args)-1])) {
				t.Errorf("%v: suggestion %q does not start with what was typed", c.args, g)
			}
		}
		if !found {
			t.Errorf("%v: suggestions %v lack %q", c.args, got, c.want)
		}
	}
}
