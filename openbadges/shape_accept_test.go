package openbadges

import (
	"encoding/json"
	"testing"

	"github.com/obcert/obcert/openbadges/internal/jsonschema"
)

// TestAcceptsIsTheShape: with the class schemas' real formats, the whole schema's acceptor accepts
// a node, taken as decoded JSON, exactly when the shape check finds no error in it, for every class
// on the instances of TestShapeMemoIsTheCheck; most of the valid ones are decided.
func TestAcceptsIsTheShape(t *testing.T) {
	corpus := corpusObjects(t)
	accepted, rejected := 0, 0
	for _, c := range Classes {
		s := shapeOf(c)
		for _, n := range shapeInstances(c, corpus) {
			doc := withoutNulls(n)
			if !jsonschema.IsDecoded(doc) {
				continue
			}
			errs, err := s.checkAs(doc, true)
			if err != nil {
				t.Fatal(err)
			}
			got := s.compiledWhole().Accepts(doc)
			if got != (len(errs) == 0) {
				b, _ := json.Marshal(n)
				t.Fatalf("%s %s: accepted %v, shape errors %v", c, b, got, errs)
			}
			if got {
				accepted++
			} else {
				rejected++
			}
		}
	}
	t.Logf("%d nodes accepted, %d rejected, as the shape check says", accepted, rejected)
	if accepted < 100 || rejected < 100 {
		t.Errorf("the comparison does not exercise the acceptor: %d accepted, %d rejected", accepted, rejected)
	}
}
