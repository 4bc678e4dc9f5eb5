package openbadges

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/obcert/obcert/openbadges/internal/jsonschema"
)

// A class schema is an object schema whose root says which properties are required (directly or
// by an if/then/else) and, under properties, what each property's value must be. gojsonschema
// validates an object by the root's own keywords, then each present property's value against its
// property schema, at the property's location; nothing else of the root reads the values. So the
// schema's errors are the root's (compiled without its properties) and, for each present property,
// the errors of its value against its property schema compiled alone, their locations below the
// property. classShape.check validates that way (splitShape), and remembers the errors of a
// property's string or boolean value: a batch repeats the same type, issuedOn, badge and issuer
// values in every badge. TestSplitShapeIsTheSchema compares it with the whole schema.
//
// A schema is split only when its root has no keyword but these (splitKeys) and no $ref: a $ref
// into the properties would not resolve in a property schema compiled alone.
var splitKeys = []string{"$schema", "title", "description", "type", "properties", "required", "if", "then", "else"}

// splitShape is a class schema's root without its properties, and its property schemas.
type splitShape struct {
	root  *jsonschema.Schema
	props map[string]*propShape
	// presence: when the root reads nothing of an object but which properties it has (type object,
	// required, and an if on properties absent from the node, whose then and else only require),
	// its errors are a function of which of the required names the node has: remembered by that
	// set, a bit each (nil: the root reads more)
	presence *presenceMemo
	values   *sharedValues // what the properties remember of their string values

	// whole is the schema as it is written, compiled when first needed: a node most of whose
	// properties are not answered from memory (the first badges of a process) is validated by it
	// in one call of the library, not one per property (wholeOrSplit).
	raw       []byte
	opts      []jsonschema.Option
	wholeOnce sync.Once
	whole     *jsonschema.Schema
}

// presenceMemo remembers the root's errors by the set of required names a node has.
type presenceMemo struct {
	names   []string // every name a required of the root lists, at most 64
	ifReads []string // the properties whose values the root's if reads: a node with one is validated
	mu      sync.RWMutex
	errs    map[uint64][]jsonschema.Error
}

// propShape is one property's compiled schema and the errors of the values it has seen.
type propShape struct {
	schema *jsonschema.Schema
	memo   valueMemo
	values *sharedValues // the string values' errors, in one map for all of the class's properties
}

// sharedValues holds the remembered errors of the string values of a class's properties, by
// property and value: one map for the class, not one for each of its properties (the first badge
// of a process fills them all).
type sharedValues struct {
	mu sync.RWMutex
	m  map[propValue][]jsonschema.Error
}

type propValue struct {
	prop *propShape
	s    string
}

// valueMemo remembers, bounded, the errors of string and boolean values. A property whose values
// rarely repeat (id, evidence, salt) soon stops being remembered: past the first valueMemoWarmup
// lookups, a value is added only while at least one lookup in four has been a hit; every
// valueMemoPeriod lookups the count starts again.
type valueMemo struct {
	mu       sync.RWMutex          // guards bools and boolSeen (the strings are in sharedValues)
	n        int                   // the property's string values in the shared map (under its lock)
	bools    [2][]jsonschema.Error // false, true
	boolSeen [2]bool
	lookups  atomic.Int64
	hits     atomic.Int64
	disabled atomic.Bool
}

// At most valueMemoMaxEntries values shorter than valueMemoMaxKey bytes for each of the 106
// properties of the class schemas: about 2 MB at the very worst (keys, maps and the errors kept), a few kB for a batch.
const (
	valueMemoMaxKey     = 128
	valueMemoMaxEntries = 128
	valueMemoWarmup     = 64
	valueMemoPeriod     = 4096
)

// compileSplit returns the split form of a class schema, or nil when it cannot be split.
func compileSplit(raw []byte, opts []jsonschema.Option) (*splitShape, error) {
	var tree map[string]any
	if err := json.Unmarshal(raw, &tree); err != nil {
		return nil, err
	}
	for k := range tree {
		if !slices.Contains(splitKeys, k) {
			return nil, nil
		}
	}
	if containsRef(tree) {
		return nil, nil
	}
	props, _ := tree["properties"].(map[string]any)
	out := &splitShape{props: make(map[string]*propShape, len(props)), raw: raw, opts: opts, values: &sharedValues{}}
	for name, p := range props {
		ps, isMap := p.(map[string]any)
		if !isMap {
			return nil, nil
		}
		withDraft := make(map[string]any, len(ps)+1)
		for k, v := range ps {
			withDraft[k] = v
		}
		withDraft["$schema"] = tree["$schema"]
		b, err := json.Marshal(withDraft)
		if err != nil {
			return nil, err
		}
		s, err := jsonschema.Compile(b, opts...)
		if err != nil {
			return nil, fmt.Errorf("property %s: %w", name, err)
		}
		out.props[name] = &propShape{schema: s, values: out.values}
	}
	delete(tree, "properties")
	b, err := json.Marshal(tree)
	if err != nil {
		return nil, err
	}
	if out.root, err = jsonschema.Compile(b, opts...); err != nil {
		return nil, err
	}
	out.presence = presenceOf(tree)
	return out, nil
}

// maxPresenceSets bounds the sets of present names a root remembers.
const maxPresenceSets = 256

// presenceOf returns the presence memo of a root schema (its properties removed) that reads only
// which properties a node has, or nil.
func presenceOf(root map[string]any) *presenceMemo {
	m := &presenceMemo{errs: map[uint64][]jsonschema.Error{}}
	addRequired := func(schema map[string]any) bool {
		req, has := schema["required"]
		if !has {
			return true
		}
		list, ok := req.([]any)
		for _, r := range list {
			name, isString := r.(string)
			if !isString {
				return false
			}
			if !slices.Contains(m.names, name) {
				m.names = append(m.names, name)
			}
		}
		return ok
	}
	if root["type"] != "object" || !addRequired(root) {
		return nil
	}
	if _, has := root["if"]; has {
		ifs, _ := root["if"].(map[string]any)
		then, _ := root["then"].(map[string]any)
		els, _ := root["else"].(map[string]any)
		if ifs == nil || !onlyKeys(ifs, "properties", "required") || !onlyKeys(then, "required") ||
			!onlyKeys(els, "required") || !addRequired(ifs) || !addRequired(then) || !addRequired(els) {
			return nil
		}
		props, _ := ifs["properties"].(map[string]any)
		for name := range props {
			m.ifReads = append(m.ifReads, name)
		}
	} else if _, has := root["then"]; has {
		return nil
	} else if _, has := root["else"]; has {
		return nil
	}
	if len(m.names) > 64 {
		return nil
	}
	return m
}

// onlyKeys reports whether m (nil: absent) has no key but those given.
func onlyKeys(m map[string]any, keys ...string) bool {
	for k := range m {
		if !slices.Contains(keys, k) {
			return false
		}
	}
	return true
}

// rootErrors validates doc against the root, from memory when the root reads only which of the
// required names doc has, and doc is clean (its values then cannot fail to be read: a root
// validated would say so).
func (s *splitShape) rootErrors(doc map[string]any, clean bool, validate func(any) ([]jsonschema.Error, error)) ([]jsonschema.Error, error) {
	m := s.presence
	if m == nil || !clean || slices.ContainsFunc(m.ifReads, func(name string) bool { _, has := doc[name]; return has }) {
		return validate(doc)
	}
	var set uint64
	for i, name := range m.names {
		if _, has := doc[name]; has {
			set |= 1 << i
		}
	}
	m.mu.RLock()
	errs, hit := m.errs[set]
	m.mu.RUnlock()
	if hit {
		return slices.Clone(errs), nil
	}
	errs, err := validate(doc)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	if len(m.errs) < maxPresenceSets {
		m.errs[set] = slices.Clone(errs)
	}
	m.mu.Unlock()
	return errs, nil
}

func containsRef(v any) bool {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if k == "$ref" || containsRef(e) {
				return true
			}
		}
	case []any:
		return slices.ContainsFunc(t, containsRef)
	}
	return false
}

// validate returns the errors of doc as the whole schema gives them, sorted by location, keyword
// and property (the messages, which name the location, are not the whole schema's). clean says
// that jsonschema.IsDecoded(doc) holds.
func (s *splitShape) validate(doc map[string]any, clean bool) ([]jsonschema.Error, error) {
	if s.wholeOrSplit(doc) {
		return s.validateWhole(doc, clean)
	}
	validate := s.root.Validate
	if clean {
		validate = s.root.ValidateDecoded
	}
	errs, err := s.rootErrors(doc, clean, validate)
	if err != nil {
		return nil, err
	}
	for name, v := range doc {
		p := s.props[name]
		if p == nil {
			continue
		}
		perrs, err := p.errorsOf(v, clean)
		if err != nil {
			return nil, err
		}
		for _, e := range perrs {
			e.Path = append([]string{name}, e.Path...)
			errs = append(errs, e)
		}
	}
	slices.SortStableFunc(errs, func(a, b jsonschema.Error) int {
		return cmp.Or(slices.Compare(a.Path, b.Path), cmp.Compare(a.Keyword, b.Keyword), cmp.Compare(a.Property, b.Property))
	})
	return errs, nil
}

// wholeOrSplit reports whether doc is better validated by the whole schema: none of its properties
// that have a schema is answered from memory, so that each would take a call of the library (the
// first badges of a process). Once one is, the calls for the rest cost less than the whole
// schema's walk of every property.
func (s *splitShape) wholeOrSplit(doc map[string]any) bool {
	switch splitMode {
	case splitAlways:
		return false
	case wholeAlways:
		return true
	}
	present, calls := 0, 0
	for name, v := range doc {
		if p := s.props[name]; p != nil {
			present++
			if !p.remembers(v) {
				calls++
			}
		}
	}
	return present > 0 && calls == present
}

// splitMode lets the tests take one way for every node: the choice wholeOrSplit makes
// (splitChosen), the property schemas (splitAlways) or the whole schema (wholeAlways).
var splitMode = splitChosen

const (
	splitChosen = iota
	splitAlways
	wholeAlways
)

// validateWhole validates doc by the whole schema, sorted as validate sorts, and remembers, as
// errorsOf would, each property's part of the errors (those below its location: the whole schema's
// errors are the root's, at the node, and each property's, below it; TestSplitShapeIsTheSchema).
func (s *splitShape) validateWhole(doc map[string]any, clean bool) ([]jsonschema.Error, error) {
	whole := s.compiledWhole()
	validate := whole.Validate
	if clean {
		validate = whole.ValidateDecoded
	}
	errs, err := validate(doc)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(errs, func(a, b jsonschema.Error) int {
		return cmp.Or(slices.Compare(a.Path, b.Path), cmp.Compare(a.Keyword, b.Keyword), cmp.Compare(a.Property, b.Property))
	})
	for name, v := range doc {
		p := s.props[name]
		if p == nil {
			continue
		}
		if _, hit := p.lookup(v); hit {
			continue
		}
		var part []jsonschema.Error
		for _, e := range errs {
			if len(e.Path) > 0 && e.Path[0] == name {
				e.Path = e.Path[1:]
				part = append(part, e)
			}
		}
		p.store(v, part)
	}
	return errs, nil
}

// compiledWhole returns the schema as it is written, compiled at its first use.
func (s *splitShape) compiledWhole() *jsonschema.Schema {
	s.wholeOnce.Do(func() {
		w, err := jsonschema.Compile(s.raw, s.opts...)
		if err == nil {
			s.whole = w
		}
	})
	if s.whole == nil {
		panic("openbadges: an embedded class schema compiles split but not whole")
	}
	return s.whole
}

// errorsOf validates one value of the property, from memory for a string or a boolean seen before.
// The errors it returns are shared: the caller copies what it changes.
func (p *propShape) errorsOf(v any, clean bool) ([]jsonschema.Error, error) {
	if errs, hit := p.lookup(v); hit {
		return errs, nil
	}
	validate := p.schema.Validate
	if clean {
		validate = p.schema.ValidateDecoded
	}
	errs, err := validate(v)
	if err != nil {
		return errs, err
	}
	p.store(v, errs)
	return errs, nil
}

// valueKey says how v is remembered: a string shorter than valueMemoMaxKey by itself, a boolean by
// its value; ok false for any other value, which is not remembered.
func valueKey(v any) (str string, b, isBool, ok bool) {
	switch t := v.(type) {
	case string:
		return t, false, false, len(t) < valueMemoMaxKey
	case bool:
		return "", t, true, true
	}
	return "", false, false, false
}

// remembers reports whether lookup would answer v, without counting a lookup.
func (p *propShape) remembers(v any) bool {
	str, b, isBool, ok := valueKey(v)
	if !ok {
		return false
	}
	if isBool {
		m := &p.memo
		m.mu.RLock()
		defer m.mu.RUnlock()
		return m.boolSeen[boolIndex(b)]
	}
	p.values.mu.RLock()
	defer p.values.mu.RUnlock()
	_, hit := p.values.m[propValue{p, str}]
	return hit
}

// lookup returns the remembered errors of v, counting the lookup (and the hit) for admits.
func (p *propShape) lookup(v any) ([]jsonschema.Error, bool) {
	str, b, isBool, ok := valueKey(v)
	if !ok {
		return nil, false
	}
	m := &p.memo
	m.lookups.Add(1)
	var errs []jsonschema.Error
	var hit bool
	if isBool {
		m.mu.RLock()
		errs, hit = m.bools[boolIndex(b)], m.boolSeen[boolIndex(b)]
		m.mu.RUnlock()
	} else {
		p.values.mu.RLock()
		errs, hit = p.values.m[propValue{p, str}]
		p.values.mu.RUnlock()
	}
	if hit {
		m.hits.Add(1)
	}
	return errs, hit
}

// store remembers errs as the errors of v, when v is remembered at all and admits says so.
func (p *propShape) store(v any, errs []jsonschema.Error) {
	str, b, isBool, ok := valueKey(v)
	m := &p.memo
	if !ok || !m.admits() {
		return
	}
	if isBool {
		m.mu.Lock()
		m.bools[boolIndex(b)], m.boolSeen[boolIndex(b)] = errs, true
		m.mu.Unlock()
		return
	}
	vs := p.values
	vs.mu.Lock()
	defer vs.mu.Unlock()
	if vs.m == nil {
		vs.m = make(map[propValue][]jsonschema.Error)
	}
	if m.n >= valueMemoMaxEntries { // the property starts again: its values go, the others' stay
		for k := range vs.m {
			if k.prop == p {
				delete(vs.m, k)
			}
		}
		m.n = 0
	}
	k := propValue{p, str}
	if _, known := vs.m[k]; !known {
		m.n++
	}
	vs.m[k] = errs
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// admits reports whether a value missed should be remembered.
func (m *valueMemo) admits() bool {
	n := m.lookups.Load()
	if n >= valueMemoPeriod {
		m.lookups.Store(0)
		m.hits.Store(0)
		m.disabled.Store(false)
		return true
	}
	if m.disabled.Load() {
		return false
	}
	if n > valueMemoWarmup && m.hits.Load()*4 < n {
		m.disabled.Store(true)
		return false
	}
	return true
}
