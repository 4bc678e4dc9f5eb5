// Package connectconsumer is the reference candidate's small Badge Connect consumer: behind a
// conformance adapter (POST /connect) it connects to the provider it is named, as an issuer or
// displayer would: manifest, registration, authorization with PKCE (submitting the consent page
// as a script), token, the reads and a write. It shares no code with obcert's own client.
package connectconsumer
