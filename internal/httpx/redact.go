package httpx

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/obcert/obcert/internal/redact"
)

// redacted replaces every secret value before an exchange is kept.
const redacted = redact.Redacted

// secretHeaders carry credentials (redact.Headers: Authorization, Cookie, X-Api-Key, ...).
// CONNECT-35: "The token request is a POST with HTTP Basic client_id:client_secret ..."; the
// Basic credentials travel in Authorization.
var secretHeaders = redact.Headers

// urlHeaders carry URLs whose query may hold secrets. CONNECT-33: "After the user authorizes,
// the Provider redirects to redirect_uri with a code query parameter."
var urlHeaders = []string{"Location", "Content-Location", "Referer"}

// isSecretField: query parameters and form or JSON fields whose values are secrets, the one
// list of internal/redact (CONNECT-26: the registration response includes client_secret;
// CONNECT-35: the token request carries code and code_verifier).
func isSecretField(name string) bool { return redact.IsSecretField(name) }

func redactEntry(e Entry) Entry {
	e.URL = redactURL(e.URL)
	e.RequestHeader = redactHeader(e.RequestHeader)
	e.ResponseHeader = redactHeader(e.ResponseHeader)
	e.RequestBody = redactBody(e.RequestBody, e.RequestHeader.Get("Content-Type"))
	e.ResponseBody = redactBody(e.ResponseBody, e.ResponseHeader.Get("Content-Type"))
	e.Error = redactText(e.Error)
	return e
}

// redactHeader returns a copy of h with credentials and secret URL parameters replaced.
func redactHeader(h http.Header) http.Header {
	h = h.Clone()
	for _, name := range secretHeaders {
		for i := range h[name] {
			h[name][i] = redacted
		}
	}
	for _, name := range urlHeaders {
		for i, v := range h[name] {
			h[name][i] = redactURL(v)
		}
	}
	return h
}

// redactURL replaces a password in the user info and secret parameters in the query and in
// the fragment (where the implicit grant puts tokens).
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return redactText(raw)
	}
	changed := false
	if u.User != nil {
		u.User, changed = url.User(redacted), true
	}
	if q := redactQuery(u.RawQuery); q != u.RawQuery {
		u.RawQuery, changed = q, true
	}
	if f := u.EscapedFragment(); redactQuery(f) != f {
		u.RawFragment = redactQuery(f)
		u.Fragment, _ = url.PathUnescape(u.RawFragment)
		changed = true
	}
	if !changed {
		return raw
	}
	return u.String()
}

// redactQuery replaces the values of secret fields in a query or form body, keeping the order
// and encoding of everything else.
func redactQuery(q string) string {
	if !strings.Contains(q, "=") {
		return q
	}
	parts := strings.Split(q, "&")
	for i, p := range parts {
		rawName, _, ok := strings.Cut(p, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			name = rawName
		}
		if ok && isSecretField(name) {
			parts[i] = rawName + "=" + redacted
		}
	}
	return strings.Join(parts, "&")
}

// redactText redacts secrets written in free text, such as an error that quotes a URL.
func redactText(s string) string { return redact.Text(s) }

// redactBody redacts form and JSON bodies; it leaves other bodies alone.
func redactBody(b []byte, contentType string) []byte {
	switch mt := mediaType(contentType); {
	case len(b) == 0:
		return b
	case mt == "application/x-www-form-urlencoded":
		return []byte(redactQuery(string(b)))
	case strings.Contains(mt, "json"), looksJSON(b):
		return redactJSON(b)
	}
	return b
}

func looksJSON(b []byte) bool {
	i := skipSpace(b, 0)
	return i < len(b) && (b[i] == '{' || b[i] == '[')
}

// redactJSON replaces the value of every member named as a secret field, at any depth, with
// "REDACTED", keeping the rest of the text byte for byte. It copes with cut or invalid JSON.
func redactJSON(b []byte) []byte {
	var out []byte
	last := 0
	for i := 0; i < len(b); {
		if b[i] != '"' {
			i++
			continue
		}
		end := skipString(b, i)
		colon := skipSpace(b, end)
		if colon >= len(b) || b[colon] != ':' || !isSecretKey(b[i:end]) {
			i = end
			continue
		}
		start := skipSpace(b, colon+1)
		out = append(append(out, b[last:start]...), `"`+redacted+`"`...)
		i = skipValue(b, start)
		last = i
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// isSecretKey reports whether a quoted JSON member name is a secret field.
func isSecretKey(quoted []byte) bool {
	if len(quoted) < 2 || len(quoted) > 128 {
		return false
	}
	var name string
	if err := json.Unmarshal(quoted, &name); err != nil {
		name = string(quoted[1 : len(quoted)-1])
	}
	return isSecretField(name)
}

// skipString returns the index just past the JSON string that starts at b[i].
func skipString(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(b)
}

// skipValue returns the index just past the JSON value that starts at b[i].
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		return skipComposite(b, i)
	}
	for i < len(b) && !strings.ContainsRune(",}] \t\r\n", rune(b[i])) {
		i++
	}
	return i
}

// skipComposite returns the index just past the object or array that starts at b[i].
func skipComposite(b []byte, i int) int {
	depth := 0
	for i < len(b) {
		switch b[i] {
		case '"':
			i = skipString(b, i)
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
		i++
	}
	return len(b)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}
