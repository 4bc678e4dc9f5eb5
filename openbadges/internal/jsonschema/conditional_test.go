package jsonschema

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

// TestConditionalIsTheSchema: for the class schemas whose root is "if P is C then ... else
// required [...]" (Assertion, Endorsement) and a small schema of that form, Validate (which takes
// the merged schema when the if fails) returns exactly the errors of the schema as written, on
// instances that pass, fail the if in every way (P absent, false, a string, a number, null, an
// object), take the then, and miss every required property in turn.
func TestConditionalIsTheSchema(t *testing.T) {
	schemas := map[string][]byte{
		"small": []byte(`{"type":"object","properties":{"a":{"type":"string"},"n":{"type":"object","required":["x"]}},
			"if":{"properties":{"revoked":{"const":true}},"required":["revoked"]},
			"then":{"required":["id"]},"else":{"required":["id","a","b"]}}`),
	}
	for _, name := range []string{"Assertion", "Endorsement"} {
		raw, err := os.ReadFile("../../schemas/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		schemas[name] = raw
	}
	base := map[string]any{
		"id": "https://example.org/a", "type": "Assertion", "a": "x", "b": 1.0,
		"recipient": map[string]any{"type": "email", "identity": "a@example.org", "hashed": false},
		"badge":     "https://example.org/b", "verification": map[string]any{"type": "hosted"},
		"issuedOn": "2016-12-31T23:59:59Z", "claim": map[string]any{"id": "https://example.org/c"},
		"issuer": "https://example.org/i", "n": map[string]any{"x": 1.0},
	}
	var instances []any
	for _, revoked := range []any{nil, true, false, "true", 1.0, map[string]any{}, []any{true}} {
		inst := clone(base)
		if revoked != nil {
			inst["revoked"] = revoked
		}
		instances = append(instances, inst)
		for k := range base {
			without := clone(inst)
			delete(without, k)
			instances = append(instances, without)
			wrong := clone(inst)
			wrong[k] = []any{1.0, 2.0}
			instances = append(instances, wrong)
		}
		bare := map[string]any{}
		if revoked != nil {
			bare["revoked"] = revoked
		}
		instances = append(instances, bare, map[string]any{"id": "x", "revoked": revoked, "n": map[string]any{}})
	}
	instances = append(instances, "not an object", []any{}, nil, 3.0)
	for name, raw := range schemas {
		s, err := Compile(raw)
		if err != nil {
			t.Fatal(err)
		}
		if s.cond == nil {
			t.Fatalf("%s: the conditional was not split", name)
		}
		full := &Schema{s: s.s}
		merged := 0
		for _, inst := range instances {
			got := validate(t, s, inst)
			want, err := full.validate(inst, false)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				b, _ := json.Marshal(inst)
				t.Fatalf("%s, %s:\n  split  %v\n  schema %v", name, b, got, want)
			}
			if s.cond.fails(inst) {
				merged++
			}
		}
		if merged < len(instances)/2 {
			t.Errorf("%s: only %d of %d instances took the merged schema", name, merged, len(instances))
		}
	}
	// Other forms are left alone.
	for _, raw := range []string{`{"if":{"required":["a"]},"else":{"required":["b"]}}`,
		`{"required":["x"],"if":{"properties":{"r":{"const":true}},"required":["r"]},"else":{"required":["b"]}}`,
		`{"if":{"properties":{"r":{"const":"yes"}},"required":["r"]},"else":{"required":["b"]}}`,
		`{"if":{"properties":{"r":{"const":true}},"required":["r"]},"else":{"required":["b"],"type":"object"}}`} {
		if s := compile(t, raw); s.cond != nil {
			t.Errorf("%s: split", raw)
		}
	}
}

func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
