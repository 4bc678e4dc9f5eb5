package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckPassesCertifyBundle is issue 9's third "done when", first half: the signed certify
// bundle of the reference passes every item.
func TestCheckPassesCertifyBundle(t *testing.T) {
	path, pub := certifiedBundle(t, "--certify")
	code, stdout, _ := runWith(t, registered(), "check", path, "--key", pub)
	if code != 0 || strings.Contains(stdout, "FAIL") || !strings.Contains(stdout, "ready for review") {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
}

// TestCheckFailsNamingTheItem: a bundle from a faulted run, from a filtered run, and an unsigned
// one each fail with the item that caught them.
func TestCheckFailsNamingTheItem(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		want []string
	}{
		"reference fault": {[]string{"--reference-fault", "bad-signature"}, []string{"FAIL  certify mode", "FAIL  verdict CONFORMANT"}},
		"spec filter":     {[]string{"--focus", "hosted"}, []string{"FAIL  certify mode", "FAIL  every cert-2.0 spec of the claimed roles has a result"}},
	} {
		t.Run(name, func(t *testing.T) {
			path, pub := certifiedBundle(t, tc.args...)
			code, stdout, _ := runWith(t, registered(), "check", path, "--key", pub)
			for _, want := range tc.want {
				if code != 1 || !strings.Contains(stdout, want) {
					t.Errorf("exit %d, want 1 with %q:\n%s", code, want, stdout)
				}
			}
			if !strings.Contains(stdout, "PASS  signature verified") {
				t.Errorf("the signature should pass:\n%s", stdout)
			}
		})
	}
	t.Run("unsigned", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "u.tar.gz")
		if code, _, stderr := runWith(t, registered(), "run", "--certify", "--out", filepath.Join(dir, "out"), "--bundle="+path); code != 0 {
			t.Fatal(stderr)
		}
		_, pub := certifiedBundle(t)
		code, stdout, _ := runWith(t, registered(), "check", path, "--key", pub)
		if code != 1 || !strings.Contains(stdout, "FAIL  signature verified: the bundle is unsigned") || strings.Count(stdout, "FAIL") != 1 {
			t.Errorf("exit %d:\n%s", code, stdout)
		}
	})
}
