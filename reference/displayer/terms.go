package displayer

import "strings"

type doc = map[string]any

// v2Prefixes are the prefixes the OB v2 context defines; v2Terms the IRIs of the terms the
// displayer reads, as the OB v2 context maps them.
var (
	v2Prefixes = map[string]string{"schema": "http://schema.org/", "obi": "https://w3id.org/openbadges#",
		"sec": "https://w3id.org/security#"}
	v2Terms = map[string]string{"http://schema.org/name": "name", "http://schema.org/description": "description",
		"https://w3id.org/openbadges#issueDate": "issuedOn", "https://w3id.org/security#expiration": "expires"}
)

// DISPLAYER-12: displayers "must now explicitly perform a JSON-LD expansion/contraction operation
// … before further analysis". compact is the small part of compaction the displayer needs: a key
// written as prefix:term, with a prefix the document's context or the OB v2 context defines, is
// read as the OB v2 term for the same IRI.
func compact(d doc) doc {
	prefixes := map[string]string{}
	for k, v := range v2Prefixes {
		prefixes[k] = v
	}
	for _, c := range contexts(d["@context"]) {
		for k, v := range c {
			if s, ok := v.(string); ok {
				prefixes[k] = s
			}
		}
	}
	out := doc{}
	for k, v := range d {
		if p, local, ok := strings.Cut(k, ":"); ok && prefixes[p] != "" && v2Terms[prefixes[p]+local] != "" {
			k = v2Terms[prefixes[p]+local]
		}
		out[k] = v
	}
	return out
}

// contexts are the inline context objects of a @context value.
func contexts(v any) []doc {
	switch c := v.(type) {
	case doc:
		return []doc{c}
	case []any:
		var out []doc
		for _, x := range c {
			out = append(out, contexts(x)...)
		}
		return out
	}
	return nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// idOf is a link's id: the string itself, or an embedded object's id.
func idOf(v any) string {
	if m, ok := v.(doc); ok {
		return str(m["id"])
	}
	return str(v)
}
