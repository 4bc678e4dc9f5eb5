package openbadges

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/obcert/obcert/openbadges/internal/jsonschema"
)

// The class shapes are JSON Schemas (draft-07), one per class, in schemas/. Besides the standard
// keywords, each property carries annotations the validator reads: x-ob-type (the reference
// validator's data-type name, for messages and requirement IDs), x-ob-embedded (a value class
// whose embedded objects are checked too) and x-ob-linked (a class the caller follows).
//
//go:embed schemas/*.json
var schemaFiles embed.FS

type shapeKind int

const (
	kindRequired shapeKind = iota // a required property is absent
	kindTooMany                   // more values than the property allows
	kindAllowed                   // a value outside the allowed set (type names)
	kindValue                     // a value of the wrong data type or form
)

// shapeError is one schema violation.
type shapeError struct {
	kind     shapeKind
	path     []string // instance location below the node: a property, then an array index
	property string   // the absent property, for kindRequired
}

// propInfo is what a class schema says about one property.
type propInfo struct {
	Type     string `json:"x-ob-type"`
	Embedded Class  `json:"x-ob-embedded"`
	Linked   Class  `json:"x-ob-linked"`
	allowed  []string
}

// classShape is a compiled class schema and what its properties' annotations say.
type classShape struct {
	schema   *jsonschema.Schema // the whole schema; nil when split
	split    *splitShape        // the schema as its root and its property schemas (shape_split.go); nil: not split
	props    map[string]propInfo
	embedded []string  // the names of props with an embedded class, sorted
	memo     shapeMemo // the shape errors of small flat objects (shape_memo.go)
	raw      []byte    // the schema's text and its options, for wholeSchema
	opts     []jsonschema.Option
}

// wholeSchema compiles the class schema as it is written, not split (the tests compare both).
func (s *classShape) wholeSchema() (*jsonschema.Schema, error) {
	if s.schema != nil {
		return s.schema, nil
	}
	return jsonschema.Compile(s.raw, s.opts...)
}

// compiledWhole returns the whole schema, compiled once: the split shape's, or the schema itself.
func (s *classShape) compiledWhole() *jsonschema.Schema {
	if s.split != nil {
		return s.split.compiledWhole()
	}
	return s.schema
}

// formats are the custom JSON Schema formats the class schemas use.
var formats = jsonschema.NewFormats(map[string]func(string) bool{
	"ob-datetime":        IsDateTime,
	"ob-iri":             IsIRI,
	"ob-url":             IsURL,
	"ob-email":           IsEmail,
	"ob-telephone":       IsTelephone,
	"ob-data-uri-or-url": IsDataURIOrURL,
	"ob-language":        IsLanguage,
	"ob-url-authority":   IsURLAuthority,
	"ob-identity-hash":   IsIdentityHash,
	"ob-compact-iri":     IsCompactIRI,
	"ob-rdf-type":        isRDFTypeEntry,
})

var (
	shapesOnce sync.Once
	shapes     map[Class]*classShape
	shapesErr  error
)

// loadShapes compiles every class schema with the custom formats (and the options given) and
// reads its annotations.
func loadShapes(opts ...jsonschema.Option) (map[Class]*classShape, error) {
	out := make(map[Class]*classShape, len(Classes))
	for _, c := range Classes {
		raw, err := schemaFiles.ReadFile("schemas/" + string(c) + ".json")
		if err != nil {
			return nil, err
		}
		opts := append([]jsonschema.Option{jsonschema.WithFormats(formats)}, opts...)
		split, err := compileSplit(raw, opts)
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", c, err)
		}
		var schema *jsonschema.Schema // the whole schema, for a class that is not split
		if split == nil {
			if schema, err = jsonschema.Compile(raw, opts...); err != nil {
				return nil, fmt.Errorf("schema %s: %w", c, err)
			}
		}
		props, err := readAnnotations(raw)
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", c, err)
		}
		out[c] = &classShape{schema: schema, split: split, props: props, embedded: embeddedProps(props), raw: raw, opts: opts}
	}
	return out, nil
}

// shapeOf returns the compiled shape of a class. The schemas are embedded and a test compiles
// them all, so a failure here is a broken build.
func shapeOf(c Class) *classShape {
	shapesOnce.Do(func() { shapes, shapesErr = loadShapes(jsonschema.WithStringConstants()) })
	if shapesErr != nil {
		panic("openbadges: embedded class schemas are broken: " + shapesErr.Error())
	}
	return shapes[c]
}

// embeddedProps returns, sorted, the names of the properties whose values may embed a class.
func embeddedProps(props map[string]propInfo) []string {
	var out []string
	for _, name := range sortedKeys(props) {
		if props[name].Embedded != "" {
			out = append(out, name)
		}
	}
	return out
}

func readAnnotations(raw []byte) (map[string]propInfo, error) {
	var doc struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	props := make(map[string]propInfo, len(doc.Properties))
	for name, p := range doc.Properties {
		var info propInfo
		var tree any
		if err := json.Unmarshal(p, &info); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(p, &tree); err != nil {
			return nil, err
		}
		info.allowed = allowedValues(tree, nil)
		props[name] = info
	}
	return props, nil
}

// allowedValues collects the strings a property schema names in const and enum, first seen first.
func allowedValues(tree any, seen []string) []string {
	add := func(v any) {
		if s, ok := v.(string); ok && !slices.Contains(seen, s) {
			seen = append(seen, s)
		}
	}
	switch t := tree.(type) {
	case map[string]any:
		add(t["const"])
		if enum, ok := t["enum"].([]any); ok {
			for _, e := range enum {
				add(e)
			}
		}
		for _, k := range []string{"oneOf", "items", "contains", "then"} {
			seen = allowedValues(t[k], seen)
		}
	case []any:
		for _, e := range t {
			seen = allowedValues(e, seen)
		}
	}
	return seen
}
