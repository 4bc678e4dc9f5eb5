package jsonschema

import (
	"errors"
	"strings"
	"testing"
)

func compile(t *testing.T, schema string, opts ...Option) *Schema {
	t.Helper()
	s, err := Compile([]byte(schema), opts...)
	if err != nil {
		t.Fatalf("Compile(%s): %v", schema, err)
	}
	return s
}

func validate(t *testing.T, s *Schema, instance any) []Error {
	t.Helper()
	errs, err := s.Validate(instance)
	if err != nil {
		t.Fatal(err)
	}
	return errs
}

func TestExternalRefIsRefused(t *testing.T) {
	for _, schema := range []string{
		`{"$ref":"http://example.org/other.json"}`,
		`{"properties":{"a":{"$ref":"other.json#/x"}}}`,
		`{"definitions":{"d":{"items":[{"$ref":"https://example.org/s"}]}}}`,
		`{"allOf":[{"$ref":5}]}`,
	} {
		if _, err := Compile([]byte(schema)); !errors.Is(err, ErrExternalRef) {
			t.Errorf("Compile(%s) = %v, want ErrExternalRef", schema, err)
		}
	}
}

// A reference into the schema is followed; a "$ref" among instance values or as a property name
// is no reference at all.
func TestInternalRefsAndLookalikes(t *testing.T) {
	s := compile(t, `{"definitions":{"n":{"type":"number"}},"properties":{"a":{"$ref":"#/definitions/n"},
		"$ref":{"type":"string"},"b":{"enum":[{"$ref":"http://example.org/"}]}}}`)
	errs := validate(t, s, map[string]any{"a": "x", "$ref": "y"})
	if len(errs) != 1 || errs[0].Pointer() != "/a" || errs[0].Keyword != "type" {
		t.Errorf("got %v", errs)
	}
}

// Formats apply to the schemas compiled with them only, and two Formats may define one name.
func TestFormatsArePerSchema(t *testing.T) {
	const schema = `{"properties":{"a":{"format":"shout"}}}`
	upper := NewFormats(map[string]func(string) bool{"shout": func(s string) bool { return s == strings.ToUpper(s) }})
	lower := NewFormats(map[string]func(string) bool{"shout": func(s string) bool { return s == strings.ToLower(s) }})
	doc := map[string]any{"a": "quiet"}
	if errs := validate(t, compile(t, schema, WithFormats(upper)), doc); len(errs) != 1 || errs[0].Keyword != "format" {
		t.Errorf("with upper: %v", errs)
	}
	if errs := validate(t, compile(t, schema, WithFormats(lower)), doc); len(errs) != 0 {
		t.Errorf("with lower: %v", errs)
	}
	if errs := validate(t, compile(t, schema), doc); len(errs) != 0 {
		t.Errorf("without formats: %v", errs)
	}
	if errs := validate(t, compile(t, schema, WithFormats(upper)), map[string]any{"a": 5}); len(errs) != 0 {
		t.Errorf("a number is left to the type keyword: %v", errs)
	}
}

func TestPatternsAreRewritten(t *testing.T) {
	const backref = `^(a)\1$`
	if _, err := Compile([]byte(`{"pattern":"^(a)\\1$"}`)); err == nil {
		t.Fatal("RE2 compiled a backreference")
	}
	s := compile(t, `{"pattern":"^(a)\\1$"}`, WithPatterns(map[string]string{backref: `^aa$`}))
	if errs := validate(t, s, "aa"); len(errs) != 0 {
		t.Errorf("aa: %v", errs)
	}
	if errs := validate(t, s, "ab"); len(errs) != 1 || errs[0].Keyword != "pattern" {
		t.Errorf("ab: %v", errs)
	}
}

// Draft-04 reads exclusiveMinimum as a boolean beside minimum; later drafts as a number.
func TestWithDraft(t *testing.T) {
	s := compile(t, `{"minimum":5,"exclusiveMinimum":true}`, WithDraft(Draft4))
	if errs := validate(t, s, 5); len(errs) != 1 {
		t.Errorf("draft-04: %v", errs)
	}
	if _, err := Compile([]byte(`{"minimum":5,"exclusiveMinimum":true}`), WithDraft(Draft7)); err == nil {
		t.Error("draft-07 took a boolean exclusiveMinimum")
	}
}

// Errors come sorted by location, then keyword, with JSON-pointer locations and the absent
// property of a required error.
func TestErrorsAreSorted(t *testing.T) {
	s := compile(t, `{"required":["z","id"],"properties":{"tags":{"items":{"type":"string"}},"a/b":{"type":"string"},
		"n":{"anyOf":[{"type":"string"},{"type":"boolean"}]}}}`)
	doc := map[string]any{"tags": []any{"x", 1.0, 2.0}, "a/b": 1.0, "n": 1.0}
	want := []string{"", "", "/a~1b", "/n", "/n", "/tags/1", "/tags/2"}
	for range 5 {
		errs := validate(t, s, doc)
		var got []string
		for _, e := range errs {
			got = append(got, e.Pointer())
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("locations %q, want %q: %v", got, want, errs)
		}
		if errs[0].Property != "id" || errs[1].Property != "z" || !errs[3].Combinator() || errs[4].Combinator() {
			t.Fatalf("errors %v", errs)
		}
		if errs[5].String() != "tags.1: Invalid type. Expected: string, given: integer" || errs[0].String() != "(root): id is required" {
			t.Fatalf("String() = %q, %q", errs[5].String(), errs[0].String())
		}
	}
}

func TestBadSchemas(t *testing.T) {
	deep := strings.Repeat(`{"items":`, maxDepth+1) + `{}` + strings.Repeat(`}`, maxDepth+1)
	for _, schema := range []string{`{"type":`, `{} {}`, `{"type":"nothing"}`, deep} {
		if _, err := Compile([]byte(schema)); err == nil {
			t.Errorf("Compile(%.40s) succeeded", schema)
		}
	}
}
