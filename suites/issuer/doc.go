// Package issuer is the Issuer conformance suite: it verifies the badges a candidate issued to the
// conformance recipient, hosted, signed and baked, and the revocations it declared.
package issuer
