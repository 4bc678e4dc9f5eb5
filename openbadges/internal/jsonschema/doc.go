// Package jsonschema is the one seam to the JSON Schema library: it compiles a schema from bytes
// with the formats passed for it, refuses external references, and returns sorted errors.
package jsonschema
