package openbadges

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	obcert "github.com/obcert/obcert"
)

// specExample says how to validate one block of the OB 2.0 examples page: as a whole node of a
// class, or as a fragment of one (only absent required properties may be reported).
type specExample struct {
	class    Class
	fragment bool
}

var specExamples = map[string]specExample{
	"00-assertion-hosted.json":                             {ClassAssertion, false},
	"01-badgeclass.as-published.txt":                       {ClassBadgeClass, false},
	"02-issuer-profile.json":                               {ClassProfile, false},
	"03-assertion-embedded-linkeddata.as-published.txt":    {ClassAssertion, false},
	"06-signed-badge-jws-claims.json":                      {ClassAssertion, false},
	"08-cryptographickey.json":                             {ClassCryptographicKey, false},
	"09-revocationlist.json":                               {ClassRevocationList, false},
	"10-revoked-hosted-assertion.json":                     {ClassAssertion, false},
	"11-criteria-uri.json":                                 {ClassBadgeClass, true},
	"12-criteria-embedded-with-uri.as-published.txt":       {ClassBadgeClass, true},
	"13-criteria-embedded-with-alignment.as-published.txt": {ClassBadgeClass, true},
	"14-evidence-narrative.json":                           {ClassAssertion, true},
	"15-evidence-uri.json":                                 {ClassAssertion, true},
	"16-evidence-object.as-published.txt":                  {ClassAssertion, true},
	"17-evidence-multiple.as-published.txt":                {ClassAssertion, true},
	"18-image-uri.json":                                    {ClassAssertion, true},
	"19-image-object.json":                                 {ClassAssertion, true},
	"20-badgeclass-versioning.json":                        {ClassBadgeClass, true},
	"21-i18n-language.json":                                {ClassBadgeClass, true},
	"22-i18n-related-languages.json":                       {ClassBadgeClass, true},
	"23-endorsement-profile-email.as-published.txt":        {ClassEndorsement, false},
	"24-endorsement-badgeclass.json":                       {ClassEndorsement, false},
	"25-endorsement-assertion.json":                        {ClassEndorsement, false},
	"26-endorsement-revoked.json":                          {ClassEndorsement, false},
}

// notBadgeObjects are the example blocks that are JWS parts, not JSON-LD nodes.
var notBadgeObjects = map[string]bool{"05-signed-badge-jws-header.json": true}

// TestSpecExamples validates every example of the OB 2.0 examples page: all of them are valid.
func TestSpecExamples(t *testing.T) {
	dir := filepath.Join(shared, "spec", "ob_v2p0", "examples-extracted")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("reading the spec examples: %v", err)
	}
	seen := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".json") && !strings.HasSuffix(name, ".as-published.txt") || notBadgeObjects[name] {
			continue
		}
		ex, ok := specExamples[name]
		if !ok {
			t.Errorf("example %s is not in the table: say how to validate it", name)
			continue
		}
		seen++
		node := readExample(t, filepath.Join(dir, name))
		for _, f := range ValidateNode(ex.class, node, Options{}) {
			if ex.fragment && strings.HasPrefix(f.Message, "Required property ") && !strings.Contains(f.Property, ".") {
				continue
			}
			t.Errorf("%s as %s: %s %s %s: %s", name, ex.class, f.Severity, f.Check, f.Property, f.Message)
		}
	}
	if seen != len(specExamples) {
		t.Errorf("validated %d examples, the table has %d", seen, len(specExamples))
	}
}

func readExample(t *testing.T, path string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".as-published.txt") {
		raw = repairJSON(raw)
	}
	var node map[string]any
	if err := json.Unmarshal(raw, &node); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return node
}

// repairJSON fixes the three defects of the published examples: raw line breaks inside strings,
// trailing commas, and missing closing braces.
func repairJSON(b []byte) []byte {
	var out []byte
	var stack []byte
	inString, escaped := false, false
	for _, c := range b {
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case inString && c == '"':
			inString = false
		case inString && c == '\n':
			out = append(out, ' ')
			continue
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			stack = append(stack, map[byte]byte{'{': '}', '[': ']'}[c])
		case c == '}' || c == ']':
			out = trimTrailingComma(out)
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
		out = append(out, c)
	}
	out = trimTrailingComma(out)
	for i := len(stack) - 1; i >= 0; i-- {
		out = append(out, stack[i])
	}
	return out
}

func trimTrailingComma(b []byte) []byte {
	s := strings.TrimRight(string(b), " \t\r\n")
	return []byte(strings.TrimSuffix(s, ","))
}

// TestScenarioDocuments validates the 2.0 (and 1.1) documents of the reference validator's
// end-to-end scenarios, all of which it finds valid. Compaction into the v2 context leaves these
// documents as they are, but for @context, which ValidateNode ignores.
func TestScenarioDocuments(t *testing.T) {
	dir := filepath.Join(shared, "validator-core-testfiles", "scenarios")
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	if len(files) == 0 {
		t.Fatalf("no scenario documents under %s", dir)
	}
	checked := 0
	for _, path := range files {
		base := filepath.Base(path)
		if base == "scenario.json" || base == "mocks.json" {
			continue
		}
		node := readExample(t, path)
		ctx, _ := node["@context"].(string)
		class, ok := ClassOf(node)
		if !ok || ctx == "" {
			t.Logf("skipping %s: a 1.0 document needs upgrading first", path)
			continue
		}
		opts := Options{}
		if strings.Contains(ctx, "v1") {
			opts.Legacy = "1.1"
		}
		checked++
		for _, f := range ValidateNode(class, node, opts) {
			t.Errorf("%s as %s: %s %s %s: %s", path, class, f.Severity, f.Check, f.Property, f.Message)
		}
	}
	if checked < 30 {
		t.Errorf("only %d scenario documents validated", checked)
	}
}

// errorCount counts ERROR findings.
func errorCount(fs []obcert.Finding) int {
	n := 0
	for _, f := range fs {
		if f.Severity == obcert.Error {
			n++
		}
	}
	return n
}
