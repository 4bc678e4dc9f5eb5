// Package host is the Host (backpack) role's suite: it imports the fixtures issuer's badges into
// the product through the conformance adapter, checks what the product refuses, and compares each
// export with the original badge as RDF datasets.
package host
