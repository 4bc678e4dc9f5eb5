package connect

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"

	"github.com/obcert/obcert"
)

// NewRegistration is obcert's registration request: every field of CONNECT-22, every URL https on
// the host of redirectURI (CONNECT-23), client_secret_basic, the code and refresh grants, the
// given scopes.
func NewRegistration(redirectURI, softwareVersion string, scopes []string) Registration {
	u, _ := url.Parse(redirectURI)
	base := "https://" + u.Host
	return Registration{
		ClientName: "obcert Badge Connect conformance consumer", ClientURI: base + "/", LogoURI: base + "/logo.png",
		TOSURI: base + "/terms", PolicyURI: base + "/privacy", SoftwareID: "0b5e4c2e-6d61-4c0e-9a8f-0bce47000001",
		SoftwareVersion: softwareVersion, RedirectURIs: []string{redirectURI}, TokenEndpointAuthMethod: "client_secret_basic",
		GrantTypes: []string{"authorization_code", "refresh_token"}, ResponseTypes: []string{"code"}, Scope: strings.Join(scopes, " "),
	}
}

const hintRegistration = "Answer a registration (RFC 7591) with 201 Created and a JSON object holding client_id, client_secret, client_id_issued_at, client_secret_expires_at (0 for never) and every metadata field the client sent."

// CheckRegistrationAnswer reads a provider's answer to a registration and checks it.
//
// CONNECT-26: "The response (example: 201 Created, Cache-Control: no-store, Pragma: no-cache)
// includes the required client_id, client_secret, client_id_issued_at and
// client_secret_expires_at (0 = never expires), and returns all the metadata the Consumer sent,
// with any changes the Provider made (for example, fewer scopes)."
func CheckRegistrationAnswer(sent Registration, code int, body []byte) (Client, []obcert.Finding) {
	reqs := []string{"CONNECT-26"}
	if code != 201 && code != 200 {
		return Client{}, []obcert.Finding{finding("CONNECT_REGISTRATION", []string{"CONNECT-20"}, hintRegistration,
			"the provider answered the registration with HTTP %d, not 201 Created", code)}
	}
	doc, err := DecodeObject(body)
	if err != nil {
		return Client{}, []obcert.Finding{finding("CONNECT_REGISTRATION", reqs, hintRegistration, "the registration answer: %v", err)}
	}
	var c Client
	if err := json.Unmarshal(body, &c); err != nil {
		return Client{}, []obcert.Finding{finding("CONNECT_REGISTRATION", reqs, hintRegistration, "the registration answer %s", wrongTypes(err))}
	}
	var out []obcert.Finding
	if c.ID == "" || c.Secret == "" {
		out = append(out, finding("CONNECT_REGISTRATION", reqs, hintRegistration, "the registration answer lacks client_id or client_secret"))
	}
	if c.IDIssuedAt == nil || c.SecretExpiresAt == nil {
		out = append(out, finding("CONNECT_REGISTRATION", reqs, hintRegistration, "the registration answer lacks client_id_issued_at or client_secret_expires_at (integers)"))
	}
	for name, v := range sent.Fields() {
		got, ok := doc[name]
		switch {
		case !ok:
			out = append(out, finding("CONNECT_REGISTRATION", reqs, hintRegistration, "the registration answer does not return the %s the client sent", name))
		case name == "scope":
			if s, _ := got.(string); !subset(strings.Fields(s), strings.Fields(sent.Scope)) {
				out = append(out, finding("CONNECT_REGISTRATION", reqs, hintRegistration, "the registration answer's scope %q grants scopes the client did not ask for", s))
			}
		case !sameJSON(got, v):
			out = append(out, finding("CONNECT_REGISTRATION", reqs, hintRegistration, "the registration answer changed %s from what the client sent", name))
		}
	}
	slices.SortFunc(out, func(a, b obcert.Finding) int { return strings.Compare(a.Message, b.Message) })
	return c, out
}

func subset(got, of []string) bool {
	for _, g := range got {
		if !slices.Contains(of, g) {
			return false
		}
	}
	return true
}

func sameJSON(a, b any) bool {
	ja, _ := json.Marshal(normalizeNumbers(a))
	jb, _ := json.Marshal(normalizeNumbers(b))
	var x, y any
	_ = json.Unmarshal(ja, &x)
	_ = json.Unmarshal(jb, &y)
	return reflect.DeepEqual(x, y)
}

// GrantedScopes are the scopes of a registration answer (or of the request when the answer
// names none).
func (c Client) GrantedScopes() []string { return strings.Fields(c.Scope) }

// String names the client in messages, without its secret.
func (c Client) String() string { return fmt.Sprintf("client %s", c.ID) }

// ScopeList is the request's scope as a list.
func (r Registration) ScopeList() []string { return strings.Fields(r.Scope) }
