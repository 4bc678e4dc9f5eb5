package connect

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/obcert/obcert/openbadges/internal/jsonschema"
)

//go:embed schemas/*.json
var schemaFiles embed.FS

// Body names a payload of the API that has a JSON Schema.
type Body string

// The payloads with a schema, named after the schema files.
const (
	ManifestBody           Body = "getmanifest-200-responsepayload"
	GetAssertionsBody      Body = "getassertions-200-responsepayload"
	GetAssertionsErrorBody Body = "getassertions-400-401-404-405-500-responsepayload"
	GetProfileBody         Body = "getprofile-200-responsepayload"
	GetProfileErrorBody    Body = "getprofile-400-401-404-405-500-responsepayload"
	PostAssertionBody      Body = "postassertion-200-400-401-404-405-500-responsepayload"
	PostAssertionRequest   Body = "postassertion-requestpayload"
	PostProfileBody        Body = "postprofile-200-responsepayload"
	PostProfileErrorBody   Body = "postprofile-400-401-404-405-responsepayload"
	PostProfileRequest     Body = "postprofile-requestpayload"
)

var schemas struct {
	once sync.Once
	byID map[Body]*jsonschema.Schema
	err  error
}

// Schema returns the compiled, patched schema of b.
func Schema(b Body) (*jsonschema.Schema, error) {
	schemas.once.Do(loadSchemas)
	if schemas.err != nil {
		return nil, schemas.err
	}
	s, ok := schemas.byID[b]
	if !ok {
		return nil, fmt.Errorf("no Badge Connect schema for %s", b)
	}
	return s, nil
}

func loadSchemas() {
	schemas.byID = map[Body]*jsonschema.Schema{}
	entries, err := schemaFiles.ReadDir("schemas")
	if err != nil {
		schemas.err = err
		return
	}
	for _, e := range entries {
		name := strings.TrimSuffix(strings.TrimPrefix(e.Name(), "imsob_v2p1v2p1-"), "-schemav1p0.json")
		raw, err := schemaFiles.ReadFile("schemas/" + e.Name())
		if err == nil {
			raw, err = patch(Body(name), raw)
		}
		var s *jsonschema.Schema
		if err == nil {
			s, err = jsonschema.Compile(raw, jsonschema.WithDraft(jsonschema.Draft7))
		}
		if err != nil {
			schemas.err = fmt.Errorf("Badge Connect schema %s: %w", e.Name(), err)
			return
		}
		schemas.byID[Body(name)] = s
	}
}

// patch applies the documented patches: @context in the manifest (CONNECT-19), a nullable
// status.error (CONNECT-51).
func patch(b Body, raw []byte) ([]byte, error) {
	var tree map[string]any
	if err := json.Unmarshal(raw, &tree); err != nil {
		return nil, err
	}
	if b == ManifestBody {
		if props, ok := tree["properties"].(map[string]any); ok {
			props["@context"] = map[string]any{"type": []any{"string", "array", "object"}}
		}
	}
	if defs, ok := tree["definitions"].(map[string]any); ok {
		if st, ok := defs["StatusDType"].(map[string]any); ok {
			if props, ok := st["properties"].(map[string]any); ok {
				if e, ok := props["error"].(map[string]any); ok {
					e["type"] = []any{"string", "null"}
				}
			}
		}
	}
	return json.Marshal(tree)
}
