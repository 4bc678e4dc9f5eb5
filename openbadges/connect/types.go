package connect

import "encoding/json"

// WellKnownPath is where every provider serves its manifest.
//
// CONNECT-11: "Every Provider serves a JSON manifest at /.well-known/badgeconnect.json (RFC 5785)
// over TLS 1.2 or 1.3."
const WellKnownPath = "/.well-known/badgeconnect.json"

// Version is the only version of the API this package speaks (CONNECT-15).
const Version = "v2p1"

// APIBaseSuffix ends every apiBase (CONNECT-14).
const APIBaseSuffix = "/ims/ob/v2p1"

// The Badge Connect scopes (CONNECT-45).
const (
	ScopeAssertionRead   = "https://purl.imsglobal.org/spec/ob/v2p1/scope/assertion.readonly"
	ScopeAssertionCreate = "https://purl.imsglobal.org/spec/ob/v2p1/scope/assertion.create"
	ScopeProfileRead     = "https://purl.imsglobal.org/spec/ob/v2p1/scope/profile.readonly"
	ScopeProfileUpdate   = "https://purl.imsglobal.org/spec/ob/v2p1/scope/profile.update"
	// ScopeOfflineAccess lets the provider issue a refresh token.
	ScopeOfflineAccess = "offline_access"
)

// Scopes are the four Badge Connect resource scopes.
var Scopes = []string{ScopeAssertionRead, ScopeAssertionCreate, ScopeProfileRead, ScopeProfileUpdate}

// Manifest is the document at WellKnownPath.
type Manifest struct {
	Context string `json:"@context,omitempty"`
	ID      string `json:"id"`
	Type    string `json:"type,omitempty"`
	APIs    []API  `json:"badgeConnectAPI"`
}

// API is one badgeConnectAPI entry of a manifest.
type API struct {
	ID                 string   `json:"id,omitempty"`
	Type               string   `json:"type,omitempty"`
	Name               string   `json:"name"`
	Image              string   `json:"image,omitempty"`
	APIBase            string   `json:"apiBase"`
	Version            string   `json:"version"`
	TermsOfServiceURL  string   `json:"termsOfServiceUrl"`
	PrivacyPolicyURL   string   `json:"privacyPolicyUrl"`
	ScopesOffered      []string `json:"scopesOffered"`
	RegistrationURL    string   `json:"registrationUrl"`
	AuthorizationURL   string   `json:"authorizationUrl"`
	TokenURL           string   `json:"tokenUrl"`
	TokenRevocationURL string   `json:"tokenRevocationUrl,omitempty"`
}

// Registration is an RFC 7591 client registration request (CONNECT-22, CONNECT-24).
type Registration struct {
	ClientName              string   `json:"client_name"`
	ClientURI               string   `json:"client_uri"`
	LogoURI                 string   `json:"logo_uri"`
	TOSURI                  string   `json:"tos_uri"`
	PolicyURI               string   `json:"policy_uri"`
	SoftwareID              string   `json:"software_id"`
	SoftwareVersion         string   `json:"software_version"`
	RedirectURIs            []string `json:"redirect_uris"`
	TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method,omitempty"`
	GrantTypes              []string `json:"grant_types,omitempty"`
	ResponseTypes           []string `json:"response_types,omitempty"`
	Scope                   string   `json:"scope,omitempty"`
}

// Fields returns the request as a JSON object, to send it with a field left out or changed.
func (r Registration) Fields() map[string]any {
	b, _ := json.Marshal(r)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

// RequiredRegistrationFields are the fields a provider must refuse a registration without
// (CONNECT-22).
var RequiredRegistrationFields = []string{"client_name", "client_uri", "logo_uri", "tos_uri", "policy_uri",
	"software_id", "software_version", "redirect_uris"}

// Client is what a provider answered a registration: the credentials and the metadata echoed.
type Client struct {
	ID              string `json:"client_id"`
	Secret          string `json:"client_secret"`
	IDIssuedAt      *int64 `json:"client_id_issued_at"`
	SecretExpiresAt *int64 `json:"client_secret_expires_at"`
	Registration
}

// The statusText values (CONNECT-52).
const (
	StatusOK                     = "OK"
	StatusRequestValidationError = "REQUEST_VALIDATION_ERROR"
	StatusRecipientMismatch      = "RECIPIENT_PROFILE_MISMATCH"
	StatusInvalidBadge           = "INVALID_BADGE"
	StatusBadRequest             = "BAD_REQUEST"
	StatusUnauthenticated        = "UNAUTHENTICATED"
	StatusPermissionDenied       = "PERMISSION_DENIED"
	StatusNotFound               = "NOT_FOUND"
	StatusMethodNotAllowed       = "METHOD_NOT_ALLOWED"
)

// StatusTexts are every statusText value the API defines, in the OpenAPI's order.
var StatusTexts = []string{StatusOK, StatusRequestValidationError, StatusRecipientMismatch, StatusInvalidBadge,
	StatusBadRequest, StatusUnauthenticated, StatusPermissionDenied, StatusNotFound, StatusMethodNotAllowed}

// Status is the envelope's status object (CONNECT-51). Error is nil when the provider sent null
// or nothing.
type Status struct {
	Error      *string `json:"error"`
	StatusCode int     `json:"statusCode"`
	StatusText string  `json:"statusText"`
}

// AssertionPayload is the body of POST /assertions (CONNECT-73): an unsigned Assertion or a
// compact JWS. When both are present the provider ignores the unsigned one.
type AssertionPayload struct {
	Assertion       map[string]any `json:"assertion,omitempty"`
	SignedAssertion string         `json:"signedAssertion,omitempty"`
}

// AssertionsPage is the 200 body of GET /assertions (CONNECT-71).
type AssertionsPage struct {
	Status           Status           `json:"status"`
	Assertions       []map[string]any `json:"assertions,omitempty"`
	SignedAssertions []string         `json:"signedAssertions,omitempty"`
}

// ProfileBody is the 200 body of GET and POST /profile (CONNECT-75).
type ProfileBody struct {
	Status  Status         `json:"status"`
	Profile map[string]any `json:"profile"`
}

// Endpoint names one resource operation of the API.
type Endpoint string

// The resource operations, and the scope each needs (CONNECT-45).
const (
	GetAssertions  Endpoint = "GET /assertions"
	PostAssertions Endpoint = "POST /assertions"
	GetProfile     Endpoint = "GET /profile"
	PostProfile    Endpoint = "POST /profile"
)

// Endpoints are the four resource operations.
var Endpoints = []Endpoint{GetAssertions, PostAssertions, GetProfile, PostProfile}

// Scope is the scope a token needs for e.
func (e Endpoint) Scope() string {
	switch e {
	case GetAssertions:
		return ScopeAssertionRead
	case PostAssertions:
		return ScopeAssertionCreate
	case GetProfile:
		return ScopeProfileRead
	case PostProfile:
		return ScopeProfileUpdate
	}
	return ""
}

// Method is e's HTTP method; Path its path below apiBase.
func (e Endpoint) Method() string { m, _, _ := cut(string(e)); return m }

// Path is e's path below apiBase ("/assertions").
func (e Endpoint) Path() string { _, p, _ := cut(string(e)); return p }

func cut(s string) (string, string, bool) {
	for i := range s {
		if s[i] == ' ' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
