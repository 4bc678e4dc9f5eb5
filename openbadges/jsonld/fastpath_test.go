package jsonld

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/obcert/obcert/openbadges/bake"
)

// repoRoot is the module root, relative to this package.
const repoRoot = "../.."

// differ compares the fast path with the full algorithm on doc. It returns whether the fast path
// answered, and a description of a mismatch ("" when they agree or the fast path declined).
func differ(doc any) (fast bool, mismatch string) {
	fast, err := CheckCompactFastPath(doc)
	if err != nil {
		return fast, err.Error()
	}
	return fast, ""
}

// corpusDocuments walks the whole repository for JSON-LD documents: every .json file that parses as
// a JSON object (every object nested in it that has a @context too, as a document of its own), the
// payload of every compact JWS (.jws files) and the payload of every baked PNG or SVG.
func corpusDocuments(t *testing.T) map[string]any {
	t.Helper()
	docs := map[string]any{}
	addJSON := func(name string, b []byte) {
		var v any
		dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))))
		if dec.Decode(&v) != nil {
			return
		}
		for i, d := range documentsIn(v) {
			key := name
			if i > 0 {
				key = fmt.Sprintf("%s#%d", name, i)
			}
			docs[key] = d
		}
	}
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n == ".git" || n == "node_modules" || n == "bin" {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil || info.Size() > 4<<20 {
			return nil
		}
		ext := strings.ToLower(filepath.Ext(path))
		switch ext {
		case ".json", ".jsonld", ".jws", ".png", ".svg", ".txt", ".ndjson":
		default:
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		switch ext {
		case ".json", ".jsonld", ".txt":
			addJSON(path, b)
		case ".ndjson":
			for i, line := range bytes.Split(b, []byte("\n")) {
				addJSON(fmt.Sprintf("%s:%d", path, i+1), line)
			}
		case ".jws":
			if p := jwsPayload(string(bytes.TrimSpace(b))); p != nil {
				addJSON(path, p)
			}
		case ".png", ".svg":
			if ex, err := bake.Extract(b); err == nil {
				payload := strings.TrimSpace(ex.Payload)
				if p := jwsPayload(payload); p != nil {
					addJSON(path, p)
				} else {
					addJSON(path, []byte(payload))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// documentsIn returns v (when it is an object) and every object nested in it that carries a
// @context of its own, and the same with each object's @context set to the OB v2 context when it
// has none (nested Badge Objects are compacted in the context of their document).
func documentsIn(v any) []any {
	var out []any
	var walk func(v any, top bool)
	walk = func(v any, top bool) {
		switch t := v.(type) {
		case map[string]any:
			if _, has := t["@context"]; has || top {
				out = append(out, t)
			}
			if _, has := t["@context"]; !has {
				withV2 := make(map[string]any, len(t)+1)
				for k, e := range t {
					withV2[k] = e
				}
				withV2["@context"] = V2
				out = append(out, withV2)
			}
			for _, e := range t {
				walk(e, false)
			}
		case []any:
			for _, e := range t {
				walk(e, top)
			}
		}
	}
	walk(v, true)
	return out
}

func jwsPayload(tok string) []byte {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil
	}
	p, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil
	}
	return p
}

// TestCompactFastPathEqualsJSONGold: over every JSON-LD document of the repository's corpora, the
// fast path, wherever it answers, answers exactly what json-gold's expansion and compaction give.
func TestCompactFastPathEqualsJSONGold(t *testing.T) {
	docs := corpusDocuments(t)
	compared, fast, mismatches := 0, 0, 0
	for name, doc := range docs {
		compared++
		took, mismatch := differ(doc)
		if took {
			fast++
		}
		if mismatch != "" {
			mismatches++
			if mismatches <= 20 {
				t.Errorf("%s:\n  %s", name, mismatch)
			}
		}
	}
	t.Logf("compared %d documents: %d took the fast path, %d json-gold alone; %d mismatches", compared, fast, compared-fast, mismatches)
	fmt.Printf("compaction fast path: compared %d documents of the repository's corpora, %d took the fast path, %d mismatches\n", compared, fast, mismatches)
	if compared < 500 {
		t.Errorf("only %d documents found: the corpus walk missed the repository's testdata", compared)
	}
	if fast < compared/10 {
		t.Errorf("only %d of %d documents took the fast path: it no longer serves compact OB v2 documents", fast, compared)
	}
}

// TestCompactFastPathDeclines: documents compaction would change are left to json-gold.
func TestCompactFastPathDeclines(t *testing.T) {
	for _, c := range []string{
		`{"@context":"https://w3id.org/openbadges/v2","type":"Issuer","verify":{"type":"hosted"}}`,          // verify is verification
		`{"@context":"https://w3id.org/openbadges/v2","type":"Issuer","issuedOnn":"2020-01-01"}`,            // not a term: dropped
		`{"@context":"https://w3id.org/openbadges/v2","type":"Issuer","name":null}`,                         // null: dropped
		`{"@context":"https://w3id.org/openbadges/v2","type":"Issuer","url":"http://schema.org/x"}`,         // becomes schema:x
		`{"@context":"https://w3id.org/openbadges/v2","type":"Issuer","url":"relative/path"}`,               // relative IRI
		`{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","badge":{"id":"https://e.org/b"}}`, // a node reference
		`{"@context":"https://w3id.org/openbadges/v2","id":"https://e.org/a"}`,                              // a lone id: dropped
		`{"@context":["https://w3id.org/openbadges/v2"],"type":"Issuer"}`,                                   // not the plain context
		`{"@context":"https://w3id.org/openbadges/v2","type":"Issuer","tags":[["a"]]}`,                      // nested array
		`{"@context":"https://w3id.org/openbadges/v2","type":"Issuer","name":{"@value":"x"}}`,               // a value object
		`{"@context":"https://w3id.org/openbadges/v2","type":"Issuer","https://w3id.org/openbadges#issuer":"https://e.org/i"}`,
		`{"@context":"https://w3id.org/openbadges/v2","type":"Issuer","hashed":1}`,                      // typed literal from a number
		`{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","issuedOn":{"creator":"A:0"}}`, // becomes obi:issueDate
	} {
		doc := decode(t, c)
		if _, ok := compactFast(doc, V2); ok {
			t.Errorf("the fast path answered for %s", c)
		}
		if _, mismatch := differ(doc); mismatch != "" {
			t.Error(mismatch)
		}
	}
}

// TestCompactFastPathAnswers: the shapes of ordinary Badge Objects take the fast path, and agree.
func TestCompactFastPathAnswers(t *testing.T) {
	for _, c := range []string{
		`{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://e.org/a","recipient":{"type":"email","hashed":true,"salt":"s","identity":"sha256$ab"},"badge":"https://e.org/b","issuedOn":"2016-12-31T23:59:59Z","verification":{"type":"hosted"}}`,
		`{"@context":"https://w3id.org/openbadges/v2","type":"BadgeClass","id":"https://e.org/b","name":"n","tags":["a"],"alignment":[{"targetName":"t","targetUrl":"https://e.org/t"}],"extensions:x":"y"}`,
		`{"@context":"https://w3id.org/openbadges/v2","type":["Issuer"],"id":"urn:uuid:1","name":"n","email":"a@e.org","url":"https://e.org"}`,
		`{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","verification":{"type":"HostedBadge"}}`, // written "hosted"
		`{"@context":"https://w3id.org/openbadges/v2","type":["Assertion","obi:Assertion","https://e.org/T"],"name":"x"}`,
	} {
		doc := decode(t, c)
		took, mismatch := differ(doc)
		if !took {
			t.Errorf("the fast path declined %s", c)
		}
		if mismatch != "" {
			t.Error(mismatch)
		}
	}
}

// TestCompactOwnGivesACompactDocumentBack: CompactOwn's no-copy form gives a document already in
// compact form back as it is (the same map), and copies one that compaction changes (an array of one,
// a type written another way); both agree with json-gold (TestCompactFastPathEqualsJSONGold checks
// the two forms against each other over every corpus).
func TestCompactOwnGivesACompactDocumentBack(t *testing.T) {
	for _, c := range []struct {
		doc  string
		kept bool
	}{
		{`{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://e.org/a","recipient":{"type":"email","hashed":true,"salt":"s","identity":"sha256$ab"},"badge":"https://e.org/b","issuedOn":"2016-12-31T23:59:59Z","verification":{"type":"hosted"}}`, true},
		{`{"@context":"https://w3id.org/openbadges/v2","type":"BadgeClass","id":"https://e.org/b","name":"n","tags":["a","b"]}`, true},
		{`{"@context":"https://w3id.org/openbadges/v2","type":"BadgeClass","id":"https://e.org/b","name":"n","tags":["a"]}`, false},
		{`{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://e.org/a","verification":{"type":"HostedBadge"}}`, false},
		{`{"@context":"https://w3id.org/openbadges/v2","type":["Issuer"],"id":"https://e.org/i","name":"n"}`, false},
	} {
		doc := decode(t, c.doc)
		out, _, own, err := New(nil).CompactOwn(context.Background(), doc)
		if err != nil || !own {
			t.Fatalf("CompactOwn of %s: own %v, %v", c.doc, own, err)
		}
		same := reflect.ValueOf(out).UnsafePointer() == reflect.ValueOf(doc).UnsafePointer()
		if same != c.kept {
			t.Errorf("CompactOwn of %s gave the document itself: %v, want %v", c.doc, same, c.kept)
		}
		if _, mismatch := differ(doc); mismatch != "" {
			t.Error(mismatch)
		}
	}
}

// FuzzCompactFastPath: whatever the document, where the fast path answers it answers what
// json-gold does. Seeds: a document of each class from the scenarios (the whole corpus is
// TestCompactFastPathEqualsJSONGold's) and shapes at the edge of what the fast path takes.
func FuzzCompactFastPath(f *testing.F) {
	for _, file := range []string{
		scenarioDir + "/01-hosted-2_0-basic/assertion.json",
		scenarioDir + "/01-hosted-2_0-basic/badgeclass.json",
		scenarioDir + "/01-hosted-2_0-basic/issuer.json",
		scenarioDir + "/11-signed-valid/key1.json",
		scenarioDir + "/11-signed-valid/assertion_payload.json",
	} {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(string(b))
		}
	}
	f.Add(`{"@context":"https://w3id.org/openbadges/v2","type":["Issuer","Issuer"],"name":["a","a"],"tags":[]}`)
	f.Add(`{"@context":"https://w3id.org/openbadges/v2","type":["hosted","HostedBadge","obi:HostedBadge"],"verification":{"type":"SignedBadge","creator":"https://e.org/k"}}`)
	f.Add(`{"@context":"https://w3id.org/openbadges/v2","type":"BadgeClass","alignment":[{"targetUrl":"https://e.org/x"},{"targetUrl":"obi:x"}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		var doc any
		if json.Unmarshal([]byte(s), &doc) != nil {
			return
		}
		if precheck(context.Background(), doc) != nil {
			return
		}
		if _, mismatch := differ(doc); mismatch != "" {
			t.Fatalf("%s\n  %s", s, mismatch)
		}
	})
}

// urlKeptCases are IRIs at the edges of urlKept: on and beside every term's IRI, with and without
// an authority, with a prefix term as their scheme, and the IRIs of the repository's corpora.
func urlKeptCases(t testing.TB) []string {
	fc := fastContextV2()
	if fc == nil {
		t.Fatal("no fast context")
	}
	cases := []string{"https://example.org/a", "http://example.org", "https://w3id.org/openbadges/v2",
		"https://w3id.org/openbadges#", "https://w3id.org/openbadges#Assertion", "https://w3id.org/openbadgesX",
		"http://schema.org/", "http://schema.org/name", "https://schema.org/name", "urn:uuid:1", "mailto:a@e.org",
		"obi:Assertion", "schema:name", "sec:x", "https:/x", "https:", "x://y", "HTTPS://EXAMPLE.ORG/A",
		"https://example.org/a b", "//example.org/a", "https://example.org/#", "https://example.org/?q=1"}
	for _, iri := range fc.termIRIs {
		cases = append(cases, iri, iri+"x", iri+"/x", strings.TrimSuffix(iri, "/"), iri[:len(iri)-1])
	}
	for _, p := range fc.prefixTerms {
		cases = append(cases, p+"x", p+"//x")
	}
	_ = filepath.WalkDir(filepath.Join(repoRoot, "openbadges", "testdata"), func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".json") {
			return nil
		}
		b, _ := os.ReadFile(p)
		for _, m := range strings.Split(string(b), `"`) {
			if strings.Contains(m, "://") && len(m) < 300 {
				cases = append(cases, m)
			}
		}
		return nil
	})
	return cases
}

// TestURLKeptIsJSONGold: where urlKept answers yes, json-gold's expansion and compaction give the
// IRI back (it never answers for json-gold), over IRIs on and beside every term's IRI and those of
// the corpora; and it does answer for the plain URLs of Badge Objects.
func TestURLKeptIsJSONGold(t *testing.T) {
	fc := fastContextV2()
	answered := 0
	for _, s := range urlKeptCases(t) {
		if !isPlainAbsoluteIRI(s) || fc.iris[s] || !fc.urlKept(s) {
			continue
		}
		answered++
		if !fc.iriKeptByJSONGold(s) {
			t.Errorf("urlKept says json-gold keeps %q; json-gold does not", s)
		}
	}
	if answered < 20 || !fc.urlKept("https://example.org/assertions/1.json") {
		t.Errorf("urlKept answered %d IRIs, and not for a plain URL: the test saw too little", answered)
	}
	t.Logf("urlKept answered for %d IRIs, each as json-gold does", answered)
}

func FuzzURLKept(f *testing.F) {
	for _, s := range urlKeptCases(f) {
		f.Add(s)
	}
	fc := fastContextV2()
	f.Fuzz(func(t *testing.T, s string) {
		if isPlainAbsoluteIRI(s) && !fc.iris[s] && fc.urlKept(s) && !fc.iriKeptByJSONGold(s) {
			t.Errorf("urlKept says json-gold keeps %q; json-gold does not", s)
		}
	})
}
