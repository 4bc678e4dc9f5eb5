package jsonschema

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// differential is one schema compiled as written and WithStringConstants.
type differential struct {
	name            string
	plain, rewrites *Schema
	rewritten       int        // how many keywords WithStringConstants rewrote
	paths           [][]string // instance locations the schema says something about
	constants       []string   // the strings of its const and enum keywords
}

// standInFormats stand for the class schemas' custom formats: what matters here is that a format
// error sits beside the const and enum errors, not what the real formats accept.
var standInFormats = NewFormats(map[string]func(string) bool{
	"ob-datetime": func(s string) bool { return strings.HasPrefix(s, "20") }, "ob-iri": func(s string) bool { return strings.Contains(s, ":") },
	"ob-url": func(s string) bool { return strings.HasPrefix(s, "http") }, "ob-email": func(s string) bool { return strings.Contains(s, "@") },
	"ob-telephone": func(s string) bool { return strings.HasPrefix(s, "+") }, "ob-data-uri-or-url": func(s string) bool { return strings.Contains(s, ":") },
	"ob-language": func(s string) bool { return len(s) == 2 }, "ob-url-authority": func(s string) bool { return !strings.Contains(s, "/") },
	"ob-identity-hash": func(s string) bool { return strings.Contains(s, "$") }, "ob-compact-iri": func(s string) bool { return strings.Contains(s, ":") },
	"ob-rdf-type": func(s string) bool { return s != "" && !strings.Contains(s, " ") },
})

// jsonldPatterns is the pattern rewrite openbadges/jsonld compiles the extension schemas with.
var jsonldPatterns = map[string]string{
	`^([0-9]{4})(-?)(1[0-2]|0[1-9])\2(3[01]|0[1-9]|[12][0-9])$`: `^[0-9]{4}(-(1[0-2]|0[1-9])-|(1[0-2]|0[1-9]))(3[01]|0[1-9]|[12][0-9])$`,
}

// edgeSchemas are small schemas for the cases the repository's schemas do not have: every place a
// rewrite is made or refused.
var edgeSchemas = map[string]string{
	"draft4-const":   `{"$schema":"http://json-schema.org/draft-04/schema#","properties":{"a":{"type":"string","const":"x"},"b":{"type":"string","enum":["x","y"]}}}`,
	"draft6-then":    `{"$schema":"http://json-schema.org/draft-06/schema#","properties":{"a":{"if":{"type":"string"},"then":{"const":"x"}}}}`,
	"unknown-draft":  `{"$schema":"HTTP://json-schema.org/draft-04/schema#","properties":{"a":{"type":"string","const":"x"},"b":{"if":{"type":"string"},"then":{"const":"x"}}}}`,
	"ref-into-then":  `{"properties":{"a":{"if":{"type":"string"},"then":{"const":"x"}},"b":{"$ref":"#/properties/a/then"}}}`,
	"nested-id":      `{"properties":{"a":{"$id":"#a","if":{"type":"string"},"then":{"enum":["x","y"]}}}}`,
	"defs-ref":       `{"definitions":{"s":{"type":"string","enum":["x","y","z"]},"t":{"if":{"type":"string"},"then":{"const":"x"}}},"properties":{"a":{"$ref":"#/definitions/s"},"b":{"items":{"$ref":"#/definitions/t"}},"c":{"$ref":"#"}}}`,
	"any-of":         `{"properties":{"a":{"anyOf":[{"type":"string","const":"x"},{"type":"string","enum":["y","z"]},{"type":"array","items":{"type":"string","const":"y"}}]}}}`,
	"one-of":         `{"properties":{"a":{"oneOf":[{"type":"string","const":"x"},{"type":"string","minLength":1},{"type":"number"}]}}}`,
	"not":            `{"properties":{"a":{"not":{"type":"string","enum":["x","y"]}}}}`,
	"contains":       `{"properties":{"a":{"type":["string","array"],"items":{"type":"string"},"contains":{"const":"x"},"if":{"type":"string"},"then":{"const":"x"}}}}`,
	"both":           `{"properties":{"a":{"type":"string","const":"x","enum":["x","y"]}}}`,
	"shared-values":  `{"properties":{"a":{"type":"string","enum":["x","y"]},"b":{"type":"string","enum":["y"]}}}`,
	"mixed-enum":     `{"properties":{"a":{"type":"string","enum":["x",1,null]},"b":{"type":"string","const":1}}}`,
	"format-too":     `{"properties":{"a":{"type":"string","format":"ob-rdf-type","enum":["x","y"]}}}`,
	"escaped":        `{"properties":{"a":{"type":"string","enum":["<a&b>","\u2028","é","\"q\"",""]},"b":{"if":{"type":"string"},"then":{"const":"<&>"}}}}`,
	"not-exact-if":   `{"properties":{"a":{"if":{"type":"string","minLength":2},"then":{"const":"xy"}},"b":{"if":{"type":["string"]},"then":{"const":"x"}}}}`,
	"string-list":    `{"properties":{"a":{"type":["string"],"const":"x"}}}`,
	"root-then":      `{"if":{"type":"string"},"then":{"enum":["x"]},"else":{"type":"object","properties":{"type":{"type":"string","const":"T"}}}}`,
	"property-names": `{"propertyNames":{"type":"string","enum":["a","b","type","id"]}}`,
	"revoked":        `{"$schema":"http://json-schema.org/draft-07/schema#","properties":{"type":{"type":"string","const":"A"},"revoked":{"type":"boolean"}},"if":{"properties":{"revoked":{"const":true}},"required":["revoked"]},"then":{"required":["id"]},"else":{"required":["id","type"]}}`,
}

// repositorySchemas compiles every schema of the repository that goes through this package (the
// class schemas, the Badge Connect schemas, the JSON-LD extension schemas), and the edge schemas,
// both ways.
func repositorySchemas(t testing.TB) []differential {
	t.Helper()
	type source struct {
		glob string
		opts []Option
	}
	sources := []source{
		{"../../schemas/*.json", []Option{WithFormats(standInFormats)}},
		{"../../connect/schemas/*.json", []Option{WithDraft(Draft7)}},
		{"../../jsonld/contexts/*/*schema.json", []Option{WithDraft(Draft4), WithPatterns(jsonldPatterns)}},
		{"../../jsonld/contexts/*/*/schema.json", []Option{WithDraft(Draft4), WithPatterns(jsonldPatterns)}},
	}
	raws := map[string][]byte{}
	optsOf := map[string][]Option{}
	for _, src := range sources {
		files, err := filepath.Glob(src.glob)
		if err != nil || len(files) == 0 {
			t.Fatalf("no schemas at %s (%v)", src.glob, err)
		}
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			raws[f], optsOf[f] = raw, src.opts
		}
	}
	for name, s := range edgeSchemas {
		raws[name], optsOf[name] = []byte(s), []Option{WithFormats(standInFormats)}
	}
	var out []differential
	for _, name := range sortedNames(raws) {
		raw, opts := raws[name], optsOf[name]
		plain, err1 := Compile(raw, opts...)
		rewrites, err2 := Compile(raw, append(slices.Clone(opts), WithStringConstants())...)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("%s: compiled as written: %v; WithStringConstants: %v", name, err1, err2)
		}
		if err1 != nil {
			continue // a published schema the library refuses (accessibilityExtension), both ways
		}
		tree, _ := decode(raw)
		var cfg config
		for _, o := range opts {
			o(&cfg)
		}
		if err := prepare(tree, cfg); err != nil {
			t.Fatal(err)
		}
		n, err := rewriteStringConstants(tree, effectiveDraft(tree, cfg.draft))
		if err != nil {
			t.Fatal(err)
		}
		orig, _ := decode(raw)
		d := differential{name: name, plain: plain, rewrites: rewrites, rewritten: n, constants: constantsIn(orig)}
		d.paths = schemaPaths(orig, orig, nil, 5)
		out = append(out, d)
	}
	return out
}

func sortedNames[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// constantsIn collects the strings of a schema's const and enum keywords.
func constantsIn(tree any) []string {
	var out []string
	add := func(v any) {
		if s, ok := v.(string); ok && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	var visit func(v any)
	visit = func(v any) {
		switch t := v.(type) {
		case map[string]any:
			add(t["const"])
			if l, ok := t["enum"].([]any); ok {
				for _, e := range l {
					add(e)
				}
			}
			for k, e := range t {
				if k != "const" && k != "enum" {
					visit(e)
				}
			}
		case []any:
			for _, e := range t {
				visit(e)
			}
		}
	}
	visit(tree)
	return out
}

// schemaPaths lists the instance locations a schema's properties, items and $refs lead to.
func schemaPaths(node, root any, prefix []string, depth int) [][]string {
	m, ok := node.(map[string]any)
	if !ok || depth == 0 {
		return nil
	}
	var out [][]string
	if ref, ok := m["$ref"].(string); ok {
		if name, isDef := strings.CutPrefix(ref, "#/definitions/"); isDef {
			defs, _ := root.(map[string]any)["definitions"].(map[string]any)
			out = append(out, schemaPaths(defs[name], root, prefix, depth-1)...)
		}
	}
	if props, ok := m["properties"].(map[string]any); ok {
		for _, name := range sortedNames(props) {
			p := append(slices.Clone(prefix), name)
			out = append(out, p)
			out = append(out, schemaPaths(props[name], root, p, depth-1)...)
		}
	}
	for _, k := range []string{"items", "contains"} {
		if _, ok := m[k].(map[string]any); ok {
			p := append(slices.Clone(prefix), "0")
			out = append(out, p)
			out = append(out, schemaPaths(m[k], root, p, depth-1)...)
		}
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf"} {
		if l, ok := m[k].([]any); ok {
			for _, e := range l {
				out = append(out, schemaPaths(e, root, prefix, depth-1)...)
			}
		}
	}
	for _, k := range []string{"if", "then", "else", "not"} {
		out = append(out, schemaPaths(m[k], root, prefix, depth-1)...)
	}
	return out
}

// setAt returns doc with v at path, copying the objects and arrays on the way (doc is unchanged).
func setAt(doc any, path []string, v any) any {
	if len(path) == 0 {
		return v
	}
	if i, err := strconv.Atoi(path[0]); err == nil {
		l, _ := doc.([]any)
		l = slices.Clone(l)
		for len(l) <= i {
			l = append(l, map[string]any{})
		}
		l[i] = setAt(l[i], path[1:], v)
		return l
	}
	m, _ := doc.(map[string]any)
	out := make(map[string]any, len(m)+1)
	for k, e := range m {
		out[k] = e
	}
	out[path[0]] = setAt(m[path[0]], path[1:], v)
	return out
}

// mutations are the values put at each location: the schema's constants and strings near them, as
// values and in lists mixed with every other JSON kind, and values of every other kind.
func mutations(constants []string) []any {
	out := []any{nil, true, false, 1.0, 1.5, -2.0, "", "other", "x", map[string]any{}, []any{}, []any{nil},
		[]any{1.0, "other"}, []any{[]any{}}, map[string]any{"id": "https://example.org/x"}}
	for i, c := range constants {
		if i >= 8 {
			break
		}
		next := constants[(i+1)%len(constants)]
		out = append(out, c, c+"x", strings.ToUpper(c), " "+c, []any{c}, []any{c, next}, []any{"other", c},
			[]any{1.0, c}, []any{nil, c}, []any{map[string]any{}, c}, []any{true, c}, []any{[]any{c}},
			[]any{c, c}, []any{1.0, "other", nil}, map[string]any{"type": c}, []any{map[string]any{"type": c}})
	}
	return out
}

// corpus returns the JSON documents of the repository's test data, and the objects inside them.
func corpus(t testing.TB) []any {
	t.Helper()
	seen := map[string]bool{}
	var out []any
	var keep func(v any, depth int)
	keep = func(v any, depth int) {
		b, _ := json.Marshal(v)
		if seen[string(b)] || depth > 6 {
			return
		}
		seen[string(b)] = true
		out = append(out, v)
		switch t := v.(type) {
		case map[string]any:
			for _, k := range sortedNames(t) {
				if _, isObj := t[k].(map[string]any); isObj {
					keep(t[k], depth+1)
				}
			}
		case []any:
			for _, e := range t {
				keep(e, depth+1)
			}
		}
	}
	for _, dir := range []string{"../../../testdata", "../../../cmd/obcert/testdata", "../../testdata",
		"../../connect/testdata", "../../jsonld/testdata"} {
		err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(path, ".json") {
				return err
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			var v any
			if json.Unmarshal(raw, &v) == nil {
				keep(v, 0)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out) < 100 {
		t.Fatalf("corpus of %d documents only", len(out))
	}
	return out
}

// compareBoth validates instance against d both ways (and, rewritten, by ValidateDecoded when
// IsDecoded approves it), reports a difference, and counts it.
func compareBoth(t testing.TB, d differential, instance any, mismatches *int) (errs []Error) {
	t.Helper()
	want, err1 := d.plain.Validate(instance)
	got, err2 := d.rewrites.Validate(instance)
	if IsDecoded(instance) {
		// and so for a value taken as decoded JSON
		decoded, err3 := d.rewrites.ValidateDecoded(instance)
		if (err3 == nil) != (err2 == nil) || !reflect.DeepEqual(decoded, got) {
			got, err2 = decoded, err3
		}
	}
	if (err1 == nil) != (err2 == nil) || !reflect.DeepEqual(want, got) {
		*mismatches++
		if *mismatches <= 10 {
			b, _ := json.Marshal(instance)
			t.Errorf("%s on %s:\nas written: %v (%v)\nrewritten:  %v (%v)", d.name, b, want, err1, got, err2)
		}
	}
	return want
}

// TestStringConstantsAreTheSchema: every schema of the repository, and the edge schemas, give the
// same errors compiled as written and WithStringConstants, on the repository's JSON documents and
// on the best-fitting of them with every mutation at every location the schema names.
func TestStringConstantsAreTheSchema(t *testing.T) {
	docs := corpus(t)
	schemas := repositorySchemas(t)
	compared, constErrs, rewritten, mismatches := 0, 0, 0, 0
	for _, d := range schemas {
		rewritten += d.rewritten
		type ranked struct {
			doc  any
			errs int
		}
		var bases []ranked
		for _, doc := range docs {
			errs := compareBoth(t, d, doc, &mismatches)
			compared++
			if _, ok := doc.(map[string]any); ok {
				bases = append(bases, ranked{doc, len(errs)})
			}
		}
		sort.SliceStable(bases, func(i, j int) bool { return bases[i].errs < bases[j].errs })
		starts := []any{map[string]any{}}
		for _, b := range bases[:min(3, len(bases))] {
			starts = append(starts, b.doc)
		}
		values := mutations(d.constants)
		for _, start := range starts {
			for _, p := range d.paths {
				for _, v := range values {
					for _, e := range compareBoth(t, d, setAt(start, p, v), &mismatches) {
						if e.Keyword == "const" || e.Keyword == "enum" {
							constErrs++
						}
					}
					compared++
				}
			}
		}
	}
	t.Logf("%d schemas (%d keywords rewritten), %d documents in the corpus: %d instances compared, %d mismatches; %d const/enum errors among them",
		len(schemas), rewritten, len(docs), compared, mismatches, constErrs)
	if rewritten < 20 || constErrs < 1000 {
		t.Errorf("the comparison does not exercise the rewrite: %d keywords rewritten, %d const/enum errors", rewritten, constErrs)
	}
}

// TestStringConstantsRewriteWhereSafe: the rewrite is made where the instance is a string, and only
// there.
func TestStringConstantsRewriteWhereSafe(t *testing.T) {
	want := map[string]int{
		"draft4-const": 1, "draft6-then": 0, "unknown-draft": 0, "ref-into-then": 0, "nested-id": 0,
		"defs-ref": 2, "any-of": 3, "one-of": 1, "not": 1, "contains": 1, "both": 0, "shared-values": 2,
		"mixed-enum": 0, "format-too": 0, "escaped": 2, "not-exact-if": 0, "string-list": 0, "root-then": 2,
		"property-names": 1, "revoked": 1,
	}
	for _, d := range repositorySchemas(t) {
		if n, ok := want[d.name]; ok && n != d.rewritten {
			t.Errorf("%s: %d keywords rewritten, want %d", d.name, d.rewritten, n)
		}
		if strings.HasSuffix(d.name, "/Assertion.json") && d.rewritten != 1 {
			t.Errorf("Assertion: %d keywords rewritten, want 1 (the then of type)", d.rewritten)
		}
	}
}

// FuzzStringConstants: any JSON document, and any JSON value put at every location a schema names,
// gives the same errors against every schema of the repository compiled both ways.
func FuzzStringConstants(f *testing.F) {
	schemas := repositorySchemas(f)
	f.Add([]byte(`{"type":"Assertion","verification":{"type":"hosted"}}`), []byte(`"hosted"`))
	f.Add([]byte(`{}`), []byte(`["Assertion",1,null]`))
	f.Add([]byte(`{"status":{"statusText":"OK"}}`), []byte(`"OK "`))
	f.Add([]byte(`[]`), []byte(`{"type":["email",{}]}`))
	f.Fuzz(func(t *testing.T, doc, value []byte) {
		var d, v any
		if json.Unmarshal(doc, &d) != nil || json.Unmarshal(value, &v) != nil {
			return
		}
		mismatches := 0
		for _, s := range schemas {
			compareBoth(t, s, d, &mismatches)
			for _, p := range s.paths {
				compareBoth(t, s, setAt(d, p, v), &mismatches)
			}
		}
	})
}
