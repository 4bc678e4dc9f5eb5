package connect

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// client is a registered client (RFC 7591).
type client struct {
	id, secret   string
	softwareID   string
	redirectURIs []string
	scopes       []string
	grantTypes   []string
	meta         map[string]any // the metadata as registered, echoed in the answer
}

// requiredMetadata are the registration fields Badge Connect requires (CONNECT-22), besides
// redirect_uris.
var requiredMetadata = []string{"client_name", "client_uri", "logo_uri", "tos_uri", "policy_uri", "software_id", "software_version"}

// urlMetadata are the registration fields that are URLs, all https on one host (CONNECT-23).
var urlMetadata = []string{"client_uri", "logo_uri", "tos_uri", "policy_uri"}

// regError is an RFC 7591 §3.2.2 error.
type regError struct{ code, description string }

func (e *regError) Error() string { return e.description }

func metadataError(format string, a ...any) *regError {
	return &regError{"invalid_client_metadata", fmt.Sprintf(format, a...)}
}

// register is the RFC 7591 registration endpoint (CONNECT-20..28).
//
// CONNECT-26: "The response (example: 201 Created, Cache-Control: no-store, Pragma: no-cache)
// includes the required client_id, client_secret, client_id_issued_at and
// client_secret_expires_at (0 = never expires), and returns all the metadata the Consumer sent,
// with any changes the Provider made (for example, fewer scopes)."
func (p *Provider) register(w http.ResponseWriter, r *http.Request) {
	var meta map[string]any
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err := dec.Decode(&meta); err != nil || meta == nil {
		oauthError(w, http.StatusBadRequest, "invalid_client_metadata", "the registration request is not a JSON object")
		return
	}
	c, err := p.readClient(meta)
	if err != nil {
		var re *regError
		errors.As(err, &re)
		oauthError(w, http.StatusBadRequest, re.code, re.description)
		return
	}
	p.mu.Lock()
	if len(p.clients) >= maxClients {
		p.mu.Unlock()
		oauthError(w, http.StatusServiceUnavailable, "temporarily_unavailable", "this provider holds as many clients as it keeps")
		return
	}
	if p.c.f.regSameClientID {
		for _, old := range p.clients {
			if old.softwareID == c.softwareID {
				c.id, c.secret = old.id, old.secret
			}
		}
	}
	p.clients[c.id] = c
	p.mu.Unlock()
	out := map[string]any{}
	for k, v := range c.meta {
		out[k] = v
	}
	if p.c.f.regNoEcho {
		for _, k := range []string{"logo_uri", "tos_uri", "policy_uri", "software_version"} {
			delete(out, k)
		}
	}
	out["client_id"], out["client_secret"] = c.id, c.secret
	out["client_id_issued_at"], out["client_secret_expires_at"] = p.now().Unix(), 0
	if !p.c.f.regCacheable {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Pragma", "no-cache")
	}
	writeJSON(w, http.StatusCreated, out)
}

// readClient checks the metadata and makes the client, with the defaults and narrowed scope
// written back into its metadata.
//
// CONNECT-22: "Required body fields: client_name, client_uri, logo_uri, tos_uri, policy_uri,
// software_id, software_version, redirect_uris[]. The Provider accepts the request only if all of
// them are present."
// CONNECT-24: "token_endpoint_auth_method may only be client_secret_basic (the default).
// grant_types may only contain authorization_code and refresh_token (default
// authorization_code). response_types may only contain code. [...] if [scope] is missing, the
// Provider MAY register a default set."
func (p *Provider) readClient(meta map[string]any) (*client, error) {
	str := func(k string) string { s, _ := meta[k].(string); return strings.TrimSpace(s) }
	if !p.c.f.regAcceptsMissing {
		for _, k := range requiredMetadata {
			if str(k) == "" {
				return nil, metadataError("the registration has no %s: Badge Connect requires client_name, client_uri, logo_uri, tos_uri, policy_uri, software_id, software_version and redirect_uris", k)
			}
		}
	}
	var redirects []string
	switch v := meta["redirect_uris"].(type) {
	case []any:
		for _, x := range v {
			s, ok := x.(string)
			if !ok || s == "" {
				return nil, &regError{"invalid_redirect_uri", "every redirect_uris entry must be a URL string"}
			}
			redirects = append(redirects, s)
		}
	case nil:
	default:
		return nil, &regError{"invalid_redirect_uri", "redirect_uris must be an array of URLs"}
	}
	if len(redirects) == 0 && !p.c.f.regAcceptsMissing {
		return nil, &regError{"invalid_redirect_uri", "the registration has no redirect_uris"}
	}
	if !p.c.f.regAcceptsHTTP {
		if err := oneHTTPSHost(str, redirects); err != nil {
			return nil, err
		}
	}
	c := &client{id: "BADGECONNECT_" + random(12), secret: p.secret(32), softwareID: str("software_id"), redirectURIs: redirects, meta: meta}
	if m := str("token_endpoint_auth_method"); m != "" && m != "client_secret_basic" {
		return nil, metadataError("token_endpoint_auth_method %q is not supported: Badge Connect clients authenticate with client_secret_basic", m)
	}
	meta["token_endpoint_auth_method"] = "client_secret_basic"
	grants, err := list(meta, "grant_types", []string{"authorization_code"}, []string{"authorization_code", "refresh_token"})
	if err != nil {
		return nil, err
	}
	if _, err := list(meta, "response_types", []string{"code"}, []string{"code"}); err != nil {
		return nil, err
	}
	c.grantTypes = grants
	if s := str("scope"); s == "" {
		c.scopes = slices.Clone(Scopes) // CONNECT-24: a default set
	} else {
		for _, sc := range strings.Fields(s) {
			if slices.Contains(Scopes, sc) || sc == ScopeOffline {
				c.scopes = append(c.scopes, sc)
			}
		}
		if len(c.scopes) == 0 {
			return nil, metadataError("the registration asks for none of the scopes this provider offers")
		}
	}
	meta["scope"] = strings.Join(c.scopes, " ") // CONNECT-26: narrowed, and said so
	return c, nil
}

// oneHTTPSHost checks that every URL of the registration is https and on one hostname.
//
// CONNECT-23: "Every URL in the request is HTTPS, and all of them share one hostname."
func oneHTTPSHost(str func(string) string, redirects []string) error {
	host := ""
	check := func(field, raw string, code string) error {
		if raw == "" {
			return nil
		}
		u, err := url.Parse(raw)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return &regError{code, fmt.Sprintf("%s %q is not an absolute https URL", field, raw)}
		}
		if host == "" {
			host = u.Hostname()
		} else if !strings.EqualFold(host, u.Hostname()) {
			return &regError{code, fmt.Sprintf("%s %q is not on %s: every URL of a registration is on one host", field, raw, host)}
		}
		return nil
	}
	for _, k := range urlMetadata {
		if err := check(k, str(k), "invalid_client_metadata"); err != nil {
			return err
		}
	}
	for _, ru := range redirects {
		if err := check("redirect_uri", ru, "invalid_redirect_uri"); err != nil {
			return err
		}
	}
	return nil
}

// list reads a string array field, default def, each value one of allowed, and writes it back.
func list(meta map[string]any, field string, def, allowed []string) ([]string, error) {
	v, ok := meta[field]
	if !ok || v == nil {
		meta[field] = def
		return def, nil
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, metadataError("%s must be an array of strings", field)
	}
	var out []string
	for _, x := range arr {
		s, _ := x.(string)
		if !slices.Contains(allowed, s) {
			return nil, metadataError("%s %q is not supported: Badge Connect allows %s", field, s, strings.Join(allowed, " and "))
		}
		out = append(out, s)
	}
	return out, nil
}

// oauthError answers an RFC 6749 §5.2 / RFC 7591 §3.2.2 error.
func oauthError(w http.ResponseWriter, code int, errCode, description string) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, code, map[string]string{"error": errCode, "error_description": description})
}
