package jsonld

import (
	"encoding/json"
	"os"
	"testing"
)

// Fixture folders, relative to this package. The published contexts and the reference validator's
// extension mock are this package's own testdata; the scenarios, test components and spec examples
// are shared by several packages in the module's testdata. The READMEs there say where each came from.
const (
	shared       = "../../testdata"
	scenarioDir  = shared + "/validator-core-testfiles/scenarios"
	componentDir = shared + "/validator-core-testfiles/test_components"
	examplesDir  = shared + "/spec/ob_v2p0/examples-extracted"
	extensionDir = "testdata/validator-core-testfiles/extensions"
	specDir      = "testdata/spec/ob_v2p0"
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
