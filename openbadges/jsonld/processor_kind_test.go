package jsonld

import (
	"encoding/json"
	"testing"
)

func TestKindNamesJSONValuesInWords(t *testing.T) {
	for raw, want := range map[string]string{`{}`: "an object", `[]`: "an array", `"x"`: "a string", `1.5`: "a number",
		`true`: "true or false", `null`: "null"} {
		var v any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			t.Fatal(err)
		}
		if got := Kind(v); got != want {
			t.Errorf("Kind(%s) = %q, want %q", raw, got, want)
		}
	}
}
