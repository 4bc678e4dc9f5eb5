package jsonld

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/piprate/json-gold/ld"
)

// TestJSONGoldMissesContextCycle is the minimal reproduction of the json-gold v0.9.1 bug described
// in budget.go: a remote context that includes itself is never refused as a recursive context
// inclusion. The loader here is the guard: it gives up after 50 loads, so the test cannot hang.
// When json-gold is fixed, this test fails: then its loop check fires and the note can go.
func TestJSONGoldMissesContextCycle(t *testing.T) {
	const u = "http://example.test/self"
	calls := 0
	opts := ld.NewJsonLdOptions("")
	opts.ProcessingMode = ld.JsonLd_1_1
	opts.DocumentLoader = loaderFunc(func(string) (*ld.RemoteDocument, error) {
		calls++
		if calls > 50 {
			return nil, errors.New("guard: 50 loads")
		}
		return &ld.RemoteDocument{DocumentURL: u, Document: map[string]any{"@context": u}}, nil
	})
	_, err := ld.NewContext(nil, opts).Parse(u)
	var le *ld.JsonLdError
	if errors.As(err, &le) && le.Code == ld.RecursiveContextInclusion {
		t.Fatalf("json-gold now detects the cycle after %d loads: remove the note in budget.go", calls)
	}
	if calls <= 50 {
		t.Fatalf("json-gold stopped after %d loads with %v", calls, err)
	}
}

type loaderFunc func(string) (*ld.RemoteDocument, error)

func (f loaderFunc) LoadDocument(u string) (*ld.RemoteDocument, error) { return f(u) }

func TestContextCyclesAreRefused(t *testing.T) {
	chain := map[string]string{}
	for i := range 1000 {
		chain[fmt.Sprintf("http://example.test/c%d", i)] = fmt.Sprintf(`{"@context":"http://example.test/c%d"}`, i+1)
	}
	cases := []struct {
		name string
		docs map[string]string
		want string
	}{
		{"a self-including context", map[string]string{"http://example.test/c0": `{"@context":"http://example.test/c0"}`},
			"context cycle: http://example.test/c0 includes http://example.test/c0"},
		{"two contexts including each other", map[string]string{
			"http://example.test/c0": `{"@context":["http://example.test/c1",{"a":"http://e.org/a"}]}`,
			"http://example.test/c1": `{"@context":{"@import":"c0"}}`}, "context cycle"},
		{"a self-importing context", map[string]string{"http://example.test/c0": `{"@context":{"@version":1.1,"@import":"http://example.test/c0"}}`},
			"context cycle"},
		{"a chain of 1000 contexts", chain, "more than 8 levels deep"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			calls := 0
			start := time.Now()
			doc := decode(t, `{"@context":["https://w3id.org/openbadges/v2","http://example.test/c0"],"type":"Issuer"}`)
			_, _, err := New(servedBy(c.docs, &calls)).Compact(context.Background(), doc, V2)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error containing %q", err, c.want)
			}
			if calls > MaxImportDepth+2 || time.Since(start) > 2*time.Second {
				t.Errorf("%d fetches in %v", calls, time.Since(start))
			}
		})
	}
}

// TestEveryLoadCounts: loads answered from a cache count against the Processor's budget, so
// a document that makes json-gold load the same context over and over runs out of it.
func TestEveryLoadCounts(t *testing.T) {
	const u = "http://example.test/ctx"
	calls := 0
	p := New(servedBy(map[string]string{u: `{"@context":{"nick":"http://schema.org/alternateName"}}`}, &calls))
	doc := decode(t, `{"@context":["https://w3id.org/openbadges/v2","`+u+`"],"type":"Issuer","nick":"Bob"}`)
	var err error
	for i := 0; i < MaxLoads+10 && err == nil; i++ {
		_, _, err = p.Compact(context.Background(), doc, V2)
	}
	if !errors.Is(err, ErrBudget) || !strings.Contains(err.Error(), "context loads") {
		t.Fatalf("got %v, want the load budget spent", err)
	}
	if _, _, err := p.Compact(context.Background(), doc, V2); !errors.Is(err, ErrBudget) {
		t.Fatalf("a spent budget was refilled: %v", err)
	}
}
