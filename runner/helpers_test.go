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
	"github.com/obcert/obcert/suites/issuer"
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

// body is what a spec body is.
type body = func(context.Context, *suites.Env, suites.Spec) suites.Outcome

// fakeSpec builds a spec of the test catalogue.
func fakeSpec(id string, level obcert.Level, req string, b body) suites.Spec {
	return suites.Spec{ID: "issuer/" + id, Role: obcert.RoleIssuer, Requirements: []string{req},
		Level: level, Profiles: []obcert.Profile{obcert.ProfileCert20, obcert.ProfileFull},
		Title: "the fake check " + id, Hint: "fix " + id, Body: b}
}

// checks is a body that checks subject and finds nothing.
func checks(subject string) body {
	return func(context.Context, *suites.Env, suites.Spec) suites.Outcome {
		return suites.Outcome{Checked: []string{subject}}
	}
}

// suitesOf groups specs into one suite per role, in order of first appearance; the issuer suite
// keeps its real candidate-file check and origins.
func suitesOf(specs ...suites.Spec) []suites.Suite {
	var out []suites.Suite
	index := map[obcert.Role]int{}
	for _, s := range specs {
		i, ok := index[s.Role]
		if !ok {
			i = len(out)
			index[s.Role] = i
			su := suites.Suite{Role: s.Role}
			if s.Role == obcert.RoleIssuer {
				su = issuer.Suite()
				su.Specs = nil
			}
			out = append(out, su)
		}
		out[i].Specs = append(out[i].Specs, s)
	}
	return out
}

// issuerOnly is the real issuer suite, for loading candidate files.
var issuerOnly = []suites.Suite{issuer.Suite()}

// byID indexes results by spec id.
func byID(results []obcert.Result) map[string]obcert.Result {
	m := map[string]obcert.Result{}
	for _, r := range results {
		m[r.ID] = r
	}
	return m
}
