package connect

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges/jsonld"
)

// AllowedStatusTexts are the statusText values e may answer with HTTP status code; nil when the
// spec defines no envelope for it (500, and codes it does not list).
//
// CONNECT-53: "Allowed 400 values per endpoint. POST /assertions: REQUEST_VALIDATION_ERROR,
// RECIPIENT_PROFILE_MISMATCH, INVALID_BADGE, BAD_REQUEST. GET /assertions:
// REQUEST_VALIDATION_ERROR, BAD_REQUEST. POST /profile: REQUEST_VALIDATION_ERROR, BAD_REQUEST."
// CONNECT-46: 401 UNAUTHENTICATED, or PERMISSION_DENIED for a token without the scope.
// CONNECT-54: "404 gives NOT_FOUND; 405 gives METHOD_NOT_ALLOWED."
func AllowedStatusTexts(e Endpoint, code int) []string {
	switch code {
	case 200:
		return []string{StatusOK}
	case 400:
		if e == PostAssertions {
			return []string{StatusRequestValidationError, StatusRecipientMismatch, StatusInvalidBadge, StatusBadRequest}
		}
		return []string{StatusRequestValidationError, StatusBadRequest}
	case 401, 403:
		return []string{StatusUnauthenticated, StatusPermissionDenied}
	case 404:
		return []string{StatusNotFound}
	case 405:
		return []string{StatusMethodNotAllowed}
	}
	return nil
}

const hintEnvelope = `Answer every Badge Connect request with a JSON body {"status": {"error": null or a message, "statusCode": the HTTP status, "statusText": a value the spec allows for it}}.`

// CheckEnvelope checks the status envelope of an answer of e with HTTP status code: a JSON object
// with a status object whose statusCode equals code, whose statusText is one of the values
// (CONNECT-52) and whose error is a string or null (CONNECT-51, "error": null accepted although
// the published schema rejects it). It returns the status read and every finding under
// CONNECT-50/51/52; a statusText the endpoint does not allow for code is a finding under
// CONNECT-53 (400) or CONNECT-54 (404, 405) or CONNECT-46 (401, 403).
func CheckEnvelope(e Endpoint, code int, body []byte) (Status, []obcert.Finding) {
	doc, err := DecodeObject(body)
	if err != nil {
		return Status{}, []obcert.Finding{finding("CONNECT_ENVELOPE", []string{"CONNECT-50"}, hintEnvelope, "the HTTP %d answer of %s is not a JSON envelope: %v", code, e, err)}
	}
	raw, ok := doc["status"].(map[string]any)
	if !ok {
		return Status{}, []obcert.Finding{finding("CONNECT_ENVELOPE", []string{"CONNECT-50"}, hintEnvelope, "the HTTP %d answer of %s has no status object", code, e)}
	}
	var st Status
	var out []obcert.Finding
	reqs := []string{"CONNECT-51"}
	switch v := raw["error"].(type) {
	case string:
		st.Error = &v
	case nil:
		if _, present := raw["error"]; !present {
			out = append(out, finding("CONNECT_STATUS", reqs, hintEnvelope, "the status of the HTTP %d answer of %s has no error member (null when there is none)", code, e))
		}
	default:
		out = append(out, finding("CONNECT_STATUS", reqs, hintEnvelope, "status.error of the HTTP %d answer of %s is %s, not a string or null", code, e, jsonld.Kind(v)))
	}
	switch v := raw["statusCode"].(type) {
	case json.Number:
		n, err := v.Int64()
		if err != nil || int(n) != code {
			out = append(out, finding("CONNECT_STATUS", reqs, hintEnvelope, "status.statusCode is %s but the HTTP status of the %s answer is %d", v, e, code))
		}
		st.StatusCode = int(n)
	default:
		out = append(out, finding("CONNECT_STATUS", reqs, hintEnvelope, "status.statusCode of the HTTP %d answer of %s is missing or not an integer", code, e))
	}
	text, _ := raw["statusText"].(string)
	st.StatusText = text
	allowed := AllowedStatusTexts(e, code)
	switch {
	case !slices.Contains(StatusTexts, text):
		out = append(out, finding("CONNECT_STATUS_TEXT", []string{"CONNECT-52"}, hintEnvelope, "status.statusText of the HTTP %d answer of %s is %q, not one of the values the spec defines", code, e, text))
	case allowed != nil && !slices.Contains(allowed, text):
		out = append(out, finding("CONNECT_STATUS_TEXT", []string{requirementOfStatus(code)}, hintEnvelope,
			"%s answered HTTP %d with statusText %s, where the spec allows %s", e, code, text, strings.Join(allowed, " or ")))
	}
	for k := range raw {
		if k != "error" && k != "statusCode" && k != "statusText" {
			out = append(out, finding("CONNECT_STATUS", []string{"CONNECT-51"}, hintEnvelope, "the status object of the %s answer carries %q, which the schema does not define", e, k))
		}
	}
	return st, out
}

// requirementOfStatus is the requirement that lists the statusText values allowed with code.
func requirementOfStatus(code int) string {
	switch code {
	case 400:
		return "CONNECT-53"
	case 401, 403:
		return "CONNECT-46"
	case 404, 405:
		return "CONNECT-54"
	}
	return "CONNECT-52"
}

// OAuthErrors are the error codes of RFC 6749 §5.2 (token endpoint) and RFC 7591 §3.2.2.
var OAuthErrors = []string{"invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
	"unsupported_grant_type", "invalid_scope", "invalid_redirect_uri", "invalid_client_metadata",
	"invalid_software_statement", "unapproved_software_statement"}

// CheckOAuthError checks that a refused OAuth request answered an RFC 6749 error JSON with an
// error code the RFCs define.
//
// CONNECT-36: "A failed request SHOULD return an RFC 6749 error response."
func CheckOAuthError(what string, code int, body []byte) []obcert.Finding {
	hint := `Answer a refused token request with HTTP 400 (401 for a client that fails to authenticate) and a JSON body {"error": "invalid_grant"} (RFC 6749 §5.2).`
	doc, err := DecodeObject(body)
	if err != nil {
		return []obcert.Finding{finding("CONNECT_OAUTH_ERROR", []string{"CONNECT-36"}, hint, "%s was refused with HTTP %d but not an RFC 6749 error JSON: %v", what, code, err)}
	}
	e, _ := doc["error"].(string)
	if !slices.Contains(OAuthErrors, e) {
		return []obcert.Finding{finding("CONNECT_OAUTH_ERROR", []string{"CONNECT-36"}, hint, "%s was refused with error %q, not one of the RFC 6749 error codes", what, e)}
	}
	if code != 400 && code != 401 {
		return []obcert.Finding{finding("CONNECT_OAUTH_ERROR", []string{"CONNECT-36"}, hint, "%s was refused with HTTP %d, where RFC 6749 §5.2 answers 400 (or 401 for client authentication)", what, code)}
	}
	return nil
}

// describeStatus names an answer in messages: "HTTP 401 UNAUTHENTICATED".
func DescribeStatus(code int, st Status) string {
	if st.StatusText == "" {
		return fmt.Sprintf("HTTP %d", code)
	}
	return fmt.Sprintf("HTTP %d %s", code, st.StatusText)
}
