package openbadges

import (
	"encoding/json"
	"strings"
	"sync"

	"github.com/obcert/obcert/openbadges/internal/obcontext"
)

var (
	termsOnce sync.Once
	terms     map[string]string // term → its @id as written in the context
)

// loadTerms reads the terms of the OB v2 context, the terms that compacted nodes use.
func loadTerms() {
	var doc struct {
		Context map[string]json.RawMessage `json:"@context"`
	}
	if err := json.Unmarshal(obcontext.V2(), &doc); err != nil {
		// The file is embedded and checked by a test; a broken build is the only way here.
		panic("openbadges: embedded ob-v2-context.json is corrupt: " + err.Error())
	}
	terms = make(map[string]string, len(doc.Context))
	for term, raw := range doc.Context {
		var id string
		if json.Unmarshal(raw, &id) != nil {
			var def struct {
				ID string `json:"@id"`
			}
			_ = json.Unmarshal(raw, &def)
			id = def.ID
		}
		terms[term] = id
	}
}

var (
	termTypesOnce sync.Once
	termTypes     map[string]bool // term → whether, as a type, it expands to an IRI (isRDFTypeEntry)
)

func loadTermTypes() {
	termsOnce.Do(loadTerms)
	termTypes = make(map[string]bool, len(terms))
	for term := range terms {
		termTypes[term] = rdfTypeEntry(term)
	}
}

func contextTerm(term string) (string, bool) {
	termsOnce.Do(loadTerms)
	id, ok := terms[term]
	return id, ok
}

// expandTerm expands a type name or compact IRI against the OB v2 context as JSON-LD expands
// @type values: a term maps to its @id (following terms that map to terms), a defined prefix
// before a colon is replaced, and anything else is kept as it is.
func expandTerm(s string) string {
	for range 8 {
		if id, ok := contextTerm(s); ok && id != s {
			s = id
			continue
		}
		prefix, suffix, found := strings.Cut(s, ":")
		if !found || strings.HasPrefix(suffix, "//") {
			return s
		}
		if id, ok := contextTerm(prefix); ok {
			s = id + suffix
			continue
		}
		return s
	}
	return s
}

// IsCompactIRI reports whether s names a property: "id", a term of the OB v2 context, or a compact
// or absolute IRI (anything with a colon, which JSON-LD keeps as an IRI).
func IsCompactIRI(s string) bool {
	if s == "id" {
		return true
	}
	if _, ok := contextTerm(s); ok {
		return true
	}
	i := strings.IndexByte(s, ':')
	return i > 0 && i < len(s)-1 && strings.IndexFunc(s, isSpaceOrControl) < 0
}

func isSpaceOrControl(r rune) bool { return r <= ' ' || r == 0x7f }

// IsRDFType reports whether v is a valid `type` value: a string or a non-empty list of strings,
// each of which is a term of the OB v2 context or a compact or absolute IRI that expands to an IRI.
func IsRDFType(v any) bool {
	switch t := v.(type) {
	case string:
		return isRDFTypeEntry(t)
	case []any:
		for _, e := range t {
			if s, ok := e.(string); !ok || !isRDFTypeEntry(s) {
				return false
			}
		}
		return len(t) > 0
	case []string:
		for _, s := range t {
			if !isRDFTypeEntry(s) {
				return false
			}
		}
		return len(t) > 0
	}
	return false
}

// isRDFTypeEntry reports whether s expands to an IRI; for a term of the context, from the table
// loadTermTypes builds (a function of the embedded context alone, like the terms themselves).
func isRDFTypeEntry(s string) bool {
	termTypesOnce.Do(loadTermTypes)
	if ok, isTerm := termTypes[s]; isTerm {
		return ok
	}
	return rdfTypeEntry(s)
}

func rdfTypeEntry(s string) bool { return IsIRI(expandTerm(s)) }
