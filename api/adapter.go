package api

import (
	_ "embed"
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"
)

// AdapterYAML is api/adapter.yaml, the displayer conformance adapter's OpenAPI 3 document.
//
//go:embed adapter.yaml
var AdapterYAML []byte

// Document is the part of an OpenAPI 3 document obcert reads.
type Document struct {
	OpenAPI    string                              `yaml:"openapi"`
	Paths      map[string]map[string]any           `yaml:"paths"`
	Components struct{ Schemas map[string]Schema } `yaml:"components"`
}

// Schema is the part of a schema object obcert reads.
type Schema struct {
	Type       string            `yaml:"type"`
	Required   []string          `yaml:"required"`
	Properties map[string]Schema `yaml:"properties"`
	Enum       []string          `yaml:"enum"`
	Format     string            `yaml:"format"`
	Items      *Schema           `yaml:"items"`
}

// Parse reads an OpenAPI document.
func Parse(b []byte) (Document, error) {
	var d Document
	if err := yaml.Unmarshal(b, &d); err != nil {
		return d, fmt.Errorf("the OpenAPI document does not parse as YAML: %w", err)
	}
	return d, nil
}

// DisplayShape is the Display schema of the adapter: the fields an answer must carry.
func DisplayShape() (Schema, error) {
	d, err := Parse(AdapterYAML)
	if err != nil {
		return Schema{}, err
	}
	s, ok := d.Components.Schemas["Display"]
	if !ok || len(s.Required) == 0 {
		return Schema{}, fmt.Errorf("api/adapter.yaml has no Display schema with required fields")
	}
	return s, nil
}

// ConnectAnswerShape is the ConnectAnswer schema of the adapter: what a Badge Connect consumer
// reports after connecting.
func ConnectAnswerShape() (Schema, error) {
	d, err := Parse(AdapterYAML)
	if err != nil {
		return Schema{}, err
	}
	s, ok := d.Components.Schemas["ConnectAnswer"]
	if !ok || len(s.Required) == 0 {
		return Schema{}, fmt.Errorf("api/adapter.yaml has no ConnectAnswer schema with required fields")
	}
	return s, nil
}

// Allows reports whether value is allowed for property prop (its enum, when it has one).
func (s Schema) Allows(prop, value string) bool {
	p := s.Properties[prop]
	return len(p.Enum) == 0 || slices.Contains(p.Enum, value)
}
