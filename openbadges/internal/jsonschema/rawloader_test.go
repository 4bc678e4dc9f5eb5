package jsonschema

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/xeipuuv/gojsonschema"
)

// viaGoLoader validates the way Validate did before it skipped the JSON round trip.
func viaGoLoader(t *testing.T, s *Schema, instance any) []Error {
	t.Helper()
	res, err := s.s.Validate(gojsonschema.NewGoLoader(instance))
	if err != nil {
		t.Fatal(err)
	}
	out := make([]Error, 0, len(res.Errors()))
	for _, e := range res.Errors() {
		out = append(out, errorOf(e))
	}
	slices.SortFunc(out, compareErrors)
	return out
}

// TestDecodedInstanceValidatesAsTheRoundTrip: an instance handed to gojsonschema as decoded JSON
// gets exactly the errors it gets through gojsonschema's JSON round trip.
func TestDecodedInstanceValidatesAsTheRoundTrip(t *testing.T) {
	s := compile(t, `{"type":"object","required":["n"],"properties":{
		"n":{"type":"integer","maximum":10,"multipleOf":0.5},
		"f":{"type":"number","exclusiveMinimum":0},
		"s":{"type":"string","minLength":2,"pattern":"^[a-z]+$"},
		"a":{"type":"array","uniqueItems":true,"maxItems":3},
		"o":{"type":"object","additionalProperties":false,"properties":{"x":{"enum":[1,"1",true,null]}}},
		"c":{"const":1.5}}}`)
	cases := []string{
		`{"n":3}`, `{"n":3.5}`, `{"n":1e21}`, `{"n":-0}`, `{"n":11}`, `{"n":10.25}`,
		`{"f":1e-7,"n":1}`, `{"f":0,"n":1}`, `{"f":-1e-300,"n":1}`, `{"f":123456789012345678901234,"n":2}`,
		`{"n":1,"s":"ab"}`, `{"n":1,"s":"A"}`, `{"n":1,"s":"<é>"}`,
		`{"n":1,"a":[1,1.0]}`, `{"n":1,"a":[1,2,3,4]}`, `{"n":1,"a":[{"a":1},{"a":1}]}`,
		`{"n":1,"o":{"x":1}}`, `{"n":1,"o":{"x":"1"}}`, `{"n":1,"o":{"x":2,"y":0}}`, `{"n":1,"o":{"x":null}}`,
		`{"n":1,"c":1.5}`, `{"n":1,"c":15e-1}`, `{"n":1,"c":1.50000000001}`, `{}`, `[]`, `"x"`, `null`,
	}
	for _, c := range cases {
		var v any
		if err := json.Unmarshal([]byte(c), &v); err != nil {
			t.Fatal(err)
		}
		if _, ok := asDecoded(v); !ok {
			t.Errorf("%s: declined", c)
		}
		if got, want := validate(t, s, v), viaGoLoader(t, s, v); !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n  decoded    %v\n  round trip %v", c, got, want)
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		f := math.Float64frombits(r.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		v := map[string]any{"n": f, "f": f / 3, "c": f}
		if got, want := validate(t, s, v), viaGoLoader(t, s, v); !reflect.DeepEqual(got, want) {
			t.Fatalf("%v:\n  decoded    %v\n  round trip %v", f, got, want)
		}
		b, _ := json.Marshal(f)
		if formatFloat(f) != string(b) {
			t.Fatalf("%v: formatted %s, encoding/json %s", f, formatFloat(f), b)
		}
	}
	for _, v := range []any{map[string]any{"n": math.NaN()}, map[string]any{"n": 1, "s": "\xff"}, map[string]any{"n": 1, "x": 3}} {
		if _, ok := asDecoded(v); ok {
			t.Errorf("%v: not declined", v)
		}
	}
}

// TestDecodedSharesOnlyWhatHasNoNumbers: asDecoded hands over a value without numbers as it is,
// copies the objects and arrays on the way to a number, and leaves the instance unchanged.
func TestDecodedSharesOnlyWhatHasNoNumbers(t *testing.T) {
	var v map[string]any
	if err := json.Unmarshal([]byte(`{"a":{"s":"x","l":["y",true,null]},"b":{"n":[1,{"f":2.5}]},"c":"z"}`), &v); err != nil {
		t.Fatal(err)
	}
	before, _ := json.Marshal(v)
	out, ok := asDecoded(v)
	if !ok {
		t.Fatal("declined")
	}
	m := out.(map[string]any)
	if reflect.ValueOf(m["a"]).UnsafePointer() != reflect.ValueOf(v["a"]).UnsafePointer() {
		t.Error("the object without numbers was copied")
	}
	if reflect.ValueOf(m).UnsafePointer() == reflect.ValueOf(v).UnsafePointer() {
		t.Error("the root, which holds numbers, was not copied")
	}
	want := map[string]any{"a": v["a"], "c": "z",
		"b": map[string]any{"n": []any{json.Number("1"), map[string]any{"f": json.Number("2.5")}}}}
	if !reflect.DeepEqual(out, want) {
		t.Errorf("got %v, want %v", out, want)
	}
	if after, _ := json.Marshal(v); string(after) != string(before) {
		t.Errorf("the instance changed: %s, was %s", after, before)
	}
	noNumbers := map[string]any{"s": "x", "o": map[string]any{"l": []any{"a"}}}
	if out, _ := asDecoded(noNumbers); reflect.ValueOf(out).UnsafePointer() != reflect.ValueOf(noNumbers).UnsafePointer() {
		t.Error("a value without numbers was copied")
	}
}
