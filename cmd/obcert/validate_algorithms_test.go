package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateAlgorithmsFlag narrows the accepted JWS algorithms: the reference validator's signed
// scenario (RS256) passes with RS256 named, fails with only ES256, and HMAC cannot be named.
func TestValidateAlgorithmsFlag(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join(scenarios, "11-signed-valid"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for algs, want := range map[string]int{"RS256,ES256": 0, "es256": 1, "HS256": 2, ",": 2} {
		var stdout, stderr bytes.Buffer
		code := run([]string{"validate", "--format", "json", "--offline-map", "mocks.json", "--now", "2020-01-01T00:00:00Z",
			"--algorithms", algs, "assertion.jws"}, strings.NewReader(""), &stdout, &stderr)
		if code != want {
			t.Errorf("--algorithms %s: exit %d, want %d\n%s%s", algs, code, want, stdout.String(), stderr.String())
		}
	}
}
