package jsonld

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/obcert/obcert/openbadges/internal/jsonschema"
)

// checkSchema validates instance against the JSON Schema schema (published at schemaURL) and
// returns "" when it passes, otherwise the schema's complaints.
func (p *Processor) checkSchema(schemaURL string, schema any, instance any) string {
	compiled, err := p.compiledSchema(schemaURL, schema)
	if err != nil {
		return fmt.Sprintf("schema %s unusable: %v", schemaURL, err)
	}
	errs, err := compiled.Validate(instance)
	if err != nil {
		return err.Error()
	}
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.String()
	}
	return strings.Join(msgs, "; ")
}

// embeddedSchemas are the compilations of embedded schemas, shared by every Processor of the
// process (a batch verifies many badges, one Processor each): an embedded schema's text is fixed, a
// compiled schema is only read when validating, and its loading still counts in each Processor's
// budget, since only the compilation is shared, not the load.
var embeddedSchemas sync.Map // embedded schema URL -> *jsonschema.Schema

// compiledSchema compiles schema as draft-04, the draft of the reference validator's jsonschema,
// reusing the compilation of an embedded schema. A $ref outside the schema is refused: nothing
// leaves the process.
func (p *Processor) compiledSchema(schemaURL string, schema any) (*jsonschema.Schema, error) {
	_, embedded := embeddedFiles[schemaURL]
	if embedded {
		if s, ok := embeddedSchemas.Load(schemaURL); ok {
			return s.(*jsonschema.Schema), nil
		}
	}
	raw, err := json.Marshal(schema)
	if err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	s, err := jsonschema.Compile(raw, jsonschema.WithDraft(jsonschema.Draft4), jsonschema.WithPatterns(re2Patterns))
	if err != nil {
		return nil, err
	}
	if embedded {
		embeddedSchemas.Store(schemaURL, s)
	}
	return s, nil
}

// re2Patterns rewrites published schema patterns that Go's regexp (RE2) cannot compile into
// equivalents it can. The issuer accreditation extension's ISODate uses a backreference so that
// YYYY-MM-DD and YYYYMMDD are accepted but not a mix of the two.
var re2Patterns = map[string]string{
	`^([0-9]{4})(-?)(1[0-2]|0[1-9])\2(3[01]|0[1-9]|[12][0-9])$`: `^[0-9]{4}(-(1[0-2]|0[1-9])-|(1[0-2]|0[1-9]))(3[01]|0[1-9]|[12][0-9])$`,
}
