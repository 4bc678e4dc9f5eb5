package jsonschema

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xeipuuv/gojsonschema"
)

// Error is one way an instance breaks its schema.
type Error struct {
	Path     []string // the instance location: property names and array indexes below the root
	Keyword  string   // the keyword that failed: "required", "type", "anyOf", "maxItems", ...
	Property string   // the absent property, for "required"
	Message  string   // what is wrong, as the library says it: "latitude is required"
}

// Pointer returns the instance location as a JSON pointer ("" is the root).
func (e Error) Pointer() string {
	var b strings.Builder
	for _, p := range e.Path {
		b.WriteString("/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(p))
	}
	return b.String()
}

// String returns the location, dotted ("(root)" for the root), and the message.
func (e Error) String() string {
	where := strings.Join(e.Path, ".")
	if where == "" {
		where = gojsonschema.STRING_CONTEXT_ROOT
	}
	return where + ": " + e.Message
}

// Combinator reports whether the error is that of a keyword combining subschemas (allOf, anyOf,
// oneOf, not, then, else), which the errors of its subschemas may explain.
func (e Error) Combinator() bool {
	switch e.Keyword {
	case "allOf", "anyOf", "oneOf", "not", "then", "else":
		return true
	}
	return false
}

// Validate validates a decoded JSON value and returns its errors sorted by location, then by
// keyword and message; none when it is valid. The error is for an instance that cannot be read.
func (s *Schema) Validate(instance any) ([]Error, error) {
	return s.validateAs(instance, false)
}

// IsDecoded reports whether v is decoded JSON that Validate would hand to the library as it is:
// objects, arrays, strings of valid UTF-8, booleans and nulls, no numbers. Then v, and every value
// inside it, may be validated by ValidateDecoded.
func IsDecoded(v any) bool {
	return isDecoded(v, maxDecodedDepth)
}

// maxDecodedDepth bounds the walk of IsDecoded: a deeper value is not approved (decoded JSON is
// far shallower: the decoders nest to a few hundred levels at most).
const maxDecodedDepth = 10000

// isDecoded is IsDecoded's walk: decoded(v) would hand v over as it is (no copy, nothing refused),
// without building anything (TestIsDecodedIsDecoded).
func isDecoded(v any, depth int) bool {
	if depth < 0 {
		return false
	}
	switch t := v.(type) {
	case nil, bool:
		return true
	case string:
		return utf8.ValidString(t)
	case map[string]any:
		for k, e := range t {
			if !utf8.ValidString(k) || !isDecoded(e, depth-1) {
				return false
			}
		}
		return true
	case []any:
		for _, e := range t {
			if !isDecoded(e, depth-1) {
				return false
			}
		}
		return true
	}
	return false
}

// ValidateDecoded is Validate for a value IsDecoded approves, or a value inside one (a caller that
// validates the parts of one document asks once): it does not look at the value again. On any
// other value its answer is undefined.
func (s *Schema) ValidateDecoded(instance any) ([]Error, error) {
	return s.validateAs(instance, true)
}

func (s *Schema) validateAs(instance any, clean bool) ([]Error, error) {
	if s.cond != nil && s.cond.fails(instance) {
		errs, err := (&Schema{s: s.cond.merged, consts: s.consts}).validate(instance, clean)
		if err != nil {
			return nil, err
		}
		return s.cond.fromMerged(errs), nil
	}
	return s.validate(instance, clean)
}

// validate is Validate by the library's schema alone; clean: instance is as IsDecoded approves.
func (s *Schema) validate(instance any, clean bool) ([]Error, error) {
	var l gojsonschema.JSONLoader
	if clean {
		l = gojsonschema.NewRawLoader(instance)
	} else if doc, ok := asDecoded(instance); ok {
		l = gojsonschema.NewRawLoader(doc)
	} else {
		l = gojsonschema.NewGoLoader(instance)
	}
	res, err := s.s.Validate(l)
	if err != nil {
		return nil, fmt.Errorf("validating against JSON Schema: %w", err)
	}
	out := make([]Error, 0, len(res.Errors()))
	for _, e := range res.Errors() {
		if s.consts && e.Type() == "format" {
			name, _ := e.Details()["format"].(string)
			if c := constantOf(name); c != nil {
				e = constantError(c, e)
			}
		}
		out = append(out, errorOf(e))
	}
	slices.SortFunc(out, compareErrors)
	return out, nil
}

func errorOf(e gojsonschema.ResultError) Error {
	out := Error{Path: instancePath(e.Context()), Keyword: keyword(e.Type()), Message: e.Description()}
	if out.Keyword == "required" {
		out.Property, _ = e.Details()["property"].(string)
	}
	return out
}

func compareErrors(a, b Error) int {
	return cmp.Or(slices.Compare(a.Path, b.Path), cmp.Compare(a.Keyword, b.Keyword),
		cmp.Compare(a.Property, b.Property), cmp.Compare(a.Message, b.Message))
}

// instancePath turns the library's context ("(root)", "tags", "1") into a path below the root.
func instancePath(ctx *gojsonschema.JsonContext) []string {
	if ctx == nil {
		return nil
	}
	parts := strings.Split(ctx.String("\x00"), "\x00")
	if len(parts) > 0 && parts[0] == gojsonschema.STRING_CONTEXT_ROOT {
		parts = parts[1:]
	}
	return parts
}

// keywords names the keyword behind each of the library's error types.
var keywords = map[string]string{
	"false": "false", "required": "required", "invalid_type": "type", "number_any_of": "anyOf",
	"number_one_of": "oneOf", "number_all_of": "allOf", "number_not": "not",
	"missing_dependency": "dependencies", "const": "const", "enum": "enum",
	"array_no_additional_items": "additionalItems", "array_min_items": "minItems",
	"array_max_items": "maxItems", "unique": "uniqueItems", "contains": "contains",
	"array_min_properties": "minProperties", "array_max_properties": "maxProperties",
	"additional_property_not_allowed": "additionalProperties",
	"invalid_property_pattern":        "patternProperties", "invalid_property_name": "propertyNames",
	"string_gte": "minLength", "string_lte": "maxLength", "pattern": "pattern", "format": "format",
	"multiple_of": "multipleOf", "number_gte": "minimum", "number_gt": "exclusiveMinimum",
	"number_lte": "maximum", "number_lt": "exclusiveMaximum", "condition_then": "then",
	"condition_else": "else",
}

// keyword returns the keyword behind a library error type, or the type itself when unknown.
func keyword(errorType string) string {
	if k, ok := keywords[errorType]; ok {
		return k
	}
	return errorType
}

// asDecoded returns instance as gojsonschema's Go loader would see it after its round trip
// through JSON text (json.Marshal, then a decoder with UseNumber): numbers as json.Number in
// encoding/json's own format, objects and arrays as such. It declines (ok false) any value that
// round trip would change or refuse (a string that is not valid UTF-8, NaN, a Go type other than
// those of decoded JSON without UseNumber), and then Validate takes the round trip itself.
//
// Only the objects and arrays on the way to a number are copied: a value without numbers (most
// Badge Objects) is handed over as it is, which the library only reads.
func asDecoded(v any) (any, bool) {
	out, _, ok := decoded(v)
	return out, ok
}

// decoded is asDecoded that also says whether the value it returns is a new one (changed).
func decoded(v any) (out any, changed, ok bool) {
	switch t := v.(type) {
	case nil, bool:
		return v, false, true
	case string:
		return v, false, utf8.ValidString(t) // v, not t: boxing t again would allocate
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return nil, false, false
		}
		return json.Number(formatFloat(t)), true, true
	case map[string]any:
		var m map[string]any // the copy, made at the first changed value
		for k, e := range t {
			if !utf8.ValidString(k) {
				return nil, false, false
			}
			c, ch, ok := decoded(e)
			if !ok {
				return nil, false, false
			}
			if ch && m == nil {
				m = make(map[string]any, len(t))
				for k2, e2 := range t {
					m[k2] = e2
				}
			}
			if m != nil {
				m[k] = c
			}
		}
		if m == nil {
			return v, false, true
		}
		return m, true, true
	case []any:
		var l []any
		for i, e := range t {
			c, ch, ok := decoded(e)
			if !ok {
				return nil, false, false
			}
			if ch && l == nil {
				l = slices.Clone(t)
			}
			if l != nil {
				l[i] = c
			}
		}
		if l == nil {
			return v, false, true
		}
		return l, true, true
	}
	return nil, false, false
}

// formatFloat writes f as encoding/json writes a float64.
func formatFloat(f float64) string {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b := strconv.AppendFloat(nil, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9, as encoding/json does
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return string(b)
}
