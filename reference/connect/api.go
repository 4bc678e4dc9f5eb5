package connect

import (
	"net/http"
	"slices"
	"strings"
)

// The statusText values (CONNECT-52).
const (
	textOK                = "OK"
	textValidation        = "REQUEST_VALIDATION_ERROR"
	textRecipientMismatch = "RECIPIENT_PROFILE_MISMATCH"
	textInvalidBadge      = "INVALID_BADGE"
	textBadRequest        = "BAD_REQUEST"
	textUnauthenticated   = "UNAUTHENTICATED"
	textPermissionDenied  = "PERMISSION_DENIED"
	textNotFound          = "NOT_FOUND"
	textMethodNotAllowed  = "METHOD_NOT_ALLOWED"
	pathAssertions        = "/assertions"
	pathProfile           = "/profile"
)

// endpoint is one resource of the API: the scope each method needs, and its handlers.
type endpoint struct {
	scopes   map[string]string
	handlers map[string]func(http.ResponseWriter, *http.Request)
}

// api serves the REST API under apiBase (CONNECT-45..76).
//
// CONNECT-46: "An unauthorized call gets 401 with statusText UNAUTHENTICATED. If the caller is
// authenticated but the scope does not cover the resource, PERMISSION_DENIED is "another
// acceptable value" under 401."
// CONNECT-54: "404 gives NOT_FOUND [...]; 405 gives METHOD_NOT_ALLOWED."
func (p *Provider) api(w http.ResponseWriter, r *http.Request) {
	endpoints := map[string]endpoint{
		pathAssertions: {scopes: map[string]string{http.MethodGet: ScopeAssertionRead, http.MethodPost: ScopeAssertionPost},
			handlers: map[string]func(http.ResponseWriter, *http.Request){http.MethodGet: p.getAssertions, http.MethodPost: p.postAssertion}},
		pathProfile: {scopes: map[string]string{http.MethodGet: ScopeProfileRead, http.MethodPost: ScopeProfileUpdate},
			handlers: map[string]func(http.ResponseWriter, *http.Request){http.MethodGet: p.getProfile, http.MethodPost: p.postProfile}},
	}
	ep, ok := endpoints[strings.TrimPrefix(r.URL.Path, p.c.f.apiPath)]
	if !ok {
		p.status(w, http.StatusNotFound, textNotFound, "", nil)
		return
	}
	h, ok := ep.handlers[r.Method]
	if !ok && r.Method == http.MethodHead {
		h, ok = ep.handlers[http.MethodGet]
	}
	if !ok {
		if p.c.f.no405 {
			p.status(w, http.StatusNotFound, textNotFound, "", nil)
			return
		}
		w.Header().Set("Allow", "GET, POST")
		p.status(w, http.StatusMethodNotAllowed, textMethodNotAllowed, r.Method+" is not allowed here: use GET or POST", nil)
		return
	}
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	t, known := p.bearer(r)
	if t == nil {
		code := http.StatusUnauthorized
		if p.c.f.forbiddenNoToken && !known {
			code = http.StatusForbidden // no token, or one never issued; a revoked or expired one still gets 401
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="badgeconnect"`)
		p.status(w, code, textUnauthenticated, "this request needs a live access token: Authorization: Bearer <token>", nil)
		return
	}
	scope := ep.scopes[method]
	checked := !p.c.f.noScopeCheck && !(p.c.f.writeIgnoresScope && method == http.MethodPost)
	if checked && !slices.Contains(t.scopes, scope) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="badgeconnect", error="insufficient_scope", scope="`+scope+`"`)
		p.status(w, http.StatusUnauthorized, textPermissionDenied, "the access token was not granted the scope "+scope, nil)
		return
	}
	h(w, r)
}

// CONNECT-51: "status is on every response, with error (nullable string), statusCode (integer,
// equal to the HTTP status) and statusText (a value allowed for that endpoint)."
//
// status answers the Badge Connect envelope (CONNECT-50, -51): status{error, statusCode,
// statusText}, and the result fields.
func (p *Provider) status(w http.ResponseWriter, code int, text, msg string, fields map[string]any) {
	if p.c.f.plainErrors && (code == http.StatusNotFound || code == http.StatusMethodNotAllowed) {
		http.Error(w, http.StatusText(code), code)
		return
	}
	st := map[string]any{"error": nil, "statusCode": code, "statusText": text}
	if msg != "" {
		st["error"] = msg
	}
	out := map[string]any{"status": st}
	for k, v := range fields {
		out[k] = v
	}
	writeJSON(w, code, out)
}
