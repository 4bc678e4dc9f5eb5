package obcontext

import (
	"encoding/json"
	"testing"
)

// V2 is the v2 context document, and each call hands out its own copy.
func TestV2(t *testing.T) {
	var doc struct {
		Context map[string]any `json:"@context"`
	}
	if err := json.Unmarshal(V2(), &doc); err != nil || doc.Context["Assertion"] == nil {
		t.Fatalf("V2 is not the OB v2 context: %v", err)
	}
	b := V2()
	b[0] = 'x'
	if V2()[0] != '{' {
		t.Error("changing one copy changed the next")
	}
}
