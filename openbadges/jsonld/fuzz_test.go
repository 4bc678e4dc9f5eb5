package jsonld

import (
	"context"
	"strings"
	"testing"
	"time"
)

// FuzzDocumentLoader: whatever a remote context holds (self-inclusion, imports, chains through
// the fuzzed document itself, nesting), compaction ends within bounds with a result or an error.
// Every URL under http://example.test/ answers the fuzzed document, with "{{N}}" in it replaced
// by a number that grows with each load, so the document can name itself or a chain of its kin.
// Seeds: testdata/fuzz/FuzzDocumentLoader and below.
func FuzzDocumentLoader(f *testing.F) {
	f.Add(`{"@context":"http://example.test/ctx"}`)
	f.Add(`{"@context":"http://example.test/c{{N}}"}`)
	f.Add(`{"@context":{"@version":1.1,"@import":"http://example.test/ctx"}}`)
	f.Add(`{"@context":{"t":{"@id":"http://e.org/t","@context":"http://example.test/ctx"}}}`)
	f.Add(`{"@context":["http://example.test/a","http://example.test/b",{"x":"http://e.org/x"}]}`)
	f.Fuzz(func(t *testing.T, ctxDoc string) {
		n := 0
		p := New(func(_ context.Context, u string) ([]byte, error) {
			n++
			return []byte(strings.ReplaceAll(ctxDoc, "{{N}}", strings.Repeat("1", n%50))), nil
		})
		doc := map[string]any{"@context": []any{V2, "http://example.test/ctx"}, "type": "Issuer", "name": "x",
			"t": map[string]any{"@type": "http://example.test/T"}}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		start := time.Now()
		_, _, _ = p.Compact(ctx, doc, V2)
		if d := time.Since(start); d > 3*time.Second || n > MaxLoads {
			t.Fatalf("compaction took %v and %d remote loads", d, n)
		}
	})
}
