// Package httpx is the one hardened HTTP client of obcert: timeouts, body and redirect caps,
// http/https only, an optional private-address guard, every exchange recorded as HAR 1.2 with
// secrets redacted, and an offline transport that answers from a map file.
package httpx
