// Package memca is a certificate authority that lives in memory for one run: it issues TLS leaf
// certificates for loopback servers and hands clients its root as PEM or as a pool.
package memca
