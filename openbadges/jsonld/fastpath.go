package jsonld

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/obcert/obcert/internal/memos"
	"reflect"
	"strings"
	"sync"

	"github.com/piprate/json-gold/ld"
)

// The compaction fast path. Most Badge Objects are already in compact OB v2 form: their only
// context is the OB v2 context, their keys are its terms, and their values have the shapes
// compaction produces. Compacting such a document into the OB v2 context gives the document back
// with arrays of one element replaced by that element. compactFast returns that result without
// expanding and compacting, and declines (ok false) whenever it is not sure, so that json-gold does
// the work: a key that is not a term of a single meaning, an IRI that compaction would rewrite, a
// value shape compaction would change (null, a nested array, a keyword object, a node reference
// that would become a string). TestCompactFastPathEqualsJSONGold (every JSON-LD document of the
// repository's corpora) and FuzzCompactFastPath hold it equal to the full algorithm.
//
// IRIs and type names are judged by json-gold itself (ExpandIri then CompactIri on the shared
// parsed context), so the fast path cannot disagree with it about what an IRI compacts to.

// fastTerm is what the fast path knows of one term of the OB v2 context.
type fastTerm struct {
	typ string // the term's @type mapping: "@id", a datatype IRI, or ""
	// single: compaction picks this term for every value the fast path takes: no other term maps to
	// its IRI, or it is the only one of them with @type @id and the fast path gives it only IRIs
	// and node objects, for which compaction prefers an @id term (verification beside verify).
	single bool
}

type fastContext struct {
	active *ld.Context
	terms  map[string]fastTerm
	iris   map[string]bool // every term's IRI
	// For urlKept: every term's IRI, the prefix terms (each with its colon), and whether the
	// context has no base IRI (compaction then writes no IRI relative to one).
	termIRIs    []string
	prefixTerms []string
	baseless    bool
	// The verdicts on strings, remembered (plain maps under one lock: a lookup boxes nothing):
	mu          sync.RWMutex
	iriVerdicts map[string]bool       // iriKept
	keyVerdicts map[string]bool       // keyKept
	types       map[string]typeResult // typeCompacted
	count       int                   // entries of the three
	// termTypes is typeCompacted of every term of the context, computed with the context (it
	// depends on nothing else): read-only, not among the verdicts remembered.
	termTypes map[string]typeResult
}

// maxFastMemo bounds the verdicts the fast path remembers; past it, it computes them each time.
const maxFastMemo = 1 << 14

var (
	fastOnce sync.Once
	fastV2   *fastContext
)

func fastContextV2() *fastContext {
	fastOnce.Do(func() {
		active, ok, err := parsedContext(V2)
		if !ok || err != nil {
			return
		}
		fc := &fastContext{active: active, terms: map[string]fastTerm{}, iris: map[string]bool{},
			iriVerdicts: map[string]bool{}, keyVerdicts: map[string]bool{}, types: map[string]typeResult{}}
		byIRI, idTyped := map[string]int{}, map[string]int{}
		for _, def := range active.TermDefinitions {
			if def != nil {
				byIRI[def.ID]++
				fc.iris[def.ID] = true
				if def.Type == "@id" {
					idTyped[def.ID]++
				}
			}
		}
		fc.baseless = active.Values.Base == ""
		for name, def := range active.TermDefinitions {
			if def != nil && def.ID != "" {
				fc.termIRIs = append(fc.termIRIs, def.ID)
			}
			if def != nil && def.Prefix != nil && *def.Prefix {
				fc.prefixTerms = append(fc.prefixTerms, name+":")
			}
		}
		for name, def := range active.TermDefinitions {
			if def == nil || def.Reverse || len(def.Container) > 0 || def.HasContext || def.HasLanguage ||
				def.HasDirection || def.Nest != "" || def.Index != "" || ld.IsKeyword(def.ID) {
				continue
			}
			single := byIRI[def.ID] == 1 || def.Type == "@id" && idTyped[def.ID] == 1
			fc.terms[name] = fastTerm{typ: def.Type, single: single}
		}
		fc.termTypes = make(map[string]typeResult, len(active.TermDefinitions))
		for name := range active.TermDefinitions {
			fc.termTypes[name] = fc.typeCompactedByJSONGold(name)
		}
		fastV2 = fc
	})
	return fastV2
}

func init() {
	memos.Register(func() {
		fc := fastContextV2()
		if fc == nil {
			return
		}
		fc.mu.Lock()
		defer fc.mu.Unlock()
		fc.iriVerdicts, fc.keyVerdicts, fc.types, fc.count = map[string]bool{}, map[string]bool{}, map[string]typeResult{}, 0
	})
}

// fastInput returns doc as a node the fast path may take (an object whose context is the OB v2
// context alone) and the fast path's view of that context; ok false when it may not.
func fastInput(doc any) (map[string]any, *fastContext, bool) {
	m, ok := doc.(map[string]any)
	if !ok || m["@context"] != V2 {
		return nil, nil, false
	}
	fc := fastContextV2()
	return m, fc, fc != nil
}

// compactFast compacts doc into the OB v2 context when doc is in compact OB v2 form already.
func compactFast(doc any, contextURL string) (map[string]any, bool) {
	m, fc, ok := fastInput(doc)
	if !ok || contextURL != V2 {
		return nil, false
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		if k == "@context" {
			continue
		}
		c, ok := fc.property(k, v)
		if !ok {
			return nil, false
		}
		out[k] = c
	}
	// Expansion drops a top-level node that has nothing but an id (or nothing at all).
	if _, hasID := out["id"]; len(out) == 0 || (hasID && len(out) == 1) {
		return nil, false
	}
	out["@context"] = V2
	return out, true
}

// compactFastKept is compactFast for a caller that keeps the result read-only (CompactOwn): when
// compaction would give doc back unchanged (no array of one to collapse, every key and value kept
// as it is), it returns doc itself rather than a copy. Otherwise it is compactFast.
func compactFastKept(doc any) (map[string]any, bool) {
	m, fc, ok := fastInput(doc)
	if !ok {
		return nil, false
	}
	if fc.keepsNode(m, true) {
		return m, true
	}
	return compactFast(doc, V2)
}

// keepsNode reports whether the fast path takes the node object m and gives it back unchanged:
// what node (or compactFast, for the top-level node) would build is equal to m. A false is "not
// sure": the caller builds the copy, or declines, as before.
func (fc *fastContext) keepsNode(m map[string]any, top bool) bool {
	n := 0
	_, hasID := m["id"]
	for k, v := range m {
		if top && k == "@context" {
			continue
		}
		n++
		if !fc.keepsProperty(k, v) {
			return false
		}
	}
	// Expansion drops a top-level node that has nothing but an id (or nothing at all).
	return !top || n > 1 || n == 1 && !hasID
}

// keepsProperty reports whether property gives v back as it is.
func (fc *fastContext) keepsProperty(k string, v any) bool {
	switch k {
	case "id":
		s, ok := v.(string)
		return ok && fc.iriKept(s)
	case "type":
		return keepsValues(v, func(e any) bool {
			s, ok := e.(string)
			if !ok {
				return false
			}
			out, ok := fc.typeCompacted(s)
			return ok && out == s
		})
	}
	if strings.HasPrefix(k, "@") {
		return false
	}
	t, isTerm := fc.terms[k]
	if isTerm && !t.single || !isTerm && !fc.keyKept(k) {
		return false
	}
	return keepsValues(v, func(e any) bool { return fc.keepsValue(t.typ, e) })
}

// keepsValues reports whether values gives v back as it is: one value kept, or an array of two
// or more values each kept (an array of one is collapsed; an empty or nested one declined).
func keepsValues(v any, one func(any) bool) bool {
	l, isArray := v.([]any)
	if !isArray {
		return one(v)
	}
	if len(l) < 2 {
		return false
	}
	for _, e := range l {
		if _, nested := e.([]any); nested || !one(e) {
			return false
		}
	}
	return true
}

// keepsValue reports whether value gives v back as it is.
func (fc *fastContext) keepsValue(typ string, v any) bool {
	switch t := v.(type) {
	case string:
		if typ == "@id" {
			return fc.iriKept(t)
		}
		return typ == "" || !strings.HasPrefix(typ, "@")
	case bool:
		return typ == "" || !strings.HasPrefix(typ, "@")
	case float64:
		return typ == ""
	case map[string]any:
		if typ != "" && typ != "@id" {
			return false
		}
		if _, hasID := t["id"]; len(t) == 0 || hasID && len(t) == 1 {
			return false
		}
		return fc.keepsNode(t, false)
	}
	return false
}

// node returns the compacted copy of a node object (not a top-level one).
func (fc *fastContext) node(m map[string]any) (map[string]any, bool) {
	out := make(map[string]any, len(m))
	for k, v := range m {
		c, ok := fc.property(k, v)
		if !ok {
			return nil, false
		}
		out[k] = c
	}
	return out, true
}

// property returns the compacted value of key k.
func (fc *fastContext) property(k string, v any) (any, bool) {
	switch k {
	case "id":
		s, ok := v.(string)
		return v, ok && fc.iriKept(s) // v, not s: boxing s again would allocate
	case "type":
		return fc.values(v, func(e any) (any, bool) {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out, ok := fc.typeCompacted(s)
			if ok && out == s {
				return e, true
			}
			return out, ok
		})
	}
	if strings.HasPrefix(k, "@") {
		return nil, false
	}
	t, isTerm := fc.terms[k]
	switch {
	case isTerm && !t.single:
		return nil, false
	case !isTerm:
		// An absolute IRI or a compact IRI (extensions:...) that compaction writes back as it is.
		if !fc.keyKept(k) {
			return nil, false
		}
	}
	return fc.values(v, func(e any) (any, bool) { return fc.value(t.typ, e) })
}

// values applies one to v, or to each element of an array v, collapsing an array of one.
func (fc *fastContext) values(v any, one func(any) (any, bool)) (any, bool) {
	l, isArray := v.([]any)
	if !isArray {
		return one(v)
	}
	if len(l) == 0 {
		return nil, false
	}
	out := make([]any, len(l))
	for i, e := range l {
		if _, nested := e.([]any); nested {
			return nil, false
		}
		c, ok := one(e)
		if !ok {
			return nil, false
		}
		out[i] = c
	}
	if len(out) == 1 {
		return out[0], true
	}
	return out, true
}

// value returns the compacted form of one value of a property whose @type mapping is typ.
func (fc *fastContext) value(typ string, v any) (any, bool) {
	switch t := v.(type) {
	// v, not t, for a value kept as it is: boxing t again would allocate.
	case string:
		if typ == "@id" {
			return v, fc.iriKept(t)
		}
		return v, typ == "" || !strings.HasPrefix(typ, "@")
	case bool:
		return v, typ == "" || !strings.HasPrefix(typ, "@")
	case float64:
		return v, typ == ""
	case map[string]any:
		if typ != "" && typ != "@id" {
			return nil, false // an object under a typed literal term: compaction picks another name
		}
		if _, hasID := t["id"]; len(t) == 0 || hasID && len(t) == 1 {
			return nil, false // a node reference: compaction may write it as a string
		}
		return fc.node(t)
	}
	return nil, false
}

// iriKept reports whether compaction writes the IRI s (an id, or a value of an @id term) back as s.
func (fc *fastContext) iriKept(s string) bool {
	return fc.verdict(fc.iriVerdicts, s, func() bool {
		if !isPlainAbsoluteIRI(s) || fc.iris[s] {
			return false
		}
		return fc.urlKept(s) || fc.iriKeptByJSONGold(s)
	})
}

// urlKept answers iriKept for a plain absolute IRI s (not a term's IRI) without json-gold when
// the answer is sure to be yes, as json-gold's algorithms give it: s has an authority (its scheme
// is followed by "//"), so IRI expansion returns it as it is; no term's IRI is a proper prefix of
// s, so IRI compaction finds no compact IRI for it; it does not start with a prefix term and a
// colon, so it is not confused with one; and the context has no base IRI to write it relative to.
// False is "ask json-gold". TestURLKeptIsJSONGold and FuzzURLKept hold it to json-gold's answer.
func (fc *fastContext) urlKept(s string) bool {
	_, rest, ok := strings.Cut(s, ":")
	if !ok || !fc.baseless || !strings.HasPrefix(rest, "//") {
		return false
	}
	for _, t := range fc.termIRIs {
		if len(t) < len(s) && strings.HasPrefix(s, t) {
			return false
		}
	}
	for _, p := range fc.prefixTerms {
		if strings.HasPrefix(s, p) {
			return false
		}
	}
	return true
}

// iriKeptByJSONGold is iriKept's answer from json-gold alone, for a plain absolute IRI s that is
// not a term's IRI: expanded, then compacted, it is s again.
func (fc *fastContext) iriKeptByJSONGold(s string) bool {
	exp, err := fc.active.ExpandIri(s, true, false, nil, nil)
	if err != nil || exp != s {
		return false
	}
	back, err := fc.active.CompactIri(exp, nil, false, false)
	return err == nil && back == s
}

// typeCompacted returns what compaction writes for the type value s: json-gold's compaction of
// the IRI s expands to (HostedBadge, whose IRI the shorter term hosted also names, becomes hosted).
func (fc *fastContext) typeCompacted(s string) (string, bool) {
	if r, isTerm := fc.termTypes[s]; isTerm {
		return r.out, r.ok
	}
	fc.mu.RLock()
	r, known := fc.types[s]
	fc.mu.RUnlock()
	if known {
		return r.out, r.ok
	}
	r = fc.typeCompactedByJSONGold(s)
	fc.mu.Lock()
	if fc.count < maxFastMemo {
		fc.count++
		fc.types[s] = r
	}
	fc.mu.Unlock()
	return r.out, r.ok
}

// typeCompactedByJSONGold is typeCompacted's answer from json-gold alone.
func (fc *fastContext) typeCompactedByJSONGold(s string) typeResult {
	var r typeResult
	if s != "" && !ld.IsKeyword(s) && !strings.HasPrefix(s, "_:") {
		r.ok = safeVerdict(func() bool {
			exp, err := fc.active.ExpandIri(s, true, true, nil, nil)
			if err != nil || exp == "" || !strings.Contains(exp, ":") {
				return false
			}
			r.out, err = fc.active.CompactIri(exp, nil, true, false)
			return err == nil && r.out != ""
		})
	}
	return r
}

type typeResult struct {
	out string
	ok  bool
}

// keyKept reports whether k, which is not a term, is an IRI that compaction writes back as k.
func (fc *fastContext) keyKept(k string) bool {
	return fc.verdict(fc.keyVerdicts, k, func() bool {
		if !strings.Contains(k, ":") || strings.HasPrefix(k, "_:") {
			return false
		}
		exp, err := fc.active.ExpandIri(k, false, true, nil, nil)
		if err != nil || exp == "" || fc.iris[exp] || !strings.Contains(exp, ":") {
			return false
		}
		back, err := fc.active.CompactIri(exp, nil, true, false)
		return err == nil && back == k
	})
}

// verdict returns memo's verdict on s, computing and remembering it the first time.
func (fc *fastContext) verdict(memo map[string]bool, s string, compute func() bool) bool {
	fc.mu.RLock()
	v, known := memo[s]
	fc.mu.RUnlock()
	if known {
		return v
	}
	ok := safeVerdict(compute)
	fc.mu.Lock()
	if fc.count < maxFastMemo {
		fc.count++
		memo[s] = ok
	}
	fc.mu.Unlock()
	return ok
}

// safeVerdict runs compute; a panic inside json-gold is a "not sure".
func safeVerdict(compute func() bool) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return compute()
}

// isPlainAbsoluteIRI reports an IRI with a scheme and nothing JSON-LD could read otherwise: not a
// blank node, not a compact IRI on a term of the context, no whitespace.
func isPlainAbsoluteIRI(s string) bool {
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok || scheme == "" || rest == "" || scheme == "_" || strings.ContainsAny(s, " \t\r\n<>\"{}|\\^`") {
		return false
	}
	for i, r := range scheme {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	if fc := fastV2; fc != nil {
		if _, isTerm := fc.active.TermDefinitions[scheme]; isTerm {
			return false
		}
	}
	return true
}

// CheckCompactFastPath compacts doc into the OB v2 context both ways, by the fast path (in both its
// forms: the copy, and the no-copy form CompactOwn takes) and by json-gold's expansion and
// compaction alone, and reports whether the fast path answered and, if it did, an error describing
// any difference. The repository's differential tests run it over
// every corpus it holds and over the documents the fixtures issuer and the reference candidate
// generate; it changes nothing.
func CheckCompactFastPath(doc any) (fast bool, err error) {
	got, ok := compactFast(CloneJSON(doc), V2)
	kept, keptOK := compactFastKept(CloneJSON(doc))
	if keptOK != ok || ok && !reflect.DeepEqual(kept, got) {
		g, _ := json.Marshal(got)
		k, _ := json.Marshal(kept)
		return ok, fmt.Errorf("the fast path gives %s (answered %v), its no-copy form %s (answered %v)", g, ok, k, keptOK)
	}
	if !ok {
		return false, nil
	}
	p := New(nil)
	l := newCallLoader(context.Background(), nil, p.budget)
	var want map[string]any
	if active, ok, perr := parsedContext(V2); ok && perr == nil {
		want, err = p.compactShared(l, CloneJSON(doc), active, V2)
	} else {
		want, err = p.compact(l, CloneJSON(doc), map[string]any{"@context": V2})
	}
	if err != nil {
		return true, fmt.Errorf("the fast path answered where json-gold fails: %w", err)
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		return true, fmt.Errorf("the fast path gives %s, json-gold %s", g, w)
	}
	return true, nil
}
