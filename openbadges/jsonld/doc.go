// Package jsonld compacts, expands and normalizes Open Badges JSON-LD offline, against embedded
// contexts, and validates Extension nodes against the JSON Schemas their contexts link.
package jsonld
