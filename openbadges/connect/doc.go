// Package connect is the Badge Connect API v1.0 (Open Badges 2.1) from the consumer's side: its
// payload types and patched JSON Schemas, checks that name CONNECT requirements, the RFC 8288 Link
// header, and a client that discovers a provider, registers (RFC 7591), has the resource owner
// consent by submitting the provider's own pages, and exchanges codes with PKCE S256.
package connect
