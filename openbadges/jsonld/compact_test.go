package jsonld

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// change is what compaction does to one document beyond collapsing arrays of one: dotted paths
// to the value compaction gives them.
type change map[string]any

// collapse mirrors json-gold's compactArrays on a source document: an array of one becomes its
// only element.
func collapse(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = collapse(e)
		}
		return out
	case []any:
		if len(t) == 1 {
			return collapse(t[0])
		}
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = collapse(e)
		}
		return out
	}
	return v
}

// expectCompacted is doc with arrays of one collapsed and the changes applied.
func expectCompacted(doc any, c change) map[string]any {
	want := collapse(doc).(map[string]any)
	for path, v := range c {
		keys := strings.Split(path, ".")
		m := want
		for _, k := range keys[:len(keys)-1] {
			m = m[k].(map[string]any)
		}
		m[keys[len(keys)-1]] = v
	}
	return want
}

func assertCompaction(t *testing.T, p *Processor, file string, c change) {
	t.Helper()
	doc := readJSON(t, file)
	got, loaded, err := p.Compact(context.Background(), doc, V2)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if len(loaded) != 0 {
		t.Errorf("%s: loaded extension contexts %v, want none", file, loaded)
	}
	want := expectCompacted(doc, c)
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Errorf("%s compacted to\n%s\nwant\n%s", file, g, w)
	}
}

// The HostedBadge and hosted terms share obi:HostedBadge; compaction picks the shorter term.
var hostedTerm = change{"verification.type": "hosted"}

func TestCompactPinsScenarioDocuments(t *testing.T) {
	changes := map[string]change{
		"07-1_1-issuer-redirect/issuer_v1_1.json":  {"@context": V2},
		"08-endorsement-linked/assertion.json":     hostedTerm,
		"08-endorsement-linked/endorsement.json":   hostedTerm,
		"09-endorsement-array/assertion.json":      hostedTerm,
		"09-endorsement-array/endorsement.json":    hostedTerm,
		"09-endorsement-array/endorsement2.json":   hostedTerm,
		"10-endorsement-as-input/assertion.json":   hostedTerm,
		"10-endorsement-as-input/endorsement.json": hostedTerm,
	}
	files, _ := filepath.Glob(scenarioDir + "/*/*.json")
	p := New(nil)
	n := 0
	for _, f := range files {
		rel := filepath.Base(filepath.Dir(f)) + "/" + filepath.Base(f)
		doc, _ := readJSON(t, f).(map[string]any)
		if _, hasContext := doc["@context"]; !hasContext {
			continue // mocks.json, scenario.json and the 1.0 documents: see the next test
		}
		assertCompaction(t, p, f, changes[rel])
		n++
	}
	if n < 40 {
		t.Fatalf("only %d scenario documents found under %s", n, scenarioDir)
	}
}

// A 1.0 document has no @context: compaction keeps nothing of it. The reference validator
// upgrades such documents in code before it compacts them.
func TestCompactDropsEverythingWithoutContext(t *testing.T) {
	p := New(nil)
	for _, f := range []string{"assertion_v1_0.json", "badgeclass_v1_0.json", "issuer_v1_0.json"} {
		got, _, err := p.Compact(context.Background(), readJSON(t, scenarioDir+"/14-1_0-hosted-upgrade/"+f), V2)
		if err != nil || len(got) != 0 {
			t.Errorf("%s compacted to %v, %v; want an empty node", f, got, err)
		}
	}
}

func TestCompactPinsSpecExamples(t *testing.T) {
	changes := map[string]change{
		"06-signed-badge-jws-claims.json": {"verification.type": "signed"},
	}
	files, _ := filepath.Glob(examplesDir + "/*.json")
	p := New(nil)
	n := 0
	for _, f := range files {
		doc, _ := readJSON(t, f).(map[string]any)
		if _, hasContext := doc["@context"]; !hasContext {
			continue // the JWS header
		}
		assertCompaction(t, p, f, changes[filepath.Base(f)])
		n++
	}
	if n < 15 {
		t.Fatalf("only %d spec examples found under %s", n, examplesDir)
	}
}

// The 1.1 documents compact with V1 and then with V2 as the reference validator's upgrade does.
// The v1 context has no verification term, so the 1.1 assertion loses its verification object
// (VALIDATOR-CORE §5).
func TestCompactLegacyDocumentsWithV1ThenV2(t *testing.T) {
	p := New(nil)
	for _, f := range []string{"1_1_basic_assertion.json", "1_1_basic_badgeclass.json", "1_1_basic_issuer.json"} {
		doc := readJSON(t, componentDir+"/"+f)
		v1, _, err := p.Compact(context.Background(), doc, V1)
		if err != nil {
			t.Fatalf("%s with V1: %v", f, err)
		}
		v2, _, err := p.Compact(context.Background(), v1, V2)
		if err != nil {
			t.Fatalf("%s with V2: %v", f, err)
		}
		want := expectCompacted(doc, change{"@context": V2})
		delete(want, "verification")
		if !reflect.DeepEqual(v2, want) {
			t.Errorf("%s compacted to %v\nwant %v", f, v2, want)
		}
		if v1["@context"] != V1 {
			t.Errorf("%s: V1 compaction has @context %v", f, v1["@context"])
		}
	}
}

// The embedded v1 context is the reference validator's self-contained copy. It must mean the same
// as the published v1 context, which pulls in legacy-v1 by URL.
func TestEmbeddedV1MatchesPublishedV1(t *testing.T) {
	published := readJSON(t, specDir+"/v1/context.json").(map[string]any)["@context"]
	p := New(nil)
	for _, f := range []string{"1_1_basic_assertion.json", "1_1_basic_badgeclass.json", "1_1_basic_issuer.json"} {
		doc := readJSON(t, componentDir+"/"+f).(map[string]any)
		viaPublished := withContext(doc, published)
		a, err := p.Normalize(context.Background(), doc)
		if err != nil {
			t.Fatal(err)
		}
		b, err := p.Normalize(context.Background(), viaPublished)
		if err != nil {
			t.Fatal(err)
		}
		if a != b || a == "" {
			t.Errorf("%s: embedded V1 gives\n%s\npublished V1 gives\n%s", f, a, b)
		}
	}
}

func TestCompactionSubtleties(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"a misspelled term is dropped",
			`{"@context":"https://w3id.org/openbadges/v2","id":"http://e.org/a","type":"Assertion","issuedOnn":"2016-12-31T23:59:59Z"}`,
			`{"@context":"https://w3id.org/openbadges/v2","id":"http://e.org/a","type":"Assertion"}`},
		{"a top-level node with nothing but an id vanishes",
			`{"@context":"https://w3id.org/openbadges/v2","id":"http://e.org/a","issuedOnn":"2016-12-31T23:59:59Z"}`,
			`{}`},
		{"verify is an alias of verification",
			`{"@context":"https://w3id.org/openbadges/v2","id":"http://e.org/a","verify":{"type":"hosted","url":"http://e.org/a"}}`,
			`{"@context":"https://w3id.org/openbadges/v2","id":"http://e.org/a","verification":{"type":"hosted","url":"http://e.org/a"}}`},
		{"HostedBadge compacts to hosted",
			`{"@context":"https://w3id.org/openbadges/v2","verification":{"type":"HostedBadge"}}`,
			`{"@context":"https://w3id.org/openbadges/v2","verification":{"type":"hosted"}}`},
		{"an empty revokedAssertions stays",
			`{"@context":"https://w3id.org/openbadges/v2","type":"RevocationList","revokedAssertions":[]}`,
			`{"@context":"https://w3id.org/openbadges/v2","type":"RevocationList","revokedAssertions":[]}`},
		{"one revoked entry loses its array",
			`{"@context":"https://w3id.org/openbadges/v2","revokedAssertions":["urn:uuid:6deb4a00-ebce-4b28-8cc2-afa705ef7be4"]}`,
			`{"@context":"https://w3id.org/openbadges/v2","revokedAssertions":"urn:uuid:6deb4a00-ebce-4b28-8cc2-afa705ef7be4"}`},
		{"revoked true keeps its boolean term although revokedAssertions shares its IRI",
			`{"@context":"https://w3id.org/openbadges/v2","id":"http://e.org/a","revoked":true}`,
			`{"@context":"https://w3id.org/openbadges/v2","id":"http://e.org/a","revoked":true}`},
		{"arrays of one are compacted",
			`{"@context":"https://w3id.org/openbadges/v2","alignment":[{"targetName":"x","targetUrl":"http://e.org/x"}],"tags":["one"]}`,
			`{"@context":"https://w3id.org/openbadges/v2","alignment":{"targetName":"x","targetUrl":"http://e.org/x"},"tags":"one"}`},
		{"a variant context URL compacts into V2",
			`{"@context":"https://openbadgespec.org/v2/context.json","type":"Assertion"}`,
			`{"@context":"https://w3id.org/openbadges/v2","type":"Assertion"}`},
		{"an http context URL compacts into V2",
			`{"@context":"http://w3id.org/openbadges/v2","type":"Issuer"}`,
			`{"@context":"https://w3id.org/openbadges/v2","type":"Issuer"}`},
	}
	p := New(nil)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _, err := p.Compact(context.Background(), decode(t, c.in), V2)
			if err != nil {
				t.Fatal(err)
			}
			if want := decode(t, c.want); !reflect.DeepEqual(got, want) {
				t.Errorf("got %v\nwant %v", got, want)
			}
		})
	}
}

// The shared parsed contexts must not change what json-gold computes.
func TestSharedContextsMatchJSONGold(t *testing.T) {
	files, _ := filepath.Glob(scenarioDir + "/*/*.json")
	more, _ := filepath.Glob(examplesDir + "/*.json")
	if len(files) == 0 || len(more) == 0 {
		t.Fatalf("found %d scenario documents under %s and %d spec examples under %s", len(files), scenarioDir, len(more), examplesDir)
	}
	p := New(nil)
	for _, f := range append(files, more...) {
		doc := readJSON(t, f)
		for _, target := range []string{V2, V1} {
			got, _, err := p.Compact(context.Background(), doc, target)
			want, werr := plainCompact(doc, target)
			if (err != nil) != (werr != nil) || !reflect.DeepEqual(got, want) {
				t.Errorf("%s into %s: got %v (%v)\njson-gold gives %v (%v)", f, target, got, err, want, werr)
			}
		}
	}
}

func TestCompactIsSafeConcurrently(t *testing.T) {
	p := New(nil)
	doc := readJSON(t, scenarioDir+"/01-hosted-2_0-basic/assertion.json")
	want, _, err := p.Compact(context.Background(), doc, V2)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan string, 8)
	for range 8 {
		go func() {
			for range 20 {
				got, _, err := p.Compact(context.Background(), doc, V2)
				if err != nil || !reflect.DeepEqual(got, want) {
					errs <- "concurrent compaction differs"
					return
				}
			}
			errs <- ""
		}()
	}
	for range 8 {
		if msg := <-errs; msg != "" {
			t.Error(msg)
		}
	}
}
