package runner

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzLoadCandidate: the candidate file loader never panics or hangs, whatever the file holds
// (YAML aliases, deep nesting, odd scalars). Seeds: testdata/fuzz/FuzzLoadCandidate and below.
func FuzzLoadCandidate(f *testing.F) {
	f.Add([]byte("candidate: {name: x}\nissuer:\n  badges:\n    - url: http://127.0.0.1/a\n"))
	f.Add([]byte(`{"candidate":{"name":"x"},"timeouts":{"request":"1s"},"issuer":{"badges":[{"jws":"a.b.c"}]}}`))
	f.Add([]byte("a: &a [*a, *a]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"))
	f.Add([]byte("candidate: {name: x}\n---\ncandidate: {name: y}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		p := filepath.Join(dir, "candidate.yaml")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, _, _ = LoadCandidate(p, nil)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("loading a %d-byte candidate file took %v", len(data), d)
		}
	})
}
