// Package connect is the reference host's Badge Connect provider (Open Badges 2.1): the
// manifest, RFC 7591 dynamic client registration, the OAuth 2.0 authorization code grant with
// PKCE S256 behind a login page and a consent page for one test account, the token, refresh and
// RFC 7009 revocation endpoints, and the Badge Connect REST API (GET and POST /assertions, GET
// and POST /profile) with its status envelope, scopes and pagination.
//
// It is independent code: it shares nothing with obcert's own Badge Connect client or fixtures,
// so that a bug in one does not hide the same bug in the other. It verifies the badges posted
// to it with the reference displayer's checks, as the reference host does.
package connect
