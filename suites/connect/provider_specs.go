package connect

import (
	"errors"
	"fmt"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// providerSpecs are the specs of a Badge Connect Provider, which obcert consumes.
func providerSpecs() []suites.Spec {
	return []suites.Spec{
		{ID: "connect/manifest", Requirements: []string{"CONNECT-11"}, Level: obcert.MUST,
			Title: "serves its manifest at /.well-known/badgeconnect.json over HTTPS (TLS 1.2 or later) as a JSON object",
			Hint:  "Serve the manifest JSON at https://YOUR-HOST/.well-known/badgeconnect.json over TLS 1.2 or 1.3, with 200 OK.", Body: manifestSpec},
		{ID: "connect/manifest-shape", Requirements: []string{"CONNECT-13", "CONNECT-19"}, Level: obcert.MUST,
			Title: "gives a manifest with every required field, absolute https URLs and full scope URLs",
			Hint:  "Follow the manifest schema: id and badgeConnectAPI entries with name, apiBase, version, the terms and privacy URLs, scopesOffered and the registration, authorization and token URLs.", Body: manifestShape},
		{ID: "connect/manifest-api-base", Requirements: []string{"CONNECT-14", "CONNECT-15"}, Level: obcert.MUST,
			Title: "names an apiBase ending /ims/ob/v2p1 and version v2p1", Hint: "Serve the API under .../ims/ob/v2p1 and give version v2p1.", Body: manifestAPIBase},
		{ID: "connect/manifest-same-domain", Requirements: []string{"CONNECT-16"}, Level: obcert.SHOULD,
			Title: "keeps every manifest URL on the manifest's own host, apiBase without a trailing slash",
			Hint:  "Serve the API, its OAuth endpoints and its policies on the manifest's host; drop apiBase's trailing slash.", Body: manifestSameDomain},
		{ID: "connect/registration", Requirements: []string{"CONNECT-20", "CONNECT-21", "CONNECT-26"}, Level: obcert.MUST,
			Title: "registers a client (RFC 7591 JSON POST) and answers its credentials and every metadata field sent",
			Hint:  "Answer a full registration with 201 Created: client_id, client_secret, client_id_issued_at, client_secret_expires_at and the metadata as registered.", Body: registrationSpec},
		{ID: "connect/registration-no-store", Requirements: []string{"CONNECT-26"}, Level: obcert.SHOULD,
			Title: "answers a registration with Cache-Control: no-store", Hint: "Send Cache-Control: no-store (and Pragma: no-cache) with the client credentials.", Body: registrationNoStore},
		{ID: "connect/registration-required-fields", Requirements: []string{"CONNECT-22"}, Level: obcert.MUST,
			Title: "refuses a registration that lacks software_id, and one that lacks redirect_uris, beside the full one accepted",
			Hint:  "Refuse a registration without every required field with 400 and an RFC 7591 error (invalid_client_metadata or invalid_redirect_uri).", Body: registrationRequiredFields},
		{ID: "connect/registration-https-one-host", Requirements: []string{"CONNECT-23"}, Level: obcert.MUST,
			Title: "refuses a registration with an http:// redirect URI, and one whose URLs sit on two hosts, beside the full one accepted",
			Hint:  "Check that every URL of a registration is https and that all share one hostname; refuse it otherwise (RFC 7591 error).", Body: registrationHTTPSOneHost},
		{ID: "connect/registration-client-id-unique", Requirements: []string{"CONNECT-27"}, Level: obcert.SHOULD,
			Title: "gives two registrations different client_ids", Hint: "Issue a new client_id for every registration.", Body: registrationUnique},
		{ID: "connect/authorize", Requirements: []string{"CONNECT-31", "CONNECT-33"}, Level: obcert.MUST,
			Title: "after consent, redirects to the redirect_uri with a code and the state sent (authorization code, PKCE S256)",
			Hint:  "Take response_type=code, client_id, redirect_uri, scope, state and the S256 code_challenge; after consent redirect to the redirect_uri with the code and the state sent as its query parameters.", Body: authorizeSpec},
		{ID: "connect/authorize-unknown-redirect", Requirements: []string{"CONNECT-32"}, Level: obcert.SHOULD,
			Title: "does not redirect to a redirect_uri the client did not register",
			Hint:  "Compare redirect_uri with the registered ones before anything else; show an error (registration needed) instead of redirecting.", Body: authorizeUnknownRedirect},
		{ID: "connect/token", Requirements: []string{"CONNECT-35", "CONNECT-36"}, Level: obcert.MUST,
			Title: "exchanges the code (HTTP Basic client credentials, form with grant_type, code, redirect_uri, scope, code_verifier) for a Bearer access token",
			Hint:  "Answer a valid code exchange with 200 and JSON {access_token, token_type: Bearer, ...}.", Body: tokenSpec},
		{ID: "connect/token-wrong-verifier", Requirements: []string{"CONNECT-31"}, Level: obcert.MUST,
			Title: "refuses a code exchanged with a wrong code_verifier, beside the correct exchange", Hint: "Check BASE64URL(SHA256(code_verifier)) against the code_challenge of the authorization; refuse with invalid_grant.",
			Body: tokenRefusal("wrong-verifier")},
		{ID: "connect/token-no-verifier", Requirements: []string{"CONNECT-31"}, Level: obcert.MUST,
			Title: "refuses a code exchanged without a code_verifier, beside the correct exchange", Hint: "Require code_verifier for every code issued with a code_challenge; refuse with invalid_grant.",
			Body: tokenRefusal("no-verifier")},
		{ID: "connect/token-code-reuse", Requirements: []string{"CONNECT-36"}, Level: obcert.MUST,
			Title: "refuses a code already redeemed, beside its first exchange", Hint: "Make a code single-use: forget it on its first exchange and refuse it with invalid_grant after.",
			Body: tokenRefusal("code-reuse")},
		{ID: "connect/token-redirect-mismatch", Requirements: []string{"CONNECT-35"}, Level: obcert.MUST,
			Title: "refuses a code exchanged with another redirect_uri than the authorization's, beside the correct exchange",
			Hint:  "Bind the code to the authorization's redirect_uri and refuse an exchange naming another (invalid_grant).", Body: tokenRefusal("redirect-mismatch")},
		{ID: "connect/token-error-shape", Requirements: []string{"CONNECT-36"}, Level: obcert.SHOULD,
			Title: "answers every refused token request with an RFC 6749 error JSON",
			Hint:  `Answer refused token requests with 400 and {"error": "invalid_grant"} (or another RFC 6749 §5.2 code).`, Body: tokenErrorShape},
		{ID: "connect/refresh", Requirements: []string{"CONNECT-37"}, Level: obcert.MUST,
			Title: "renews a working access token with the refresh token it issued", Hint: "Answer grant_type=refresh_token (HTTP Basic client credentials) with a new access token that the API accepts.", Body: refreshSpec},
		{ID: "connect/bearer-required", Requirements: []string{"CONNECT-46"}, Level: obcert.MUST,
			Title: "answers 401 UNAUTHENTICATED to each of GET/POST /assertions and GET/POST /profile without a token or with a garbage token",
			Hint:  "Require Authorization: Bearer with a token you issued on every endpoint; answer 401 with statusText UNAUTHENTICATED otherwise.", Body: bearerRequired},
		{ID: "connect/scope-enforced", Requirements: []string{"CONNECT-45", "CONNECT-46"}, Level: obcert.MUST,
			Title: "refuses a token granted only assertion.readonly on POST /assertions, GET /profile and POST /profile, and accepts it on GET /assertions",
			Hint:  "Check the token's scopes on every endpoint (assertion.readonly, assertion.create, profile.readonly, profile.update); answer 401 (or 403) PERMISSION_DENIED when the scope is missing.", Body: scopeEnforced},
		{ID: "connect/status-envelope", Requirements: []string{"CONNECT-50", "CONNECT-51", "CONNECT-52"}, Level: obcert.MUST,
			Title: "answers every API request with a status envelope: statusCode equal to the HTTP status, a statusText the spec defines, error a string or null",
			Hint:  `Wrap every Badge Connect answer, errors included, in {"status": {"error": null, "statusCode": 200, "statusText": "OK"}, ...}.`, Body: statusEnvelope},
		{ID: "connect/status-per-endpoint", Requirements: []string{"CONNECT-53", "CONNECT-54"}, Level: obcert.MUST,
			Title: "uses each endpoint's allowed 400 statusText values, answers 404 NOT_FOUND for an unknown path and 405 METHOD_NOT_ALLOWED for a method not allowed",
			Hint:  "Answer an unknown path below apiBase with 404 NOT_FOUND and an unsupported method with 405 METHOD_NOT_ALLOWED, both in the status envelope.", Body: statusPerEndpoint},
		{ID: "connect/post-assertion", Requirements: []string{"CONNECT-07", "CONNECT-73"}, Level: obcert.MUST,
			Title: "accepts a valid hosted badge (assertion) and a valid signed one (signedAssertion) with 200 {status: OK}, and the same again (upsert)",
			Hint:  "Take an Assertion Payload {assertion} or {signedAssertion}, verify and store it (create or update), and answer 200 with only the status.", Body: postAssertion},
		{ID: "connect/post-round-trip", Requirements: []string{"CONNECT-73"}, Level: obcert.MUST,
			Title: "gives back every badge posted in GET /assertions, the same RDF graph (URDNA2015 N-Quads) or the same JWS",
			Hint:  "Store the posted Assertion as it is (or the JWS itself) and return it unchanged; an update replaces it whole.", Body: postRoundTrip},
		{ID: "connect/post-verifies", Requirements: []string{"CONNECT-74"}, Level: obcert.SHOULD,
			Title: "refuses tampered, revoked, expired and wrong-recipient badges (400 INVALID_BADGE or RECIPIENT_PROFILE_MISMATCH), beside valid ones accepted",
			Hint:  "Verify every posted badge (signature, revocation, expiry, recipient against the account) and refuse it with 400 INVALID_BADGE or RECIPIENT_PROFILE_MISMATCH.", Body: postVerifies},
		{ID: "connect/no-extension-fields", Requirements: []string{"CONNECT-05"}, Level: obcert.MUST,
			Title: "sends no fields beyond the schemas' in GET /assertions and GET /profile (extensions only as Open Badges extensions)",
			Hint:  "Send only status, assertions, signedAssertions (profile) at the top level; put anything else in an Assertion or Profile as a namespaced OB extension.", Body: noExtensionFields},
		{ID: "connect/get-assertions-shape", Requirements: []string{"CONNECT-71"}, Level: obcert.MUST,
			Title: "answers GET /assertions with {status, assertions?[], signedAssertions?[]}: Assertion objects and compact JWS strings",
			Hint:  "Answer GET /assertions with the status and the arrays assertions (objects with id and type) and signedAssertions (compact JWS).", Body: getAssertionsShape},
		{ID: "connect/pagination-links", Requirements: []string{"CONNECT-61", "CONNECT-62"}, Level: obcert.MUST,
			Title: "sends a Link header with first and last on every partial page, next on all but the last, prev past offset 0; next walks every item once",
			Hint:  `Send Link: <...offset=0>; rel="first", <...>; rel="last", <...>; rel="next" (not on the last page), <...>; rel="prev" (when offset > 0) on every page of an incomplete list.`, Body: paginationLinks},
		{ID: "connect/pagination-params", Requirements: []string{"CONNECT-60", "CONNECT-63"}, Level: obcert.SHOULD,
			Title: "honours limit (at most limit items a page) and reads offset zero-indexed",
			Hint:  "Return at most limit items per page, the page starting at item number offset counted from 0.", Body: paginationParams},
		{ID: "connect/total-count", Requirements: []string{"CONNECT-64"}, Level: obcert.SHOULD,
			Title: "sends X-Total-Count equal to the number of items, or none", Hint: "Send X-Total-Count with the total number of items of the list (leave it out if unknown).", Body: totalCount},
		{ID: "connect/one-per-id", Requirements: []string{"CONNECT-72"}, Level: obcert.SHOULD,
			Title: "lists each Assertion id once, and with since only those updated after it",
			Hint:  "Keep one entry per Assertion id (an update replaces it) and filter since on the last update time.", Body: onePerID},
		{ID: "connect/profile", Requirements: []string{"CONNECT-75"}, Level: obcert.MUST,
			Title: "answers GET /profile with {status, profile}, profile a valid Open Badges Profile without internal fields",
			Hint:  "Answer GET /profile with the account's OB Profile (id, type Profile, name, url, email ...) and nothing from your database.", Body: profileSpec},
		{ID: "connect/profile-update", Requirements: []string{"CONNECT-76"}, Level: obcert.SHOULD,
			Title: "answers POST /profile with one identifier property with 200 and a profile, or 400 BAD_REQUEST",
			Hint:  "Accept the identifier properties being added and answer like GET /profile (or 400 BAD_REQUEST for data you cannot accept).", Body: profileUpdate},
		{ID: "connect/token-revocation", Requirements: []string{"CONNECT-40", "CONNECT-41", "CONNECT-39"}, Level: obcert.MAY,
			Title: "revokes an access token at tokenRevocationUrl (RFC 7009), which the API then refuses with 401",
			Hint:  "Answer POST tokenRevocationUrl (form token, token_type_hint) with 200 and refuse the revoked token with 401 UNAUTHENTICATED.", Body: tokenRevocation},
	}
}

// checkProvider checks the connect.provider section: the manifest URL (absolute https), how consent is given (form steps that name their fields, or the token's variable).
func checkProvider(p obcert.ConnectProvider, _ string) error {
	var errs []error
	// A manifest elsewhere than the well-known path is the candidate's failure of connect/manifest
	// (CONNECT-11), not a mistake in the candidate file.
	if err := checkHTTPS("connect.provider.manifest", p.Manifest); err != nil {
		errs = append(errs, err)
	}
	switch p.Consent.Mode {
	case "form":
		if len(p.Consent.Steps) == 0 {
			errs = append(errs, errors.New("connect.provider.consent.steps: give at least one step (the login form, the consent form) for mode form"))
		}
		errs = append(errs, checkSteps(p.Consent.Steps)...)
	case "token":
		if p.Consent.TokenEnv == "" {
			errs = append(errs, errors.New("connect.provider.consent.tokenEnv: name the environment variable that holds the pre-issued access token (mode token)"))
		}
	default:
		errs = append(errs, errors.New("connect.provider.consent.mode: say how obcert gets consent: form (it submits the provider's login and consent pages) or token (a pre-issued access token in tokenEnv)"))
	}
	return errors.Join(errs...)
}

// maxSteps bounds the consent steps of the candidate file.
const maxSteps = 8

func checkSteps(steps []obcert.ConsentStep) []error {
	var errs []error
	if len(steps) > maxSteps {
		errs = append(errs, fmt.Errorf("connect.provider.consent.steps: %d steps, more than the %d obcert submits", len(steps), maxSteps))
	}
	for i, s := range steps {
		at := fmt.Sprintf("connect.provider.consent.steps[%d]", i)
		for name := range s.Fields {
			if _, dup := s.FieldsEnv[name]; dup {
				errs = append(errs, fmt.Errorf("%s: field %q is given both in fields and in fieldsEnv", at, name))
			}
			if strings.TrimSpace(name) == "" {
				errs = append(errs, fmt.Errorf("%s.fields: a field has no name", at))
			}
		}
		for name, env := range s.FieldsEnv {
			if strings.TrimSpace(env) == "" {
				errs = append(errs, fmt.Errorf("%s.fieldsEnv.%s: name the environment variable that holds the value", at, name))
			}
		}
	}
	return errs
}
