package jsonld

import (
	"fmt"
	"sort"
	"strings"

	"github.com/xeipuuv/gojsonschema"
)

// checkSchema validates instance against the JSON Schema schema (published at schemaURL) and
// returns "" when it passes, otherwise the schema's complaints.
func (p *Processor) checkSchema(schemaURL string, schema any, instance any) string {
	compiled, err := p.compiledSchema(schemaURL, schema)
	if err != nil {
		return fmt.Sprintf("schema %s unusable: %v", schemaURL, err)
	}
	res, err := compiled.Validate(gojsonschema.NewGoLoader(instance))
	if err != nil {
		return err.Error()
	}
	if res.Valid() {
		return ""
	}
	msgs := make([]string, 0, len(res.Errors()))
	for _, e := range res.Errors() {
		msgs = append(msgs, e.String())
	}
	sort.Strings(msgs)
	return strings.Join(msgs, "; ")
}

// compiledSchema compiles schema as draft-04, the draft of the reference validator's jsonschema,
// reusing the compilation of an embedded schema.
func (p *Processor) compiledSchema(schemaURL string, schema any) (*gojsonschema.Schema, error) {
	_, embedded := embeddedFiles[schemaURL]
	if embedded {
		if s, ok := p.schemas.Load(schemaURL); ok {
			return s.(*gojsonschema.Schema), nil
		}
	}
	// A $ref outside the schema would make gojsonschema fetch it: nothing leaves the process.
	if ref, ok := externalRef(schema, maxDepth); ok {
		return nil, fmt.Errorf("$ref %q points outside the schema", ref)
	}
	schema = rewritePatterns(cloneJSON(schema), maxDepth)
	sl := gojsonschema.NewSchemaLoader()
	sl.Draft = gojsonschema.Draft4
	sl.AutoDetect = false
	s, err := sl.Compile(gojsonschema.NewGoLoader(schema))
	if err != nil {
		return nil, err
	}
	if embedded {
		p.schemas.Store(schemaURL, s)
	}
	return s, nil
}

// externalRef finds a $ref that is not a fragment of the schema itself.
func externalRef(v any, depth int) (string, bool) {
	if depth < 0 {
		return "", false
	}
	switch t := v.(type) {
	case map[string]any:
		if ref, ok := t["$ref"]; ok {
			s, isString := ref.(string)
			if !isString || !strings.HasPrefix(s, "#") {
				return fmt.Sprint(ref), true
			}
		}
		for _, e := range t {
			if ref, ok := externalRef(e, depth-1); ok {
				return ref, true
			}
		}
	case []any:
		for _, e := range t {
			if ref, ok := externalRef(e, depth-1); ok {
				return ref, true
			}
		}
	}
	return "", false
}

// re2Patterns rewrites published schema patterns that Go's regexp (RE2) cannot compile into
// equivalents it can. The issuer accreditation extension's ISODate uses a backreference so that
// YYYY-MM-DD and YYYYMMDD are accepted but not a mix of the two.
var re2Patterns = map[string]string{
	`^([0-9]{4})(-?)(1[0-2]|0[1-9])\2(3[01]|0[1-9]|[12][0-9])$`: `^[0-9]{4}(-(1[0-2]|0[1-9])-|(1[0-2]|0[1-9]))(3[01]|0[1-9]|[12][0-9])$`,
}

// rewritePatterns replaces, in a schema it owns, the patterns re2Patterns knows.
func rewritePatterns(v any, depth int) any {
	if depth < 0 {
		return v
	}
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if p, isString := e.(string); isString && k == "pattern" && re2Patterns[p] != "" {
				t[k] = re2Patterns[p]
				continue
			}
			t[k] = rewritePatterns(e, depth-1)
		}
	case []any:
		for i, e := range t {
			t[i] = rewritePatterns(e, depth-1)
		}
	}
	return v
}
