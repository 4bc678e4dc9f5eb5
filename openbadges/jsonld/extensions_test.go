package jsonld

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

const (
	exampleContext   = "https://w3id.org/openbadges/extensions/exampleExtension/context.json"
	geoContext       = "https://w3id.org/openbadges/extensions/geoCoordinatesExtension/context.json"
	applyLinkContext = "http://w3id.org/openbadges/extensions/applyLinkExtension/context.json"
	unknownContext   = "http://example.org/unknownExtensionContext"
	unknownSchema    = "http://example.org/unkownSchema"
)

// validate compacts doc into V2 and validates its extensions, as the verification core does.
func validate(t *testing.T, p *Processor, doc string) []obcert.Finding {
	t.Helper()
	compacted, loaded, err := p.Compact(context.Background(), decode(t, doc), V2)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := compacted["id"].(string)
	return p.ValidateExtensions(context.Background(), id, compacted, loaded)
}

// exampleAssertion is the reference validator's ExtensionNodeValidationTests node.
func exampleAssertion(property string) string {
	return `{"@context":["https://w3id.org/openbadges/v2","` + exampleContext + `"],
		"id":"http://example.org/assertion","type":"Assertion",
		"extensions:exampleExtension":{"type":["Extension","extensions:ExampleExtension"],"exampleProperty":` + property + `},
		"evidence":{"narrative":"Rocked the free world"}}`
}

// geoAssertion is the reference validator's ComplexExtensionNodeValdiationTests node.
func geoAssertion(geo string) string {
	return `{"@context":"https://w3id.org/openbadges/v2","id":"http://example.com/1","type":"Assertion",
		"schema:location":{"@context":"` + geoContext + `","type":["Extension","extensions:GeoCoordinates"],
		"description":"That place in the woods where we built the fort","schema:geo":` + geo + `}}`
}

// unknownAssertion is the reference validator's DynamicExtensionValidationTests node.
func unknownAssertion(property string) string {
	return `{"@context":"https://w3id.org/openbadges/v2","id":"http://example.org/assertion",
		"extensions:exampleExtension":{"@context":"` + unknownContext + `",
		"type":["Extension","extensions:UnknownExtension"],"unknownProperty":` + property + `},
		"evidence":"http://example.org/evidence"}`
}

// unknownExtensionLoader serves the reference validator's dynamic-extension mock.
func unknownExtensionLoader(t *testing.T, calls *int) RemoteLoader {
	read := func(name string) string {
		b, err := os.ReadFile(extensionDir + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	return servedBy(map[string]string{
		unknownContext: read("test-unknownExtension.context.json"),
		unknownSchema:  read("test-unknownExtension.schema.json"),
	}, calls)
}

// assertFails checks that findings are exactly one extension finding whose message contains want.
func assertFails(t *testing.T, findings []obcert.Finding, node, want string) {
	t.Helper()
	if len(findings) != 1 {
		t.Fatalf("got %d findings %v, want 1", len(findings), findings)
	}
	f := findings[0]
	if f.Check != "VALIDATE_EXTENSION_NODE" || f.Severity != obcert.Error || f.Node != node ||
		len(f.Requirements) != 1 || f.Requirements[0] != "OBJ-37" || !strings.Contains(f.Message, want) {
		t.Errorf("got %+v, want an OBJ-37 error on %s containing %q", f, node, want)
	}
	if _, ok := obcert.LookupRequirement(f.Requirements[0]); !ok {
		t.Errorf("requirement %s is not in the catalogue", f.Requirements[0])
	}
}

func TestExampleExtension(t *testing.T) {
	p := New(nil)
	if f := validate(t, p, exampleAssertion(`"I'm a property, short and sweet"`)); len(f) != 0 {
		t.Errorf("a valid Example extension gave %v", f)
	}
	assertFails(t, validate(t, p, exampleAssertion(`1337`)), "http://example.org/assertion",
		"Extension extensions:ExampleExtension did not validate on node http://example.org/assertion, extensions:exampleExtension: exampleProperty: Invalid type")
}

func TestGeoCoordinatesExtension(t *testing.T) {
	p := New(nil)
	if f := validate(t, p, geoAssertion(`{"schema:latitude":44.5809,"schema:longitude":-123.301815}`)); len(f) != 0 {
		t.Errorf("a valid GeoCoordinates extension gave %v", f)
	}
	assertFails(t, validate(t, p, geoAssertion(`{"schema:longitude":-123.301815}`)), "http://example.com/1",
		"Extension extensions:GeoCoordinates did not validate on node http://example.com/1, schema:location: geo: latitude is required")
}

func TestTwoExtensionTypesInOneNode(t *testing.T) {
	doc := func(url string) string {
		return `{"@context":["https://w3id.org/openbadges/v2","` + exampleContext + `","` + applyLinkContext + `"],
		"id":"http://example.org/assertion","type":"Assertion",
		"extensions:exampleExtension":{"type":["Extension","extensions:ExampleExtension","extensions:ApplyLink"],
		"exampleProperty":"text"` + url + `}}`
	}
	p := New(nil)
	if f := validate(t, p, doc(`,"url":"http://example.org/apply"`)); len(f) != 0 {
		t.Errorf("a node valid for both extensions gave %v", f)
	}
	assertFails(t, validate(t, p, doc(``)), "http://example.org/assertion",
		"Extension extensions:ApplyLink did not validate")
}

func TestUnknownExtensionThroughTheRemoteLoader(t *testing.T) {
	calls := 0
	p := New(unknownExtensionLoader(t, &calls))
	if f := validate(t, p, unknownAssertion(`"I'm a property, short and sweet"`)); len(f) != 0 {
		t.Errorf("a valid unknown extension gave %v", f)
	}
	assertFails(t, validate(t, p, unknownAssertion(`5`)), "http://example.org/assertion",
		"Extension extensions:UnknownExtension did not validate")
	if calls == 0 {
		t.Error("the RemoteLoader was never asked")
	}
}

func TestUnreachableExtensionContext(t *testing.T) {
	calls := 0
	for _, p := range []*Processor{New(nil), New(servedBy(nil, &calls))} {
		_, _, err := p.Compact(context.Background(), decode(t, unknownAssertion(`"x"`)), V2)
		if err == nil || !strings.Contains(err.Error(), unknownContext) {
			t.Errorf("got %v, want an error naming %s", err, unknownContext)
		}
	}
}

func TestExtensionContextGoneAtValidation(t *testing.T) {
	calls := 0
	compacted, loaded, err := New(unknownExtensionLoader(t, &calls)).Compact(context.Background(), decode(t, unknownAssertion(`"x"`)), V2)
	if err != nil {
		t.Fatal(err)
	}
	findings := New(nil).ValidateExtensions(context.Background(), "http://example.org/assertion", compacted, loaded)
	assertFails(t, findings, "http://example.org/assertion", "Could not load extension context "+unknownContext)
}

func TestExtensionTypeWithoutExtensionContext(t *testing.T) {
	p := New(nil)
	badge := `{"@context":"https://w3id.org/openbadges/v2","id":"http://example.org/badge","type":["BadgeClass","Extension"],"name":"x"}`
	assertFails(t, validate(t, p, badge), "http://example.org/badge", "Could not determine extension type to test: no contexts defined")

	other := `{"@context":["https://w3id.org/openbadges/v2","` + exampleContext + `"],"id":"http://example.org/badge",
		"type":"BadgeClass","extensions:other":{"type":["Extension","extensions:Other"],"exampleProperty":"x"}}`
	findings := validate(t, p, other)
	assertFails(t, findings, "http://example.org/badge", "Could not determine extension type to test")
	if findings[0].Property != "extensions:other" {
		t.Errorf("finding names property %q, want extensions:other", findings[0].Property)
	}
}

func TestExtensionNodesAreFoundAtAnyDepth(t *testing.T) {
	doc := decode(t, `{"a":[{"b":{"type":"Extension"}},"x",{"type":["Extension","T"]}],"id":{"type":"Extension"}}`)
	found := findExtensionNodes(doc, nil, maxDepth)
	var paths []string
	for _, f := range found {
		paths = append(paths, strings.Join(f.path, "."))
	}
	if strings.Join(paths, " ") != "a.0.b a.2" || len(found[1].types) != 1 || found[1].types[0] != "T" {
		t.Errorf("found %v", paths)
	}
}

// Every embedded schema compiles but the accessibility extension's, which is not a valid JSON
// Schema as published ("required" sits inside "properties"); the reference validator's jsonschema
// rejects it too.
func TestEmbeddedSchemasCompile(t *testing.T) {
	const broken = "contexts/extensions/accessibilityExtension/schema.json"
	p := New(nil)
	for url, file := range embeddedFiles {
		if !strings.HasSuffix(file, "schema.json") {
			continue
		}
		doc, _, err := embeddedDocument(url)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.compiledSchema(url, doc); (err != nil) != (file == broken) {
			t.Errorf("%s (%s): %v", url, file, err)
		}
	}
}

// The issuer accreditation schema's backreference pattern is rewritten for RE2 with its meaning.
func TestAccreditationDatePattern(t *testing.T) {
	const url = "https://openbadgespec.org/extensions/issuerAccreditationExtension/schema.json"
	schema, _, err := embeddedDocument(url)
	if err != nil {
		t.Fatal(err)
	}
	p := New(nil)
	for date, ok := range map[string]bool{"2020-01-31": true, "20200131": true, "2020-0131": false, "202001-31": false, "2020-13-01": false} {
		node := map[string]any{"name": "Accreditor", "contactInstructions": "write", "url": "https://example.org",
			"address": map[string]any{}, "accreditationDate": date}
		msg := p.checkSchema(url, schema, node)
		if (msg == "") != ok {
			t.Errorf("accreditationDate %s: %q", date, msg)
		}
	}
}

func TestExternalSchemaReferenceIsRefused(t *testing.T) {
	schema := decode(t, `{"type":"object","properties":{"a":{"$ref":"http://example.org/other.json"}}}`)
	msg := New(nil).checkSchema("http://example.org/s", schema, map[string]any{"a": 1})
	if !strings.Contains(msg, "points outside the schema") {
		t.Errorf("got %q", msg)
	}
}
