package jsonld

import (
	"encoding/json"
	"os"
	"testing"
)

const (
	peers        = "../../../shared/peers"
	scenarioDir  = peers + "/validator-core-testfiles/scenarios"
	componentDir = peers + "/validator-core-testfiles/test_components"
	extensionDir = peers + "/validator-core-testfiles/extensions"
	examplesDir  = peers + "/spec/ob_v2p0/examples-extracted"
)

// readJSON decodes the JSON file at path.
func readJSON(tb testing.TB, path string) any {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return decode(tb, string(b))
}

// decode decodes a JSON text.
func decode(tb testing.TB, s string) any {
	tb.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		tb.Fatalf("decoding %.60s: %v", s, err)
	}
	return v
}
