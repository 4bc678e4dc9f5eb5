// Package reference serves a small, conformant Open Badges 2.0 Issuer on loopback, and breaks it on
// request with named faults so that the harness can prove it fails what it must.
package reference
