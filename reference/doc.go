// Package reference serves a small, conformant Open Badges 2.0 candidate on loopback, one part
// per role on one mux over HTTP or over HTTPS from an in-memory CA, and breaks it on request with
// named faults so that the harness can prove it fails what it must.
package reference
