// Package host is the reference host (backpack): an in-memory store behind the conformance
// adapter's import and export (api/adapter.yaml). It verifies what it imports with the reference
// displayer's own minimal checks, never with obcert's verification core.
package host
