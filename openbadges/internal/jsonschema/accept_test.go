package jsonschema

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// acceptEdgeSchemas are draft-07 schemas for the cases of Accepts the repository's schemas do not
// have, and some it must decline.
var acceptEdgeSchemas = map[string]string{
	"if-only":       `{"properties":{"a":{"if":{"type":"string"}}}}`,
	"then-no-if":    `{"properties":{"a":{"then":{"const":"x"},"else":{"const":"y"}}}}`,
	"else-only":     `{"properties":{"a":{"if":{"const":"x"},"else":{"type":"array","minItems":2}}}}`,
	"nested-if":     `{"if":{"required":["a"],"properties":{"a":{"if":{"type":"string"},"then":{"const":"x"},"else":{"type":"boolean"}}}},"then":{"required":["b"]},"else":{"properties":{"b":{"type":"null"}}}}`,
	"contains":      `{"properties":{"a":{"type":"array","contains":{"type":"object","required":["id"]},"maxItems":3,"minItems":1}}}`,
	"const-kinds":   `{"properties":{"a":{"const":null},"b":{"const":true},"c":{"const":false},"d":{"const":"<é>"},"e":{"const":""}}}`,
	"enum-kinds":    `{"properties":{"a":{"enum":[null,"x",true]},"b":{"type":["string","boolean"],"enum":["y",false]}}}`,
	"const-enum":    `{"properties":{"a":{"const":"x","enum":["x","y"]},"b":{"const":"z","enum":["x","y"]}}}`,
	"types":         `{"properties":{"a":{"type":["null","string"]},"b":{"type":"object","required":["c"]},"c":{"type":"integer"},"d":{"type":["number","array"],"items":{"type":"number"}}}}`,
	"items-deep":    `{"type":"array","items":{"type":"array","items":{"type":"object","properties":{"x":{"type":"string","format":"ob-url"}},"required":["x"]}}}`,
	"formats":       `{"properties":{"a":{"format":"ob-iri"},"b":{"format":"email"},"c":{"format":"date-time"},"d":{"format":"no-such-format"},"e":{"type":"array","items":{"format":"uri"}}}}`,
	"annotations":   `{"title":"t","description":"d","$comment":"c","x-ob-type":"TEXT","default":1,"examples":[1],"properties":{"a":{"x-ob-linked":"BadgeClass","type":"string"}}}`,
	"required-root": `{"type":"object","required":["a","b"],"properties":{"a":{"type":"string"}}}`,
	// declined: a keyword the acceptor does not decide
	"pattern":        `{"properties":{"a":{"type":"string","pattern":"^x"}}}`,
	"ref":            `{"definitions":{"s":{"type":"string"}},"properties":{"a":{"$ref":"#/definitions/s"}}}`,
	"any-of":         `{"properties":{"a":{"anyOf":[{"type":"string"},{"type":"boolean"}]}}}`,
	"additional":     `{"properties":{"a":{"type":"string"}},"additionalProperties":false}`,
	"const-object":   `{"properties":{"a":{"const":{"x":1}}}}`,
	"items-list":     `{"properties":{"a":{"items":[{"type":"string"}]}}}`,
	"boolean-schema": `{"properties":{"a":true}}`,
}

// declinedEdges are the edge schemas Accepts must have no acceptor for.
var declinedEdges = map[string]bool{"pattern": true, "ref": true, "any-of": true, "additional": true,
	"const-object": true, "items-list": true, "boolean-schema": true}

// acceptInstances are values that reach the edge schemas' keywords.
var acceptInstances = []any{
	nil, true, false, "", "x", "y", "z", "<é>", "https://example.org/a", "urn:uuid:1", "not an iri",
	"a@example.org", "2016-12-31T23:59:59Z", []any{}, []any{"x"}, []any{"x", "y"}, []any{[]any{}},
	[]any{map[string]any{}}, []any{map[string]any{"id": "x"}}, []any{map[string]any{"x": "https://example.org"}},
	[]any{[]any{map[string]any{"x": "https://example.org"}}}, []any{[]any{map[string]any{"x": "nope"}}},
	[]any{1.0}, map[string]any{}, map[string]any{"c": "x"}, map[string]any{"id": nil},
	"\xff", "\xef\xbf\xbd", []any{nil, true, "x", map[string]any{"id": 1.0}},
}

// acceptEdges compiles the edge schemas, as draft-07, with the stand-in formats, both ways.
func acceptEdges(t testing.TB) []differential {
	t.Helper()
	var out []differential
	for _, name := range sortedNames(acceptEdgeSchemas) {
		raw := []byte(acceptEdgeSchemas[name])
		plain, err1 := Compile(raw, WithDraft(Draft7), WithFormats(standInFormats))
		rewrites, err2 := Compile(raw, WithDraft(Draft7), WithFormats(standInFormats), WithStringConstants())
		if err1 != nil || err2 != nil {
			t.Fatalf("edge schema %s: %v, %v", name, err1, err2)
		}
		tree, _ := decode(raw)
		out = append(out, differential{name: "accept/" + name, plain: plain, rewrites: rewrites,
			paths: schemaPaths(tree, tree, nil, 5), constants: constantsIn(tree)})
	}
	return out
}

// withoutNumbers returns v with every number turned into its text: a value IsDecoded approves
// when its strings are UTF-8, so that Accepts decides it.
func withoutNumbers(v any) any {
	switch t := v.(type) {
	case float64:
		return strconv.FormatFloat(t, 'g', -1, 64)
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = withoutNumbers(e)
		}
		return m
	case []any:
		l := make([]any, len(t))
		for i, e := range t {
			l[i] = withoutNumbers(e)
		}
		return l
	}
	return v
}

// acceptCounts is what compareAccepts saw.
type acceptCounts struct {
	compared, accepted, rejected, mismatches int
}

// compareAccepts checks Accepts on instance (and on it without numbers) against the library, for
// the schema compiled both ways: Accepts may say true only where the library finds no error, and,
// for a value IsDecoded approves and a schema with an acceptor, must say it wherever the library
// finds none.
func compareAccepts(t testing.TB, d differential, instance any, c *acceptCounts) {
	t.Helper()
	for _, v := range []any{instance, withoutNumbers(instance)} {
		for _, s := range []*Schema{d.plain, d.rewrites} {
			errs, err := s.Validate(v)
			if err != nil {
				continue
			}
			got := s.Accepts(v)
			c.compared++
			switch {
			case got:
				c.accepted++
			case s.accept != nil && IsDecoded(v):
				c.rejected++
			}
			if got && len(errs) > 0 || !got && len(errs) == 0 && s.accept != nil && IsDecoded(v) {
				c.mismatches++
				if c.mismatches <= 10 {
					b, _ := json.Marshal(v)
					t.Errorf("%s (rewritten %v) on %s: Accepts says %v, the library finds %d errors: %v",
						d.name, s == d.rewrites, b, got, len(errs), errs)
				}
			}
		}
	}
}

// TestAcceptsIsTheLibrary: over every schema of the repository and the edge schemas, compiled as
// written and WithStringConstants, on the repository's JSON documents and on them with every
// mutation at every location the schema names, Accepts says true exactly where the library finds
// no error (for the values it decides); and every class schema has an acceptor.
func TestAcceptsIsTheLibrary(t *testing.T) {
	docs := corpus(t)
	schemas := append(repositorySchemas(t), acceptEdges(t)...)
	var c acceptCounts
	withAcceptor := 0
	for _, d := range schemas {
		name := strings.TrimPrefix(d.name, "accept/")
		switch {
		case strings.Contains(d.name, "/schemas/") && !strings.Contains(d.name, "connect/"):
			if d.plain.accept == nil || d.rewrites.accept == nil {
				t.Errorf("class schema %s has no acceptor: Accepts never says true for it", d.name)
			}
		case strings.HasPrefix(d.name, "accept/"):
			if declined := d.plain.accept == nil || d.rewrites.accept == nil; declined != declinedEdges[name] {
				t.Errorf("edge schema %s: acceptor declined %v, want %v", name, declined, declinedEdges[name])
			}
		}
		if d.plain.accept != nil {
			withAcceptor++
		}
		starts := []any{map[string]any{}}
		for _, doc := range docs {
			compareAccepts(t, d, doc, &c)
			if m, ok := doc.(map[string]any); ok && len(starts) < 4 && d.plain.Accepts(withoutNumbers(m)) {
				starts = append(starts, withoutNumbers(m))
			}
		}
		for _, v := range acceptInstances {
			compareAccepts(t, d, v, &c)
		}
		values := append(mutations(d.constants), acceptInstances...)
		for _, start := range starts {
			for _, p := range d.paths {
				for _, v := range values {
					compareAccepts(t, d, setAt(start, p, v), &c)
				}
			}
		}
	}
	t.Logf("%d schemas (%d with an acceptor), %d documents: %d comparisons, %d accepted, %d rejected by Accepts and the library, %d mismatches",
		len(schemas), withAcceptor, len(docs), c.compared, c.accepted, c.rejected, c.mismatches)
	if c.accepted < 1000 || c.rejected < 1000 {
		t.Errorf("the comparison does not exercise Accepts: %d accepted, %d rejected", c.accepted, c.rejected)
	}
}

// TestAcceptsAllocatesNothing: the fast answer is the point.
func TestAcceptsAllocatesNothing(t *testing.T) {
	for name, doc := range map[string]map[string]any{
		"nested-if":  {"a": "x", "b": []any{"y"}},
		"formats":    {"a": "urn:x", "d": "x"}, // custom formats (the library's own, such as email, allocate)
		"contains":   {"a": []any{map[string]any{"x": 1.5}, map[string]any{"id": "x"}}},
		"enum-kinds": {"a": true, "b": false},
	} {
		s, err := Compile([]byte(acceptEdgeSchemas[name]), WithDraft(Draft7), WithFormats(standInFormats), WithStringConstants())
		if err != nil {
			t.Fatal(err)
		}
		if !s.Accepts(doc) {
			t.Fatalf("%s: the document is valid, and Accepts does not say so", name)
		}
		if n := testing.AllocsPerRun(100, func() { s.Accepts(doc) }); n != 0 {
			t.Errorf("%s: Accepts allocates %.0f times per call", name, n)
		}
	}
}

// FuzzAccepts: any JSON document, and any JSON value put at every location a schema names, is
// accepted by Accepts only where the library finds no error, and wherever it finds none for a
// value Accepts decides.
func FuzzAccepts(f *testing.F) {
	schemas := append(repositorySchemas(f), acceptEdges(f)...)
	f.Add([]byte(`{"type":"Assertion","verification":{"type":"hosted"}}`), []byte(`"hosted"`))
	f.Add([]byte(`{"id":"urn:uuid:1","revoked":true}`), []byte(`["Assertion",1,null]`))
	f.Add([]byte(`{"a":"x","b":[]}`), []byte(`{"type":["email",{}]}`))
	f.Add([]byte(`[]`), []byte(`"\u00e9"`))
	f.Fuzz(func(t *testing.T, doc, value []byte) {
		var d, v any
		if json.Unmarshal(doc, &d) != nil || json.Unmarshal(value, &v) != nil {
			return
		}
		var c acceptCounts
		for _, s := range schemas {
			compareAccepts(t, s, d, &c)
			for _, p := range s.paths {
				compareAccepts(t, s, setAt(d, p, v), &c)
			}
		}
	})
}

// TestIsDecodedIsDecoded: IsDecoded approves exactly the values decoded hands over as they are, on
// the corpus, the instances of the acceptor's tests and their forms without numbers.
func TestIsDecodedIsDecoded(t *testing.T) {
	values := append(corpus(t), acceptInstances...)
	values = append(values, map[string]any{"a": []any{1.5}}, map[string]any{"\xff": true}, []any{"ok", "\xfe"},
		map[string]any{"f": func() {}}, []string{"x"}, map[string]string{"a": "b"}, int(1))
	n := 0
	for _, v := range values {
		for _, w := range []any{v, withoutNumbers(v)} {
			_, changed, ok := decoded(w)
			if got, want := IsDecoded(w), ok && !changed; got != want {
				b, _ := json.Marshal(w)
				t.Errorf("IsDecoded(%s) = %v, decoded says %v", b, got, want)
			}
			n++
		}
	}
	t.Logf("%d values compared", n)
}
