// Package api holds the OpenAPI documents of obcert's conformance adapters and reads from them
// the shape an answer must have.
package api
