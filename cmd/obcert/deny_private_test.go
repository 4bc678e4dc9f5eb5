package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/obcert/obcert"
)

// TestRunDenyPrivate: with --deny-private, or denyPrivate in the candidate file, a candidate on
// loopback is never contacted; preflight names why and the specs are not run (INCOMPLETE).
func TestRunDenyPrivate(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	t.Cleanup(srv.Close)
	badge := "issuer:\n  badges:\n    - url: " + srv.URL + "/a\n"
	cases := map[string]struct {
		file string
		args []string
	}{
		"the flag":                 {"candidate: {name: private}\n" + badge, []string{"--deny-private"}},
		"the candidate file field": {"candidate: {name: private}\ndenyPrivate: true\n" + badge, nil},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			cand := writeCandidate(t, dir, c.file)
			out := filepath.Join(dir, "out")
			code, stdout, stderr := runWith(t, registered(), append([]string{"run", "-c", cand, "--out", out}, c.args...)...)
			r := readReport(t, out)
			if code != 3 || r.Verdict != obcert.Incomplete || hits.Load() != 0 {
				t.Fatalf("exit %d verdict %s after %d requests; want 3, INCOMPLETE and none\n%s\n%s", code, r.Verdict, hits.Load(), stdout, stderr)
			}
			pre := r.Results[0]
			if pre.ID != "issuer/preflight" || pre.State != obcert.StateError || !strings.Contains(pre.Message, "127.0.0.1 is a loopback address") {
				t.Errorf("preflight %s %s: %s", pre.ID, pre.State, pre.Message)
			}
			for _, res := range r.Results[1:] {
				if res.Role != obcert.RoleIssuer {
					continue // the candidate declares no other role
				}
				if res.State != obcert.StateError || !strings.HasPrefix(res.Message, "not run: "+srv.URL+" did not answer preflight") {
					t.Errorf("%s %s: %s", res.ID, res.State, res.Message)
				}
			}
		})
	}
}

func TestRunDenyPrivateNeedsACandidate(t *testing.T) {
	code, _, stderr := runWith(t, registered(), "run", "--deny-private", "--out", t.TempDir())
	if code != 2 || !strings.Contains(stderr, "--deny-private refuses loopback") {
		t.Errorf("exit %d, %q; want 2 and the reason", code, stderr)
	}
}
