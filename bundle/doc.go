// Package bundle packs a run's report files into one tar.gz with a manifest of digests and a
// DSSE-signed in-toto statement, and reads such a bundle back, with caps, to verify it offline.
package bundle
