package jsonschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/xeipuuv/gojsonschema"
)

// This package is the only one that knows github.com/xeipuuv/gojsonschema.

// ErrExternalRef reports a $ref that does not point into the schema itself. Resolving it would
// make the library fetch it: nothing leaves the process.
var ErrExternalRef = errors.New("$ref points outside the schema")

// Draft is a JSON Schema draft a schema can be compiled as.
type Draft int

const (
	Draft4 Draft = 4
	Draft6 Draft = 6
	Draft7 Draft = 7
)

// Schema is a compiled JSON Schema. It is safe for concurrent use.
type Schema struct {
	s    *gojsonschema.Schema
	cond *conditional // nil unless the root is a plain if/else (conditional.go)
	// consts: compiled WithStringConstants, whose format errors may stand for const or enum
	// errors (strings.go)
	consts bool
	// accept decides, for Accepts, the instances the library finds no error in (accept.go); nil
	// when the schema has a keyword it does not decide
	accept *acceptor
}

type config struct {
	draft    Draft // 0: the draft the schema's $schema names
	formats  *Formats
	patterns map[string]string
	// stringConsts: check string constants by string comparison (WithStringConstants)
	stringConsts bool
}

// Option configures Compile.
type Option func(*config)

// WithDraft compiles the schema as draft d, whatever its $schema says. Without it, the schema's
// $schema decides.
func WithDraft(d Draft) Option { return func(c *config) { c.draft = d } }

// WithFormats checks the custom formats f names in this schema. The library's standard formats
// (date-time, uri, email, ...) apply to every schema.
func WithFormats(f *Formats) Option { return func(c *config) { c.formats = f } }

// WithPatterns replaces each pattern keyword that is a key of rewrites by its value before the
// schema is compiled: published patterns Go's regexp (RE2) cannot compile, by equivalents it can.
func WithPatterns(rewrites map[string]string) Option {
	return func(c *config) { c.patterns = rewrites }
}

// Compile compiles the JSON Schema in raw. It refuses a schema with a $ref outside itself
// (ErrExternalRef), so that validating never fetches anything.
func Compile(raw []byte, opts ...Option) (*Schema, error) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	tree, err := decode(raw)
	if err != nil {
		return nil, fmt.Errorf("reading JSON Schema: %w", err)
	}
	if err := prepare(tree, cfg); err != nil {
		return nil, err
	}
	if cfg.stringConsts {
		if _, err := rewriteStringConstants(tree, effectiveDraft(tree, cfg.draft)); err != nil {
			return nil, err
		}
	}
	s, err := loader(cfg.draft).Compile(gojsonschema.NewGoLoader(tree))
	if err != nil {
		return nil, fmt.Errorf("compiling JSON Schema: %w", err)
	}
	out := &Schema{s: s, consts: cfg.stringConsts, accept: compileAcceptor(tree, effectiveDraft(tree, cfg.draft))}
	out.cond = splitConditional(tree, cfg.draft, out)
	return out, nil
}

func decode(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("data after the schema")
	}
	return tree, nil
}

// prepare checks the references of a freshly decoded schema and rewrites its custom formats and
// known patterns in place.
func prepare(tree any, cfg config) error {
	if cfg.formats != nil {
		cfg.formats.register()
	}
	return walk(tree, maxDepth, func(node map[string]any) error {
		if ref, ok := node["$ref"]; ok {
			if s, isString := ref.(string); !isString || len(s) == 0 || s[0] != '#' {
				return fmt.Errorf("%w: %v", ErrExternalRef, ref)
			}
		}
		if p, ok := node["pattern"].(string); ok && cfg.patterns[p] != "" {
			node["pattern"] = cfg.patterns[p]
		}
		if f, ok := node["format"].(string); ok && cfg.formats != nil {
			node["format"] = cfg.formats.private(f)
		}
		return nil
	})
}

func loader(d Draft) *gojsonschema.SchemaLoader {
	sl := gojsonschema.NewSchemaLoader()
	if d != 0 {
		sl.Draft = gojsonschema.Draft(d)
		sl.AutoDetect = false
	}
	return sl
}
