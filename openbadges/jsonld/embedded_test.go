package jsonld

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestEmbeddedAnswersThePublishedURLs(t *testing.T) {
	urls := []string{V2, "http://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json", V1,
		"https://w3id.org/openbadges/legacy-v1"}
	for _, n := range specExtensions {
		urls = append(urls,
			"https://w3id.org/openbadges/extensions/"+n+"/context.json",
			"https://openbadgespec.org/extensions/"+n+"/context.json",
			"https://openbadgespec.org/extensions/"+n+"/schema.json")
	}
	for _, u := range urls {
		if b, ok := Embedded(u); !ok || !json.Valid(b) {
			t.Errorf("Embedded(%s): %v", u, ok)
		}
	}
	if len(specExtensions) != 10 {
		t.Errorf("%d spec extensions, want 10", len(specExtensions))
	}
	if _, ok := Embedded("http://example.org/unknownExtensionContext"); ok {
		t.Error("the test-only unknown extension is embedded")
	}
}

// Every schema an embedded extension context links is embedded too.
func TestEmbeddedContextsLinkEmbeddedSchemas(t *testing.T) {
	for u, f := range embeddedFiles {
		if !strings.HasSuffix(f, "context.json") || isOBContext(u) {
			continue
		}
		doc, _, err := embeddedDocument(u)
		if err != nil {
			t.Fatal(err)
		}
		for _, entry := range objectList(doc.(map[string]any)["obi:validation"]) {
			s, _ := entry["obi:validationSchema"].(string)
			if _, ok := Embedded(s); !ok {
				t.Errorf("%s links schema %q, which is not embedded", u, s)
			}
		}
	}
}

func TestEmbeddedV2IsThePublishedContext(t *testing.T) {
	want, err := os.ReadFile(specDir + "/v2/context.json")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := Embedded(V2); !bytes.Equal(got, want) {
		t.Error("the embedded V2 context differs from the published one")
	}
}

// The reference validator's mocks say the same as the published extensions, bar the host of the
// schema URL.
func TestValidatorCoreMocksMatchPublishedExtensions(t *testing.T) {
	for _, n := range validatorCoreMocks {
		mock := readEmbedded(t, "http://w3id.org/openbadges/extensions/"+n+"/context.json")
		spec := readEmbedded(t, "https://w3id.org/openbadges/extensions/"+n+"/context.json")
		for _, d := range []any{mock, spec} {
			for _, e := range objectList(d.(map[string]any)["obi:validation"]) {
				e["obi:validationSchema"] = strings.Replace(e["obi:validationSchema"].(string),
					"https://openbadgespec.org/extensions/", "https://w3id.org/openbadges/extensions/", 1)
			}
		}
		if !reflect.DeepEqual(mock, spec) {
			t.Errorf("%s: mock context %v, published %v", n, mock, spec)
		}
		if a, b := readEmbedded(t, "https://w3id.org/openbadges/extensions/"+n+"/schema.json"),
			readEmbedded(t, "https://openbadgespec.org/extensions/"+n+"/schema.json"); !reflect.DeepEqual(a, b) {
			t.Errorf("%s: mock schema differs from the published one", n)
		}
	}
}

// Every embedded file is listed in the README that says where it came from.
func TestReadmeListsEveryEmbeddedFile(t *testing.T) {
	readme, err := os.ReadFile("contexts/README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range embeddedFiles {
		if !strings.Contains(string(readme), strings.TrimPrefix(f, "contexts/")) {
			t.Errorf("contexts/README.md does not mention %s", f)
		}
	}
}

func readEmbedded(t *testing.T, url string) any {
	t.Helper()
	doc, ok, err := embeddedDocument(url)
	if !ok || err != nil {
		t.Fatalf("%s: %v %v", url, ok, err)
	}
	return doc
}
