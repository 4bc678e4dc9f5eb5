package jsonschema

import "fmt"

// maxDepth caps how deeply a schema may nest.
const maxDepth = 64

// dataKeywords hold instance values, not schemas: the walk does not look inside them.
var dataKeywords = map[string]bool{"enum": true, "const": true, "default": true, "examples": true}

// nameKeywords hold objects whose keys are names and whose values are schemas.
var nameKeywords = map[string]bool{"properties": true, "patternProperties": true, "definitions": true,
	"$defs": true, "dependencies": true}

// walk calls visit on every schema object of a decoded schema, the root included.
func walk(v any, depth int, visit func(map[string]any) error) error {
	if depth < 0 {
		return fmt.Errorf("JSON Schema nested more than %d levels deep", maxDepth)
	}
	switch t := v.(type) {
	case map[string]any:
		if err := visit(t); err != nil {
			return err
		}
		for k, e := range t {
			if err := walkKeyword(k, e, depth, visit); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range t {
			if err := walk(e, depth-1, visit); err != nil {
				return err
			}
		}
	}
	return nil
}

// walkKeyword walks the schemas one keyword's value holds.
func walkKeyword(k string, v any, depth int, visit func(map[string]any) error) error {
	named, isMap := v.(map[string]any)
	switch {
	case dataKeywords[k]:
		return nil
	case nameKeywords[k] && isMap:
		for _, e := range named {
			if err := walk(e, depth-1, visit); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(v, depth-1, visit)
}
