package jsonld

import "strings"

// DetectVersion names the Open Badges version of a document as the reference validator does:
// "2.0", "1.1", "1.0" or "0.5".
//
// VALIDATOR-CORE §2: a string @context containing "v1" is 1.1, one containing "v2" is 2.0; with no
// @context a string recipient is 0.5, anything else 1.0; any other @context is 2.0.
func DetectVersion(doc map[string]any) string {
	c, present := doc["@context"]
	if !present || c == nil {
		if _, ok := doc["recipient"].(string); ok {
			return "0.5"
		}
		return "1.0"
	}
	if s, ok := c.(string); ok && strings.Contains(s, "v1") {
		return "1.1"
	}
	return "2.0"
}
