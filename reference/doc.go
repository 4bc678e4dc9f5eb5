// Package reference serves a small, conformant Open Badges 2.0 candidate on loopback, one part
// per role on one mux over HTTP or over HTTPS from an in-memory CA, and breaks it on request with
// named faults so that the harness can prove it fails what it must. The Badge Connect provider
// (reference/connect) is the one part with a listener of its own: Badge Connect is TLS only, so it
// is served over HTTPS from a CA of its own (Server.ConnectCAPEM) even when the rest is plain HTTP.
package reference
