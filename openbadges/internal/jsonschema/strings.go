package jsonschema

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"github.com/xeipuuv/gojsonschema"
)

// gojsonschema checks a const or an enum by writing the instance value as JSON text three times
// (json.Marshal, json.Unmarshal, json.Marshal) and comparing the text with the allowed values'.
// For a string instance, that is comparing the string with the allowed strings: the library's
// instances hold valid UTF-8 only (Validate hands over decoded JSON, or JSON text the library
// decodes), and json.Marshal of valid UTF-8 is one-to-one.
//
// WithStringConstants rewrites, at Compile, each const or enum whose values are all strings into a
// format that compares the string, where the instance is a string whenever the keyword is
// evaluated:
//
//   - a schema whose type is exactly "string": the library answers a value of another type with the
//     type error and evaluates nothing else of that schema;
//   - the then of a schema whose if is exactly {"type": "string"}: the then sees the instance the
//     if passed.
//
// A format is checked for strings only, and the library's scores (by which anyOf, oneOf and
// contains pick the errors they report) count a failed const or enum as they count a failed
// format, so the rewritten schema fails on the same instances with the same errors, but one: the
// format error, which Validate turns back into the library's const or enum error (keyword,
// location and the library's own message). TestStringConstantsAreTheSchema compares both over the
// repository's schemas.
//
// Not rewritten: a schema that already has a format (it has room for one), a schema with both const
// and enum, an empty enum or one that repeats a value (the library refuses it), a const where the
// draft ignores it (draft-04) and a then where the draft has no if (draft-04, draft-06), and every
// then when a $ref could reach it by another way (a $ref other than "#" or "#/definitions/<name>",
// or a nested $id or id). A contains {const} is not rewritten either: the library reports, when no
// item matches, the errors of the item with the best score, and that choice depends on the items'
// types in a way a {type: string} schema would change.

// WithStringConstants checks the string-valued const and enum keywords whose instance is known to
// be a string by comparing strings, rather than by the library's JSON round trip of the value:
// equal errors, less work.
func WithStringConstants() Option { return func(c *config) { c.stringConsts = true } }

// stringConstant is one rewritten const or enum.
type stringConstant struct {
	enum    bool
	values  []string
	allowed string // the library's "allowed" detail: the values as JSON, joined by ", "
}

func (c *stringConstant) IsFormat(v any) bool {
	s, ok := v.(string)
	return !ok || slices.Contains(c.values, s)
}

// stringConstants are the registered rewrites by format name. The name says the constant (its
// keyword and its values), so the schemas that share one share its format.
var stringConstants sync.Map // format name -> *stringConstant

const stringConstantPrefix = "obcert-string-constant/"

// register returns the format name of c, registered with the library.
func (c *stringConstant) register() string {
	key, _ := json.Marshal(struct {
		Enum   bool
		Values []string
	}{c.enum, c.values})
	name := stringConstantPrefix + string(key)
	if _, loaded := stringConstants.LoadOrStore(name, c); !loaded {
		gojsonschema.FormatCheckers.Add(name, c)
	}
	return name
}

// constantOf returns the rewrite a format name stands for, or nil.
func constantOf(name string) *stringConstant {
	if !strings.HasPrefix(name, stringConstantPrefix) {
		return nil
	}
	c, _ := stringConstants.Load(name)
	sc, _ := c.(*stringConstant)
	return sc
}

// rewriteStringConstants applies WithStringConstants to a decoded schema whose effective draft is
// draft (0: unknown), and returns how many keywords it rewrote.
func rewriteStringConstants(tree any, draft Draft) (int, error) {
	thenSafe := draft >= Draft7 && refsOnlyToRoots(tree)
	n := 0
	err := walk(tree, maxDepth, func(node map[string]any) error {
		if node["type"] == "string" && rewriteConstant(node, draft) {
			n++
		}
		if thenSafe && isStringType(node["if"]) {
			if then, ok := node["then"].(map[string]any); ok && rewriteConstant(then, draft) {
				n++
			}
		}
		return nil
	})
	return n, err
}

// isStringType reports whether v is exactly the schema {"type": "string"}.
func isStringType(v any) bool {
	m, ok := v.(map[string]any)
	return ok && len(m) == 1 && m["type"] == "string"
}

// rewriteConstant replaces the const or the enum of node by the format that checks it, and
// reports whether it did.
func rewriteConstant(node map[string]any, draft Draft) bool {
	if _, has := node["format"]; has {
		return false
	}
	cv, hasConst := node["const"]
	ev, hasEnum := node["enum"]
	var c *stringConstant
	switch {
	case hasConst && !hasEnum && draft >= Draft6:
		if s, ok := cv.(string); ok {
			c = &stringConstant{values: []string{s}}
		}
	case hasEnum && !hasConst:
		c = enumConstant(ev)
	}
	if c == nil {
		return false
	}
	parts := make([]string, len(c.values))
	for i, s := range c.values {
		b, err := json.Marshal(s)
		if err != nil {
			return false
		}
		parts[i] = string(b)
	}
	c.allowed = strings.Join(parts, ", ")
	delete(node, "const")
	delete(node, "enum")
	node["format"] = c.register()
	return true
}

// enumConstant returns the constant of an enum of distinct strings, or nil.
func enumConstant(v any) *stringConstant {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil
	}
	c := &stringConstant{enum: true}
	for _, e := range list {
		s, ok := e.(string)
		if !ok || slices.Contains(c.values, s) {
			return nil
		}
		c.values = append(c.values, s)
	}
	return c
}

// refsOnlyToRoots reports whether every $ref of the schema names the root or a definition's root,
// and no schema below the root has an $id (or id): then no $ref reaches a then but through its
// parent.
func refsOnlyToRoots(tree any) bool {
	ok, root := true, true
	_ = walk(tree, maxDepth, func(node map[string]any) error {
		if ref, has := node["$ref"]; has {
			s, _ := ref.(string)
			name, isDef := strings.CutPrefix(s, "#/definitions/")
			if s != "#" && (!isDef || name == "" || strings.ContainsAny(name, "/~%")) {
				ok = false
			}
		}
		_, hasID := node["$id"]
		_, hasOldID := node["id"]
		if (hasID || hasOldID) && !root {
			ok = false
		}
		root = false // walk visits the root first
		return nil
	})
	return ok
}

// effectiveDraft is the draft the library compiles a schema as: the one asked for, else the one its
// $schema names; 0 when unknown, draftHybrid when neither says (the library then takes every
// keyword of every draft).
func effectiveDraft(tree any, asked Draft) Draft {
	if asked != 0 {
		return asked
	}
	root, _ := tree.(map[string]any)
	v, has := root["$schema"]
	if !has {
		return draftHybrid
	}
	s, _ := v.(string)
	switch strings.TrimSuffix(s, "#") {
	case "http://json-schema.org/draft-04/schema":
		return Draft4
	case "http://json-schema.org/draft-06/schema":
		return Draft6
	case "http://json-schema.org/draft-07/schema":
		return Draft7
	}
	return 0
}

// draftHybrid is the library's default draft when none is named: every keyword of every draft.
const draftHybrid = Draft(gojsonschema.Hybrid)

// constantError returns the library's error for a rewritten constant that failed, given the format
// error the library reported instead.
func constantError(c *stringConstant, e gojsonschema.ResultError) gojsonschema.ResultError {
	var out gojsonschema.ResultError
	if c.enum {
		out = new(gojsonschema.EnumError)
		out.SetType("enum")
		out.SetDescriptionFormat(gojsonschema.Locale.Enum())
	} else {
		out = new(gojsonschema.ConstError)
		out.SetType("const")
		out.SetDescriptionFormat(gojsonschema.Locale.Const())
	}
	details := gojsonschema.ErrorDetails{"allowed": c.allowed}
	out.SetContext(e.Context())
	out.SetValue(e.Value())
	out.SetDetails(details)
	details["field"] = out.Field()
	details["context"] = e.Context().String()
	(&gojsonschema.Result{}).AddError(out, details) // formats the description with the library's template
	return out
}
