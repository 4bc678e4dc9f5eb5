package jsonschema

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xeipuuv/gojsonschema"
)

// Most instances a batch validates are valid, and for a valid instance the library's answer is an
// empty list it takes a walk of allocations to build: a Result, a context per property, a score per
// keyword. Accepts answers "no errors" without them, for the keywords the Open Badges class schemas
// use, by the library's own rules, which this file follows line by line (validation.go of
// gojsonschema v1.2.0, validateRecursive and the validate* functions it calls):
//
//   - a schema with a "type" fails a value of another type, and nothing else of it is evaluated;
//   - if/then/else: the then when the if passes, the else when it fails (a then or an else without
//     an if is not evaluated);
//   - an array: items (one schema) on every item, minItems, maxItems, contains (some item passes);
//   - an object: required, then properties on the properties it has;
//   - a string: format, by the library's registry of format checkers (the custom formats, and the
//     rewritten string constants, are in it: strings.go); no other type is checked by format;
//   - const and enum, by the value's JSON text: for string, boolean and null constants, that is the
//     value compared with them (a string of valid UTF-8 only: json.Marshal of valid UTF-8 is one to
//     one; another string is not decided).
//
// A schema is given an acceptor only when it is draft-07, every keyword in it is one of these or an
// annotation, and no subschema is a boolean one; any other keyword (a $ref, a pattern, anyOf)
// leaves Accepts false always, and the caller asks the library. Accepts says true only for a value
// it has decided: objects, arrays, strings, booleans and nulls (the values IsDecoded approves); a
// number or any other Go value is undecided, and so false. The library stays the judge of every
// instance Accepts does not accept, and the only source of errors. TestAcceptsIsTheLibrary compares
// both over the repository's schemas and corpus, FuzzAccepts over any JSON.

// acceptor is one schema, for Accepts.
type acceptor struct {
	types    kinds // 0: any
	format   string
	items    *acceptor
	minItems int // -1: none
	maxItems int // -1: none
	contains *acceptor
	consts   []constant // the const's value, then the enum's; nil: neither
	hasConst bool       // consts[0] is the const's
	hasEnum  bool
	required []string
	props    []namedAcceptor
	ifS      *acceptor
	thenS    *acceptor
	elseS    *acceptor
}

type namedAcceptor struct {
	name string
	a    *acceptor
}

// kinds is a set of JSON types.
type kinds uint8

const (
	kindNull kinds = 1 << iota
	kindBoolean
	kindString
	kindArray
	kindObject
	kindNumber
	kindInteger
)

var kindNames = map[string]kinds{"null": kindNull, "boolean": kindBoolean, "string": kindString,
	"array": kindArray, "object": kindObject, "number": kindNumber, "integer": kindInteger}

// constant is a const or enum value: a string, a boolean or null.
type constant struct {
	kind kinds
	s    string
	b    bool
}

// annotations are the keys the library does not validate by, besides those that start with "x-".
var annotations = map[string]bool{"$schema": true, "$comment": true, "title": true, "description": true,
	"default": true, "examples": true, "readOnly": true, "writeOnly": true}

// compileAcceptor returns the acceptor of a prepared schema tree of the given effective draft, or
// nil when the schema has anything Accepts does not decide.
func compileAcceptor(tree any, draft Draft) *acceptor {
	if draft != Draft7 {
		return nil
	}
	return acceptorOf(tree, maxDepth)
}

func acceptorOf(v any, depth int) *acceptor {
	m, ok := v.(map[string]any)
	if !ok || depth < 0 {
		return nil
	}
	a := &acceptor{minItems: -1, maxItems: -1}
	subs := map[string]**acceptor{"items": &a.items, "contains": &a.contains, "if": &a.ifS, "then": &a.thenS, "else": &a.elseS}
	for k, e := range m {
		var ok bool
		switch k {
		case "type":
			a.types, ok = kindsOf(e)
		case "format":
			a.format, ok = e.(string)
		case "items", "contains", "if", "then", "else":
			*subs[k] = acceptorOf(e, depth-1)
			ok = *subs[k] != nil
		case "minItems":
			a.minItems, ok = count(e)
		case "maxItems":
			a.maxItems, ok = count(e)
		case "required":
			a.required, ok = names(e)
		case "properties":
			props, isMap := e.(map[string]any)
			ok = isMap
			for name, p := range props {
				s := acceptorOf(p, depth-1)
				if s == nil {
					return nil
				}
				a.props = append(a.props, namedAcceptor{name, s})
			}
		case "const", "enum":
			continue // below: the const first
		default:
			ok = annotations[k] || strings.HasPrefix(k, "x-")
		}
		if !ok {
			return nil
		}
	}
	if c, has := m["const"]; has {
		k, ok := acceptedConstant(c)
		if !ok {
			return nil
		}
		a.consts, a.hasConst = append(a.consts, k), true
	}
	if e, has := m["enum"]; has {
		list, ok := e.([]any)
		if !ok || len(list) == 0 {
			return nil
		}
		for _, v := range list {
			k, ok := acceptedConstant(v)
			if !ok {
				return nil
			}
			a.consts = append(a.consts, k)
		}
		a.hasEnum = true
	}
	return a
}

func kindsOf(v any) (kinds, bool) {
	switch t := v.(type) {
	case string:
		k, ok := kindNames[t]
		return k, ok
	case []any:
		var out kinds
		for _, e := range t {
			s, _ := e.(string)
			k, ok := kindNames[s]
			if !ok {
				return 0, false
			}
			out |= k
		}
		return out, len(t) > 0
	}
	return 0, false
}

// count reads a non-negative integer keyword value, as the decoder of Compile leaves it.
func count(v any) (int, bool) {
	n, ok := v.(interface{ String() string }) // json.Number
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(n.String())
	return i, err == nil && i >= 0
}

func names(v any) ([]string, bool) {
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		s, ok := e.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func acceptedConstant(v any) (constant, bool) {
	switch t := v.(type) {
	case nil:
		return constant{kind: kindNull}, true
	case bool:
		return constant{kind: kindBoolean, b: t}, true
	case string:
		return constant{kind: kindString, s: t}, utf8.ValidString(t)
	}
	return constant{}, false
}

// verdict is what the acceptor decided of a value.
type verdict uint8

const (
	rejected  verdict = iota // the library reports an error
	accepted                 // the library reports none
	undecided                // the acceptor cannot say
)

// Accepts reports whether the library finds no error in instance, a value IsDecoded approves or a
// value inside one, when the schema's acceptor can decide it; false when the library finds an
// error or the acceptor cannot say (then Validate answers). It allocates nothing of its own (the
// library's standard format checkers, such as email's, may; the custom formats of Formats do not).
func (s *Schema) Accepts(instance any) bool {
	return s.accept != nil && s.accept.check(instance, maxDepth) == accepted
}

// check follows validateRecursive: the type, then validateSchema (if/then/else), then the type's
// own keywords, then validateCommon (const, enum). A rejection ends the walk: a schema one of
// whose keywords fails has failed, whatever the others would say.
func (a *acceptor) check(v any, depth int) verdict {
	if depth < 0 {
		return undecided
	}
	var kind kinds
	switch v.(type) {
	case nil:
		kind = kindNull
	case bool:
		kind = kindBoolean
	case string:
		kind = kindString
	case []any:
		kind = kindArray
	case map[string]any:
		kind = kindObject
	default:
		return undecided
	}
	if a.types != 0 && a.types&kind == 0 {
		return rejected
	}
	out := accepted
	merge := func(r verdict) bool { // false: rejected
		if r == undecided {
			out = undecided
		}
		return r != rejected
	}
	if a.ifS != nil {
		switch a.ifS.check(v, depth-1) {
		case undecided:
			return undecided // which of then and else applies is not known
		case accepted:
			if a.thenS != nil && !merge(a.thenS.check(v, depth-1)) {
				return rejected
			}
		case rejected:
			if a.elseS != nil && !merge(a.elseS.check(v, depth-1)) {
				return rejected
			}
		}
	}
	switch t := v.(type) {
	case []any:
		if a.items != nil {
			for _, e := range t {
				if !merge(a.items.check(e, depth-1)) {
					return rejected
				}
			}
		}
		if a.minItems >= 0 && len(t) < a.minItems || a.maxItems >= 0 && len(t) > a.maxItems {
			return rejected
		}
		if a.contains != nil && !merge(some(len(t), func(i int) verdict { return a.contains.check(t[i], depth-1) })) {
			return rejected
		}
	case map[string]any:
		for _, name := range a.required {
			if _, has := t[name]; !has {
				return rejected
			}
		}
		for _, p := range a.props {
			if e, has := t[p.name]; has && !merge(p.a.check(e, depth-1)) {
				return rejected
			}
		}
	case string:
		if a.format != "" && !gojsonschema.FormatCheckers.IsFormat(a.format, v) { // v: t boxed again would allocate
			return rejected
		}
	}
	if a.consts != nil {
		rest := a.consts
		if a.hasConst {
			if !merge(rest[0].equals(v)) {
				return rejected
			}
			rest = rest[1:]
		}
		if a.hasEnum && !merge(some(len(rest), func(i int) verdict { return rest[i].equals(v) })) {
			return rejected
		}
	}
	return out
}

// some is the verdict on "one of n passes" (contains, enum): accepted when one check is, undecided
// when none is but one could not say, rejected when every one is.
func some(n int, check func(i int) verdict) verdict {
	out := rejected
	for i := range n {
		switch check(i) {
		case accepted:
			return accepted
		case undecided:
			out = undecided
		}
	}
	return out
}

// equals compares v's JSON text with the constant's, as the library does.
func (c constant) equals(v any) verdict {
	switch t := v.(type) {
	case nil:
		return verdictOf(c.kind == kindNull)
	case bool:
		return verdictOf(c.kind == kindBoolean && c.b == t)
	case string:
		if c.kind != kindString {
			return rejected // a string's text starts with a quote, a boolean's or null's does not
		}
		if t == c.s {
			return accepted
		}
		if !utf8.ValidString(t) {
			return undecided // two strings that differ may have the same text when one is not UTF-8
		}
		return rejected
	case []any, map[string]any:
		return rejected // an array's or object's text starts with [ or {
	}
	return undecided
}

func verdictOf(b bool) verdict {
	if b {
		return accepted
	}
	return rejected
}
