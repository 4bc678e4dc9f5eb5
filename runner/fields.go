package runner

import (
	"fmt"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/obcert/obcert"
)

var typeOfCandidateFile = reflect.TypeFor[obcert.CandidateFile]()

// unknownFields walks a decoded YAML node against the Go type it must fill and reports the
// first key that type does not have, with its field path and line.
func unknownFields(n *yaml.Node, path string, t reflect.Type) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case n.Kind == yaml.DocumentNode && len(n.Content) == 1:
		return unknownFields(n.Content[0], path, t)
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Struct:
		return unknownStructFields(n, path, t)
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Map:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if err := unknownFields(n.Content[i+1], joinPath(path, n.Content[i].Value), t.Elem()); err != nil {
				return err
			}
		}
	case n.Kind == yaml.SequenceNode && t.Kind() == reflect.Slice:
		for i, item := range n.Content {
			if err := unknownFields(item, fmt.Sprintf("%s[%d]", path, i), t.Elem()); err != nil {
				return err
			}
		}
	}
	return nil
}

func unknownStructFields(n *yaml.Node, path string, t reflect.Type) error {
	fields := yamlFields(t)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i]
		sub := joinPath(path, key.Value)
		ft, ok := fields[key.Value]
		if !ok {
			return fmt.Errorf("%s: unknown field (line %d, column %d); known fields: %s", sub, key.Line, key.Column, knownNames(t))
		}
		if err := unknownFields(n.Content[i+1], sub, ft); err != nil {
			return err
		}
	}
	return nil
}

// yamlFields maps each YAML key of struct type t to its field's type, with the keys of an
// embedded struct tagged ",inline" as its own.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for _, f := range yamlKeys(t) {
		out[yamlName(f)] = f.Type
	}
	return out
}

// yamlKeys are the fields of t that YAML keys name, in declaration order, inline ones expanded.
func yamlKeys(t reflect.Type) []reflect.StructField {
	var out []reflect.StructField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if _, opts, _ := strings.Cut(f.Tag.Get("yaml"), ","); f.Anonymous && opts == "inline" {
			out = append(out, yamlKeys(f.Type)...)
		} else if yamlName(f) != "" {
			out = append(out, f)
		}
	}
	return out
}

func yamlName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	switch name {
	case "-":
		return ""
	case "":
		return strings.ToLower(f.Name)
	}
	return name
}

func knownNames(t reflect.Type) string {
	var names []string
	for _, f := range yamlKeys(t) {
		names = append(names, yamlName(f))
	}
	return strings.Join(names, ", ")
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
