package connect

import (
	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reference/internal/partfault"
)

// Fault is one named way to break the reference provider, and exactly the connect specs it
// makes fail (or warn, for a SHOULD). Each comment says which observable behaviour changes.
type Fault = partfault.Fault[Option]

func fault(name, desc string, level obcert.Level, req string, specs []string, apply func(*switches)) Fault {
	return partfault.New(name, desc, level, req, specs, Option(func(c *config) { apply(&c.f) }))
}

// Faults returns every fault of the reference provider.
func Faults() []Fault {
	must, should := obcert.MUST, obcert.SHOULD
	return []Fault{
		// The manifest is at /badgeconnect.json (the candidate file names it there); the well-known path answers 404.
		fault("connect-manifest-wrong-path", "serves its manifest at /badgeconnect.json, not at /.well-known/badgeconnect.json", must,
			"CONNECT-11", []string{"connect/manifest"}, func(s *switches) { s.manifestPath = "/badgeconnect.json" }),
		// The manifest's badgeConnectAPI entry has no privacyPolicyUrl (a required field).
		fault("connect-manifest-no-privacy-policy", "leaves the required privacyPolicyUrl out of its manifest", must,
			"CONNECT-13", []string{"connect/manifest-shape"}, func(s *switches) { s.manifestNoPrivacy = true }),
		// apiBase is <origin>/api/v2p1, and the API is served there.
		fault("connect-api-base-wrong", "serves its API under /api/v2p1 and names that apiBase, which does not end with /ims/ob/v2p1", must,
			"CONNECT-14", []string{"connect/manifest-api-base"}, func(s *switches) { s.apiPath = "/api/v2p1" }),
		// The manifest's version is "2.1", not v2p1.
		fault("connect-version-wrong", "names its version 2.1 instead of v2p1", must,
			"CONNECT-15", []string{"connect/manifest-api-base"}, func(s *switches) { s.wrongVersion = true }),
		// termsOfServiceUrl and privacyPolicyUrl are on localhost while the manifest is on 127.0.0.1.
		fault("connect-manifest-other-host", "puts its terms of service and privacy policy on another host name (localhost) than its manifest's", should,
			"CONNECT-16", []string{"connect/manifest-same-domain"}, func(s *switches) { s.otherHost = true }),
		// The 201 answer leaves out logo_uri, tos_uri, policy_uri and software_version.
		fault("connect-registration-no-echo", "answers a registration without echoing the logo_uri, tos_uri, policy_uri and software_version it was sent", must,
			"CONNECT-26", []string{"connect/registration"}, func(s *switches) { s.regNoEcho = true }),
		// The 201 answer has neither Cache-Control: no-store nor Pragma: no-cache. CONNECT-26 is a MUST in the
		// catalogue but connect/registration-no-store is a SHOULD spec: the run only warns, so the fault's level
		// is the spec's (the fault table wants a SHOULD fault CONFORMANT with a warning).
		fault("connect-registration-cacheable", "answers a registration (with its client_secret) without Cache-Control: no-store", should,
			"CONNECT-26", []string{"connect/registration-no-store"}, func(s *switches) { s.regCacheable = true }),
		// A registration without software_id or redirect_uris gets 201.
		fault("connect-registration-accepts-missing", "registers a client whose request lacks a required field (software_id, redirect_uris)", must,
			"CONNECT-22", []string{"connect/registration-required-fields"}, func(s *switches) { s.regAcceptsMissing = true }),
		// A registration with an http:// redirect URI, or URLs on two hosts, gets 201.
		fault("connect-registration-accepts-http", "registers a client with an http:// redirect URI, or with URLs on several hosts", must,
			"CONNECT-23", []string{"connect/registration-https-one-host"}, func(s *switches) { s.regAcceptsHTTP = true }),
		// A second registration with the same software_id gets the first one's client_id (and secret).
		fault("connect-same-client-id", "hands a second registration of the same software the first one's client_id", should,
			"CONNECT-27", []string{"connect/registration-client-id-unique"}, func(s *switches) { s.regSameClientID = true }),
		// The redirect after consent carries the code but no state.
		fault("connect-state-not-echoed", "redirects back after consent without the state the client sent", must,
			"CONNECT-33", []string{"connect/authorize"}, func(s *switches) { s.stateNotEchoed = true }),
		// An authorize request with an unregistered redirect_uri is redirected there (with error=invalid_request).
		fault("connect-redirects-unknown-uri", "redirects an authorization request to a redirect_uri the client never registered", should,
			"CONNECT-32", []string{"connect/authorize-unknown-redirect"}, func(s *switches) { s.redirectUnknown = true }),
		// The token answer has no token_type (the client library still defaults to Bearer).
		fault("connect-token-no-type", "answers a token without token_type", must,
			"CONNECT-36", []string{"connect/token"}, func(s *switches) { s.tokenNoType = true }),
		// A code is exchanged with any code_verifier, or none.
		fault("connect-no-pkce-check", "never checks the PKCE code_verifier: a wrong one, or none, gets a token", must,
			"CONNECT-31", []string{"connect/token-no-verifier", "connect/token-wrong-verifier"}, func(s *switches) { s.noPKCE = true }),
		// A code is exchanged with any code_verifier, but a missing one is still refused.
		fault("connect-wrong-verifier-accepted", "wants a code_verifier but never compares it with the code_challenge", must,
			"CONNECT-31", []string{"connect/token-wrong-verifier"}, func(s *switches) { s.wrongVerifierAccepted = true }),
		// A redeemed code gets a token again.
		fault("connect-code-reusable", "exchanges an authorization code as many times as it is sent", must,
			"CONNECT-36", []string{"connect/token-code-reuse"}, func(s *switches) { s.codeReusable = true }),
		// A code is exchanged with a redirect_uri other than the authorization request's.
		fault("connect-redirect-mismatch-accepted", "exchanges a code whatever redirect_uri the token request names", must,
			"CONNECT-35", []string{"connect/token-redirect-mismatch"}, func(s *switches) { s.redirectMismatchAccepted = true }),
		// Refused token requests answer the right HTTP status with a text/plain sentence, not RFC 6749 JSON.
		// (The negative token specs may also fail if they look for error=invalid_grant.) CONNECT-36 is a MUST in
		// the catalogue but connect/token-error-shape is a SHOULD spec: the run only warns (the fault's level is
		// the spec's).
		fault("connect-token-error-shape", "refuses token requests with a text/plain sentence instead of an RFC 6749 error JSON", should,
			"CONNECT-36", []string{"connect/token-error-shape"}, func(s *switches) { s.tokenErrorShape = true }),
		// A refresh token is issued, but grant_type=refresh_token answers invalid_grant.
		fault("connect-refresh-broken", "issues refresh tokens that never renew an access token", must,
			"CONNECT-37", []string{"connect/refresh"}, func(s *switches) { s.noRefresh = true }),
		// No token (or a garbage one) gets 403 instead of 401 (statusText still UNAUTHENTICATED); a revoked one still 401.
		fault("connect-403-no-token", "answers 403 where a request without a live token must get 401", must,
			"CONNECT-46", []string{"connect/bearer-required"}, func(s *switches) { s.forbiddenNoToken = true }),
		// Any live token reaches every endpoint, whatever its scopes.
		fault("connect-no-scope-check", "never checks the scopes of an access token", must,
			"CONNECT-45", []string{"connect/scope-enforced"}, func(s *switches) { s.noScopeCheck = true }),
		// POST /assertions and POST /profile take any live token; the reads still check scopes.
		fault("connect-write-ignores-scope", "checks scopes on reads only: any live token writes assertions and the profile", must,
			"CONNECT-45", []string{"connect/scope-enforced"}, func(s *switches) { s.writeIgnoresScope = true }),
		// POST /profile's 200 envelope says statusText SUCCESS. (profile-update may fail too if it checks statusText.)
		fault("connect-wrong-status-text", "answers POST /profile with statusText SUCCESS, which is not a Badge Connect status", must,
			"CONNECT-52", []string{"connect/status-envelope"}, func(s *switches) { s.wrongStatusText = true }),
		// POST /assertions answers HTTP 200 whose envelope says statusCode 201.
		fault("connect-status-code-mismatch", "answers POST /assertions HTTP 200 with an envelope whose statusCode is 201", must,
			"CONNECT-51", []string{"connect/status-envelope"}, func(s *switches) { s.statusCodeMismatch = true }),
		// 404 and 405 under apiBase answer text/plain without the envelope.
		fault("connect-plain-errors", "answers 404 and 405 under apiBase with plain text, not the status envelope", must,
			"CONNECT-54", []string{"connect/status-envelope", "connect/status-per-endpoint"}, func(s *switches) { s.plainErrors = true }),
		// A method an endpoint does not take gets 404 NOT_FOUND instead of 405.
		fault("connect-no-405", "answers a method an endpoint does not take with 404 NOT_FOUND instead of 405 METHOD_NOT_ALLOWED", must,
			"CONNECT-54", []string{"connect/status-per-endpoint"}, func(s *switches) { s.no405 = true }),
		// Posting an Assertion id already stored answers 400 BAD_REQUEST.
		fault("connect-refuses-upsert", "refuses to update an Assertion it already stores (400 BAD_REQUEST)", must,
			"CONNECT-73", []string{"connect/post-assertion"}, func(s *switches) { s.refusesUpsert = true }),
		// An update stores the Assertion without expires, and a signed one as its bare payload.
		fault("connect-drops-on-upsert", "loses data on update: an unsigned Assertion's expires, and a signed Assertion's signature", must,
			"CONNECT-73", []string{"connect/post-round-trip"}, func(s *switches) { s.dropsOnUpsert = true }),
		// Tampered, revoked, expired and wrong-recipient badges are stored (200 OK).
		fault("connect-accepts-invalid", "stores every posted badge without verifying it or its recipient", should,
			"CONNECT-74", []string{"connect/post-verifies"}, func(s *switches) { s.acceptsInvalid = true }),
		// GET /profile's envelope carries a top-level meta object.
		fault("connect-extension-field", "adds a meta object beside status and profile in GET /profile answers", must,
			"CONNECT-05", []string{"connect/no-extension-fields"}, func(s *switches) { s.extensionField = true }),
		// Every unsigned Assertion GET /assertions lists carries importedAt, an internal member that is no
		// Open Badges term nor a namespaced extension (an undefined term: the JSON-LD graph, so the round trip, is unchanged).
		fault("connect-internal-member", "lists every unsigned Assertion with an importedAt member of its own, neither an Open Badges term nor an extension", must,
			"CONNECT-05", []string{"connect/no-extension-fields"}, func(s *switches) { s.internalMember = true }),
		// signedAssertions items are objects {signedAssertion: JWS}, not JWS strings (the signed ones then do not round-trip either).
		fault("connect-signed-as-objects", "lists signed Assertions as objects wrapping the JWS, not as compact JWS strings", must,
			"CONNECT-71", []string{"connect/get-assertions-shape", "connect/post-round-trip"}, func(s *switches) { s.signedAsObjects = true }),
		// Every unsigned Assertion GET /assertions lists has type ["Assertion"], where the schema wants a string
		// (the same RDF graph: the round trip is unchanged).
		fault("connect-type-as-array", "lists unsigned Assertions with their type as an array, where the Badge Connect schema wants a string", must,
			"CONNECT-71", []string{"connect/get-assertions-shape"}, func(s *switches) { s.typeAsArray = true }),
		// An incomplete page has no Link header (a walk that follows next stops after the first page).
		fault("connect-no-link-on-partial", "sends no Link header on an incomplete page", must,
			"CONNECT-61", []string{"connect/pagination-links"}, func(s *switches) { s.noLinkOnPartial = true }),
		// The last page has a next link, to an empty page past the end.
		fault("connect-next-on-last", "links a next page from the last page", must,
			"CONNECT-62", []string{"connect/pagination-links"}, func(s *switches) { s.nextOnLast = true }),
		// limit is ignored: every Assertion on one page, linked as a complete list (first and last, no next).
		fault("connect-ignores-limit", "answers every Assertion on one page whatever limit asks", should,
			"CONNECT-63", []string{"connect/pagination-params"}, func(s *switches) { s.ignoresLimit = true }),
		// X-Total-Count is the number of items on the page.
		fault("connect-wrong-total", "sends the page's item count as X-Total-Count", should,
			"CONNECT-64", []string{"connect/total-count"}, func(s *switches) { s.wrongTotal = true }),
		// An update adds a second entry with the same Assertion id.
		fault("connect-duplicates-per-id", "keeps the old entry beside the new one when an Assertion is updated", should,
			"CONNECT-72", []string{"connect/one-per-id"}, func(s *switches) { s.duplicates = true }),
		// since is ignored: every Assertion comes back.
		fault("connect-ignores-since", "ignores since: older Assertions come back too", should,
			"CONNECT-72", []string{"connect/one-per-id"}, func(s *switches) { s.ignoresSince = true }),
		// The Profile carries password_hash, internal_id and created_at.
		fault("connect-profile-leaks-internal", "leaks its database fields (password_hash, internal_id, created_at) into the Profile", must,
			"CONNECT-75", []string{"connect/profile"}, func(s *switches) { s.profileLeaks = true }),
		// POST /profile answers 500 with a plain text body.
		fault("connect-profile-update-fails", "answers every POST /profile with 500", should,
			"CONNECT-76", []string{"connect/profile-update"}, func(s *switches) { s.profileUpdateFails = true }),
		// The revocation endpoint answers 200 but the token keeps working.
		fault("connect-revocation-ignored", "answers revocation requests 200 but the revoked token keeps working", should,
			"CONNECT-39", []string{"connect/token-revocation"}, func(s *switches) { s.revocationIgnored = true }),
	}
}

// LookupFault returns the fault with the given name.
func LookupFault(name string) (Fault, bool) { return partfault.Lookup(Faults(), name) }
