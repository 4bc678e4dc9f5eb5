package runner

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// syncBuffer is a bytes.Buffer safe for the progress writer and the test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// writeFile writes content to name in dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// jwsCandidate is a candidate file whose only badge is inline: no origin to preflight.
const jwsCandidate = `candidate:
  name: fake product
  version: "2"
  vendor: tests
issuer:
  badges:
    - name: signed
      jws: aaa.bbb.ccc
`

// fakeSpec builds a spec of the test catalogue.
func fakeSpec(id string, level obcert.Level, req string, body func(context.Context, *suites.Env)) suites.Spec {
	return suites.Spec{ID: "issuer/" + id, Role: obcert.RoleIssuer, Requirements: []string{req},
		Level: level, Profiles: []string{suites.ProfileCert20, suites.ProfileFull},
		Title: "the fake check " + id, Hint: "fix " + id, Body: body}
}

// byID indexes results by spec id.
func byID(results []obcert.Result) map[string]obcert.Result {
	m := map[string]obcert.Result{}
	for _, r := range results {
		m[r.ID] = r
	}
	return m
}
