package jsonld

import (
	"sync"
	"testing"
)

// TestEmbeddedSchemasSharedAcrossProcessors: many Processors (one per badge of a batch) validating
// at once against one shared compilation give each its own, right answer (run with -race).
func TestEmbeddedSchemasSharedAcrossProcessors(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := New(nil)
			good := validate(t, p, geoAssertion(`{"schema:latitude":44.5809,"schema:longitude":-123.301815}`))
			bad := validate(t, p, geoAssertion(`{"schema:longitude":-123.301815}`))
			if len(good) != 0 || len(bad) == 0 {
				t.Errorf("processor %d: valid gave %v, invalid gave %v", i, good, bad)
			}
		}()
	}
	wg.Wait()
}
