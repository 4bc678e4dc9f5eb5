package httpx

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkOfflineGet: one GET the offline map answers from a body it has read already, as a batch
// asks for a linked document its run cache does not hold.
func BenchmarkOfflineGet(b *testing.B) {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.json"), make([]byte, 600), 0o600); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "mocks.json")
	if err := os.WriteFile(path, []byte(`{"https://example.org/assertions/1": "a.json"}`), 0o600); err != nil {
		b.Fatal(err)
	}
	m, err := LoadOfflineMap(path)
	if err != nil {
		b.Fatal(err)
	}
	c := New(WithTransport(m))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if resp, err := c.Get(ctx, "https://example.org/assertions/1", "application/ld+json"); err != nil || len(resp.Body) != 600 {
			b.Fatal(err)
		}
	}
}
