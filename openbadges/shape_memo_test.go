package openbadges

import (
	"encoding/json"
	"fmt"
	obcert "github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges/internal/jsonschema"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

// corpusObjects returns the JSON objects of the repository's test data, nested ones included.
func corpusObjects(t testing.TB) []map[string]any {
	t.Helper()
	seen := map[string]bool{}
	var out []map[string]any
	var keep func(v any)
	keep = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			b, _ := json.Marshal(x)
			if seen[string(b)] {
				return
			}
			seen[string(b)] = true
			out = append(out, x)
			for _, k := range sortedKeys(x) {
				keep(x[k])
			}
		case []any:
			for _, e := range x {
				keep(e)
			}
		}
	}
	for _, dir := range []string{"../testdata", "../cmd/obcert/testdata", "testdata", "connect/testdata", "jsonld/testdata"} {
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
				keep(v)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out) < 100 {
		t.Fatalf("corpus of %d objects only", len(out))
	}
	return out
}

// flatValues are the values of the generated flat objects: every string a class schema allows, and
// strings of each custom format, well-formed or not.
func flatValues() []any {
	out := []any{nil, true, false, "", "other", "https://example.org/x", "http://example.org", "urn:uuid:1",
		"mailto:a@example.org", "a@example.org", "+15417522845", "2016-12-31T23:59:59Z", "2016-12-31",
		"sha256$c7ef86405ba71b85acd8e2e95166c4b111448089f2e1599f42fe1bba46e865c5", "md5$00", "en", "en-US",
		"data:image/png;base64,AAAA", "data:text/plain,x", "_:b0", "example.org", "schema:Thing", "a b"}
	for _, c := range Classes {
		out = append(out, string(c))
		for _, p := range shapeOf(c).props {
			for _, a := range p.allowed {
				if !slices.Contains(out, any(a)) {
					out = append(out, a)
				}
			}
		}
	}
	return out
}

// flatObjects generates small objects of strings, booleans and nulls for a class: each property
// alone, with the class's type, and in pairs.
func flatObjects(c Class) []map[string]any {
	props := append(sortedKeys(shapeOf(c).props), "@context", "x")
	values := flatValues()
	typ := any(string(c))
	if a := shapeOf(c).props["type"].allowed; len(a) > 0 {
		typ = a[0]
	}
	out := []map[string]any{{}, {"type": typ}}
	for _, p := range props {
		for _, v := range values {
			out = append(out, map[string]any{p: v}, map[string]any{"type": typ, p: v})
		}
	}
	few := []any{nil, true, "", "https://example.org/x", typ}
	for i, p := range props {
		for _, q := range props[i+1:] {
			for _, v := range few {
				for _, w := range few {
					out = append(out, map[string]any{p: v, q: w, "type": typ})
				}
			}
		}
	}
	return out
}

// shapeInstances are, for class c, the corpus objects, the flat objects, and the corpus objects
// with fewest findings with each property set to each mutation.
func shapeInstances(c Class, corpus []map[string]any) []map[string]any {
	out := append(slices.Clone(corpus), flatObjects(c)...)
	type ranked struct {
		node     map[string]any
		findings int
	}
	byFindings := make([]ranked, len(corpus))
	for i, n := range corpus {
		byFindings[i] = ranked{n, len(ValidateNode(c, n, Options{}))}
	}
	slices.SortStableFunc(byFindings, func(a, b ranked) int { return a.findings - b.findings })
	best := []map[string]any{byFindings[0].node, byFindings[1].node}
	mutations := append(flatValues()[:12], []any{}, []any{nil}, []any{"x", 1.0}, map[string]any{},
		[]any{map[string]any{}}, 1.0, []any{[]any{"x"}})
	for _, p := range append(sortedKeys(shapeOf(c).props), "@context") {
		for _, m := range mutations {
			for _, base := range best {
				n := make(map[string]any, len(base)+1)
				for k, v := range base {
					n[k] = v
				}
				n[p] = m
				out = append(out, n)
			}
		}
	}
	return out
}

// TestShapeMemoIsTheCheck: ValidateNode gives the same findings remembering shape errors and not,
// for every class, on the corpus objects, the generated flat objects (as roots and embedded in a
// node of each class that embeds them), asked once and again (the second time from memory).
func TestShapeMemoIsTheCheck(t *testing.T) {
	corpus := corpusObjects(t)
	compared, remembered := 0, 0
	compare := func(c Class, node map[string]any, o Options) {
		want := (&walker{opts: o, root: c, noMemo: true}).validate(c, node)
		for range 2 {
			if got := ValidateNode(c, node, o); !reflect.DeepEqual(got, want) {
				b, _ := json.Marshal(node)
				t.Fatalf("%s %s:\nremembering: %s\nchecking:    %s", c, b, render(got), render(want))
			}
		}
		compared++
	}
	for _, c := range Classes {
		for _, n := range shapeInstances(c, corpus) {
			compare(c, n, Options{})
			if c == ClassProfile {
				compare(c, n, Options{Legacy: "1.0"})
			}
		}
		for _, name := range shapeOf(c).embedded {
			inner := shapeOf(c).props[name].Embedded
			for i, o := range flatObjects(inner) {
				if i%3 != 0 {
					continue
				}
				outer := map[string]any{"id": "https://example.org/n", "type": string(c), name: o}
				if c == ClassAssertion {
					outer = assertion()
					outer[name] = o
				}
				compare(c, outer, Options{})
				outer[name] = []any{o, o}
				compare(c, outer, Options{})
			}
		}
	}
	for _, c := range Classes {
		s := shapeOf(c)
		s.memo.mu.RLock()
		remembered += len(s.memo.entries)
		s.memo.mu.RUnlock()
	}
	t.Logf("%d nodes compared, 0 differences; %d objects remembered at the end", compared, remembered)
	if remembered == 0 {
		t.Error("nothing was remembered: the comparison did not exercise the memo")
	}
}

// TestShapeMemoKey: the key says the content exactly, and only small flat objects have one.
func TestShapeMemoKey(t *testing.T) {
	key := func(doc map[string]any) (string, bool) {
		var buf [memoMaxKey]byte
		k, ok := memoKey(buf[:0], doc)
		return string(k), ok
	}
	distinct := []map[string]any{
		{}, {"type": "hosted"}, {"type": "signed"}, {"type": true}, {"type": false}, {"type": nil},
		{"type": ""}, {"typ": "ehosted"}, {"type": "hosted", "creator": nil}, {"a": "b", "c": "d"},
		{"a": "bc", "": "d"}, {"a\x00\x02": "s"}, {"a": "\x00\x02s"},
	}
	seen := map[string]int{}
	for i, d := range distinct {
		k, ok := key(d)
		if !ok {
			t.Errorf("%v has no key", d)
		}
		if j, dup := seen[k]; dup {
			t.Errorf("%v and %v share the key %q", distinct[j], d, k)
		}
		seen[k] = i
	}
	for _, d := range []map[string]any{
		{"type": []any{"hosted"}}, {"type": map[string]any{}}, {"n": 1.0},
		{"identity": strings.Repeat("x", memoMaxKey)},
		{"a": "", "b": "", "c": "", "d": "", "e": "", "f": "", "g": "", "h": "", "i": ""},
	} {
		if _, ok := key(d); ok {
			t.Errorf("%v has a key", d)
		}
	}
}

// TestStringConstantsInTheShapes: the class shapes with their real formats give the same shape
// errors compiled WithStringConstants (as ValidateNode uses them) and as written, on the
// instances of TestShapeMemoIsTheCheck.
func TestStringConstantsInTheShapes(t *testing.T) {
	plain, err := loadShapes()
	if err != nil {
		t.Fatal(err)
	}
	corpus := corpusObjects(t)
	compared, allowed := 0, 0
	for _, c := range Classes {
		for _, n := range shapeInstances(c, corpus) {
			want, err1 := plain[c].check(withoutNulls(n))
			got, err2 := shapeOf(c).check(withoutNulls(n))
			if !reflect.DeepEqual(want, got) || (err1 == nil) != (err2 == nil) {
				b, _ := json.Marshal(n)
				t.Fatalf("%s %s:\nas written: %v %v\nrewritten:  %v %v", c, b, want, err1, got, err2)
			}
			for _, e := range want {
				if e.kind == kindAllowed {
					allowed++
				}
			}
			compared++
		}
	}
	t.Logf("%d nodes compared, 0 differences; %d disallowed-value errors among them", compared, allowed)
	if allowed == 0 {
		t.Error("no const or enum failed: the comparison did not exercise the rewrite")
	}
}

// withoutNullsAndContext is withoutNulls as it was: it dropped @context too.
func withoutNullsAndContext(node map[string]any) map[string]any {
	out := make(map[string]any, len(node))
	for k, v := range node {
		if k != "@context" && !isNoValue(v) {
			out[k] = v
		}
	}
	return out
}

// TestShapesIgnoreUndeclaredProperties: no class schema says anything of a property it does not
// name (no keyword that reads undeclared properties, no @context among the named), so the shape
// errors of a node are the same with its @context and without it.
func TestShapesIgnoreUndeclaredProperties(t *testing.T) {
	readers := []string{"additionalProperties", "patternProperties", "propertyNames", "minProperties",
		"maxProperties", "dependencies", "$ref"}
	for _, c := range Classes {
		raw, err := schemaFiles.ReadFile("schemas/" + string(c) + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var tree any
		if err := json.Unmarshal(raw, &tree); err != nil {
			t.Fatal(err)
		}
		var visit func(v any, inNames bool)
		visit = func(v any, inNames bool) {
			switch x := v.(type) {
			case map[string]any:
				for k, e := range x {
					if !inNames && slices.Contains(readers, k) {
						t.Errorf("%s: keyword %s reads properties the schema does not name", c, k)
					}
					if k == "@context" || e == "@context" {
						t.Errorf("%s names @context", c)
					}
					visit(e, !inNames && k == "properties")
				}
			case []any:
				for _, e := range x {
					if e == "@context" {
						t.Errorf("%s names @context", c)
					}
					visit(e, false)
				}
			}
		}
		visit(tree, false)
	}
	corpus := corpusObjects(t)
	compared := 0
	for _, c := range Classes {
		for _, n := range shapeInstances(c, corpus) {
			for _, ctx := range []any{nil, "https://w3id.org/openbadges/v2", []any{}, 1.0} {
				m := make(map[string]any, len(n)+1)
				for k, v := range n {
					m[k] = v
				}
				if ctx == nil {
					delete(m, "@context")
				} else {
					m["@context"] = ctx
				}
				want, err1 := shapeOf(c).check(withoutNullsAndContext(m))
				got, err2 := shapeOf(c).check(withoutNulls(m))
				if !reflect.DeepEqual(want, got) || (err1 == nil) != (err2 == nil) {
					b, _ := json.Marshal(m)
					t.Fatalf("%s %s:\nwithout @context: %v %v\nwith it:          %v %v", c, b, want, err1, got, err2)
				}
				compared++
			}
		}
	}
	t.Logf("%d nodes compared with and without their @context, 0 differences", compared)
}

// TestSplitShapeIsTheSchema: for every class, the split schema (its root, then each present
// property's value against its property schema, remembered for strings and booleans) gives the
// shape errors of the whole schema, compiled WithStringConstants and as written, on the instances of
// TestShapeMemoIsTheCheck asked twice (the second time from memory), and fails on the values the
// library cannot read with the whole schema's error.
func TestSplitShapeIsTheSchema(t *testing.T) {
	plain, err := loadShapes()
	if err != nil {
		t.Fatal(err)
	}
	corpus := corpusObjects(t)
	compared, found, decoded := 0, 0, 0
	shapeOf(ClassAssertion) // loads shapes
	for _, shapes := range []map[Class]*classShape{plain, shapes} {
		whole := wholeSchemas(t, shapes)
		for _, c := range Classes {
			s := shapes[c]
			if s.split == nil || s.split.presence == nil {
				t.Fatalf("%s is not split, or its root is not remembered by the properties present", c)
			}
			unreadable := []map[string]any{{"type": math.NaN()}, {"id": "x", "revoked": math.Inf(1)},
				{"badge": map[string]any{"x": func() {}}}, {"name": "\xff", "type": []any{"\xfe"}}}
			for _, n := range append(shapeInstances(c, corpus), unreadable...) {
				errs, err1 := whole[c].Validate(withoutNulls(n))
				want := shapeErrorsOf(errs)
				clean := jsonschema.IsDecoded(n)
				// each way of validating a node: the whole schema first, whose errors fill the memories the
				// property schemas then answer from
				for _, mode := range []int{wholeAlways, splitAlways, splitChosen} {
					splitMode = mode
					for i := range 4 {
						got, err2 := s.checkAs(withoutNulls(n), clean && i >= 2)
						if !reflect.DeepEqual(want, got) || fmt.Sprint(err1) != fmt.Sprint(err2) {
							b, _ := json.Marshal(n)
							t.Fatalf("%s %s (taken as decoded: %v, way %d):\nwhole schema: %v %v\nsplit:        %v %v", c, b, clean && i >= 2, mode, want, err1, got, err2)
						}
					}
				}
				splitMode = splitChosen
				if clean {
					decoded++
				}
				found += len(want)
				compared++
			}
		}
	}
	t.Logf("%d nodes compared (%d of them also taken as decoded JSON), 0 differences; %d shape errors among them", compared, decoded, found)
	if decoded == 0 {
		t.Error("no node was taken as decoded JSON")
	}
}

// TestShapeMemoConcurrently: ValidateNode from several goroutines at once, remembering, gives what
// it gives checking everything (run with -race to see the memory's locking).
func TestShapeMemoConcurrently(t *testing.T) {
	nodes := batchAssertions(300)
	for i, n := range nodes {
		if i%3 == 0 {
			n["verification"] = map[string]any{"type": []any{"hosted"}}
		}
		if i%5 == 0 {
			n["issuedOn"] = "yesterday"
		}
	}
	want := make([][]obcert.Finding, len(nodes))
	for i, n := range nodes {
		want[i] = (&walker{root: ClassAssertion, noMemo: true}).validate(ClassAssertion, n)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range nodes {
				j := (i*7 + g*13) % len(nodes)
				if got := ValidateNode(ClassAssertion, nodes[j], Options{}); !reflect.DeepEqual(got, want[j]) {
					t.Errorf("node %d:\nremembering: %s\nchecking:    %s", j, render(got), render(want[j]))
					return
				}
			}
		})
	}
	wg.Wait()
}

// wholeSchemas compiles each class schema of shapes as it is written, not split.
func wholeSchemas(t testing.TB, shapes map[Class]*classShape) map[Class]*jsonschema.Schema {
	t.Helper()
	out := map[Class]*jsonschema.Schema{}
	for c, s := range shapes {
		w, err := s.wholeSchema()
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		out[c] = w
	}
	return out
}
