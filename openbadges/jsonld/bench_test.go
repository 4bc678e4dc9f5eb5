package jsonld

import (
	"context"
	"testing"

	"github.com/piprate/json-gold/ld"
)

func BenchmarkCompactAssertion(b *testing.B) {
	p := New(nil)
	doc := readJSON(b, scenarioDir+"/01-hosted-2_0-basic/assertion.json")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := p.Compact(ctx, doc, V2); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompactAssertionUnshared is the same compaction through json-gold alone, parsing the
// context on every call: the yardstick for the shared parsed contexts.
func BenchmarkCompactAssertionUnshared(b *testing.B) {
	doc := readJSON(b, scenarioDir+"/01-hosted-2_0-basic/assertion.json")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := plainCompact(doc, V2); err != nil {
			b.Fatal(err)
		}
	}
}

// plainCompact compacts with json-gold's own Compact and the embedded documents, nothing shared.
func plainCompact(doc any, contextURL string) (map[string]any, error) {
	opts := ld.NewJsonLdOptions("")
	opts.ProcessingMode = ld.JsonLd_1_1
	opts.DocumentLoader = embeddedLoader{}
	return ld.NewJsonLdProcessor().Compact(doc, map[string]any{"@context": contextURL}, opts)
}
