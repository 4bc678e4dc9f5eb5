// Package connect is the Badge Connect role (Open Badges 2.1, Badge Connect API v1.0): the
// provider specs, where obcert is the consumer of a candidate's API, and the consumer specs,
// where a candidate consumer connects to obcert's own provider.
package connect
