package jsonld

import (
	"embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/obcert/obcert/openbadges/internal/obcontext"
)

// V2 is the Open Badges 2.0 JSON-LD context URL.
const V2 = "https://w3id.org/openbadges/v2"

// V1 is the Open Badges 1.1 JSON-LD context URL.
const V1 = "https://w3id.org/openbadges/v1"

//go:embed contexts/*.json contexts/extensions contexts/validator-core
var contextFS embed.FS

// obV2File names the OB v2 context, which is not in contextFS: openbadges/internal/obcontext
// embeds it once for this package and openbadges.
const obV2File = "ob-v2-context.json"

// readFile returns the bytes of one embedded file: the OB v2 context or a file in contextFS.
func readFile(name string) ([]byte, error) {
	if name == obV2File {
		return obcontext.V2(), nil
	}
	return contextFS.ReadFile(name)
}

// obContexts are the core Open Badges contexts: loading them is never reported as loading an
// extension context.
var obContexts = map[string]string{
	V2:                              obV2File,
	"http://w3id.org/openbadges/v2": obV2File,
	"https://openbadgespec.org/v2/context.json": obV2File,
	V1:                              "contexts/ob-v1-context.json",
	"http://w3id.org/openbadges/v1": "contexts/ob-v1-context.json",
	"https://openbadgespec.org/v1/context.json": "contexts/ob-v1-context.json",
	"https://w3id.org/openbadges/legacy-v1":     "contexts/ob-legacy-v1-context.json",
	"http://w3id.org/openbadges/legacy-v1":      "contexts/ob-legacy-v1-context.json",
}

// specExtensions are the OB 2.0 extensions published under
// https://w3id.org/openbadges/extensions/<name>/ and https://openbadgespec.org/extensions/<name>/.
var specExtensions = []string{
	"accessibilityExtension", "applyLinkExtension", "assessmentExtension", "endorsement",
	"exampleExtension", "extraDescription", "geoCoordinatesExtension",
	"issuerAccreditationExtension", "licenseExtension", "originalCreatorExtension",
}

// validatorCoreMocks are the extension mocks of the reference validator. Their schemas answer the
// schema URLs their contexts name; their contexts answer the http:// w3id.org context URLs.
var validatorCoreMocks = []string{"exampleExtension", "applyLinkExtension", "geoCoordinatesExtension"}

// linkedSchemas are the schema URLs the extension contexts name in obi:validationSchema that lie
// outside the two publication hosts.
var linkedSchemas = map[string]string{
	"http://purl.imsglobal.org/spec/ob-assessment/v1p0/schema/": "assessmentExtension",
	"http://purl.imsglobal.org/spec/ob-exdesc/v1p0/schema/":     "extraDescription",
	"http://purl.imsglobal.org/spec/ob-accred/v1p0/schema/":     "issuerAccreditationExtension",
}

// embeddedFiles maps every URL the package answers offline to its file (see readFile).
var embeddedFiles = buildEmbeddedFiles()

func buildEmbeddedFiles() map[string]string {
	m := make(map[string]string, 64)
	for u, f := range obContexts {
		m[u] = f
	}
	for _, n := range specExtensions {
		dir := "contexts/extensions/" + n + "/"
		for _, base := range []string{
			"https://w3id.org/openbadges/extensions/" + n + "/",
			"https://openbadgespec.org/extensions/" + n + "/",
		} {
			m[base+"context.json"] = dir + "context.json"
			m[base+"schema.json"] = dir + "schema.json"
		}
	}
	for u, n := range linkedSchemas {
		m[u] = "contexts/extensions/" + n + "/schema.json"
	}
	for _, n := range validatorCoreMocks {
		m["http://w3id.org/openbadges/extensions/"+n+"/context.json"] = "contexts/validator-core/" + n + ".context.json"
		m["https://w3id.org/openbadges/extensions/"+n+"/schema.json"] = "contexts/validator-core/" + n + ".schema.json"
	}
	return m
}

// Embedded returns the bytes of an embedded context or schema by its URL.
func Embedded(url string) ([]byte, bool) {
	f, ok := embeddedFiles[url]
	if !ok {
		return nil, false
	}
	b, err := readFile(f)
	return b, err == nil
}

// parsedFiles holds each embedded file decoded once; documents handed to json-gold are copies.
var parsedFiles sync.Map // file name -> parsedFile

type parsedFile struct {
	once sync.Once
	doc  any
	err  error
}

// embeddedDocument returns a fresh copy of the decoded embedded document at url.
func embeddedDocument(url string) (any, bool, error) {
	f, ok := embeddedFiles[url]
	if !ok {
		return nil, false, nil
	}
	v, _ := parsedFiles.LoadOrStore(f, &parsedFile{})
	p := v.(*parsedFile)
	p.once.Do(func() {
		b, err := readFile(f)
		if err == nil {
			err = json.Unmarshal(b, &p.doc)
		}
		if err != nil {
			p.err = fmt.Errorf("embedded document %s: %w", f, err)
		}
	})
	return CloneJSON(p.doc), true, p.err
}

// isOBContext reports whether url names a core Open Badges context.
func isOBContext(url string) bool {
	_, ok := obContexts[url]
	return ok
}

// CloneJSON deep-copies a decoded JSON value (maps, slices and scalars as encoding/json makes
// them), so that nothing downstream can alter a shared one.
func CloneJSON(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = CloneJSON(e)
		}
		return m
	case []any:
		l := make([]any, len(t))
		for i, e := range t {
			l[i] = CloneJSON(e)
		}
		return l
	}
	return v
}
