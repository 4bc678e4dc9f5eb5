package openbadges

import (
	"strings"
	"sync"

	"github.com/xeipuuv/gojsonschema"
)

// This file is the only one that knows the JSON Schema library.

var _ compileShape = compileGoJSONSchema

var registerFormats sync.Once

// compileGoJSONSchema compiles a class schema with github.com/xeipuuv/gojsonschema. The library
// keeps custom formats in a process-wide registry; the ob- prefix keeps ours apart.
func compileGoJSONSchema(schema []byte, fs map[string]func(string) bool) (shapeChecker, error) {
	registerFormats.Do(func() {
		for name, f := range fs {
			gojsonschema.FormatCheckers.Add(name, formatChecker(f))
		}
	})
	s, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(schema))
	if err != nil {
		return nil, err
	}
	return goJSONSchemaChecker{s}, nil
}

// formatChecker adapts a string predicate; values of other types are left to the "type" keyword.
type formatChecker func(string) bool

func (f formatChecker) IsFormat(v any) bool {
	s, ok := v.(string)
	return !ok || f(s)
}

type goJSONSchemaChecker struct{ schema *gojsonschema.Schema }

func (c goJSONSchemaChecker) check(doc map[string]any) ([]shapeError, error) {
	res, err := c.schema.Validate(gojsonschema.NewGoLoader(doc))
	if err != nil {
		return nil, err
	}
	var out, wrappers []shapeError
	for _, e := range res.Errors() {
		se := shapeError{path: instancePath(e.Context())}
		switch e.Type() {
		case "number_one_of", "number_any_of", "number_all_of", "number_not", "condition_then", "condition_else":
			wrappers = append(wrappers, se)
			continue
		case "required":
			se.kind = kindRequired
			se.property, _ = e.Details()["property"].(string)
		case "array_max_items":
			se.kind = kindTooMany
		case "const", "enum", "contains":
			se.kind = kindAllowed
		default:
			se.kind = kindValue
		}
		out = append(out, se)
	}
	return append(out, orphanWrappers(wrappers, out)...), nil
}

// orphanWrappers keeps a combinator failure only when no concrete error explains it.
func orphanWrappers(wrappers, concrete []shapeError) []shapeError {
	var out []shapeError
	for _, w := range wrappers {
		explained := false
		for _, c := range concrete {
			explained = explained || hasPrefix(c.path, w.path)
		}
		if !explained {
			w.kind = kindValue
			out = append(out, w)
		}
	}
	return out
}

func hasPrefix(path, prefix []string) bool {
	if len(prefix) > len(path) {
		return false
	}
	for i := range prefix {
		if path[i] != prefix[i] {
			return false
		}
	}
	return true
}

// instancePath turns gojsonschema's context ("(root)", "tags", "1") into a path below the root.
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
