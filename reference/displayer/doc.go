// Package displayer is the reference Displayer: a conformance adapter (api/adapter.yaml) that
// verifies each badge itself, without obcert's verification core, and can be broken by named faults.
package displayer
