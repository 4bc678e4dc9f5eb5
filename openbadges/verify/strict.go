package verify

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Strict input: what the candidate sends must be well-formed JSON text, not merely something
// encoding/json accepts. encoding/json silently keeps the last of duplicate keys and replaces
// invalid UTF-8 with U+FFFD; both are errors here, named as what was found.

// textTrouble names an encoding problem of a JSON text: a UTF-16 or UTF-32 byte-order mark, or
// invalid UTF-8. It returns "" for UTF-8 text.
func textTrouble(b []byte) string {
	if enc := bomEncoding(b); enc != "" {
		return "it is " + enc + " text (it starts with a byte-order mark); Open Badges JSON must be UTF-8"
	}
	if !utf8.Valid(b) {
		i := invalidUTF8At(b)
		return fmt.Sprintf("it is not valid UTF-8 (an invalid byte sequence at byte %d)", i)
	}
	return ""
}

// bomEncoding names the encoding a UTF-16 or UTF-32 byte-order mark announces, or "".
func bomEncoding(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0, 0, 0xFE, 0xFF}):
		return "UTF-32 (big-endian)"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0, 0}):
		return "UTF-32 (little-endian)"
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return "UTF-16 (big-endian)"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return "UTF-16 (little-endian)"
	}
	return ""
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// duplicateKey returns the first key that appears twice in one JSON object of b, with the path
// of that object, or "" when every object's keys are unique (or b is not JSON: the parser says so).
func duplicateKey(b []byte) (key, path string) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	key, path, _ = scanValue(dec, "", 0)
	return key, path
}

var errStop = errors.New("stop")

// scanValue reads one value from dec and reports the first duplicate key within it.
func scanValue(dec *json.Decoder, path string, depth int) (string, string, error) {
	tok, err := dec.Token()
	if err != nil || depth > 512 {
		return "", "", errStop
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return "", "", errStop
			}
			k, _ := kt.(string)
			if seen[k] {
				return k, orRoot(path), nil
			}
			seen[k] = true
			if dk, dp, err := scanValue(dec, path+"."+k, depth+1); dk != "" || err != nil {
				return dk, dp, err
			}
		}
		_, err = dec.Token()
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if dk, dp, err := scanValue(dec, fmt.Sprintf("%s[%d]", path, i), depth+1); dk != "" || err != nil {
				return dk, dp, err
			}
		}
		_, err = dec.Token()
	}
	if err != nil && err != io.EOF {
		return "", "", errStop
	}
	return "", "", nil
}

func orRoot(path string) string {
	if path == "" {
		return "the top-level object"
	}
	return "the object at " + strings.TrimPrefix(path, ".")
}

// strictJSON names what makes b not strict JSON text: its encoding, or a duplicate key.
func strictJSON(b []byte) string {
	if t := textTrouble(b); t != "" {
		return t
	}
	if noDuplicateKeys(b) {
		return ""
	}
	if k, where := duplicateKey(b); k != "" {
		return fmt.Sprintf("the key %q appears twice in %s; the keys of a JSON object must be unique", k, where)
	}
	return ""
}

// criticalHeaders returns the crit names of a compact JWS's protected header (RFC 7515 §4.1.11).
func criticalHeaders(token string) []string {
	head, _, _ := strings.Cut(token, ".")
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(head, "="))
	if err != nil {
		return nil
	}
	var h struct {
		Crit []any `json:"crit"`
	}
	if json.Unmarshal(raw, &h) != nil {
		return nil
	}
	out := make([]string, 0, len(h.Crit))
	for _, c := range h.Crit {
		out = append(out, fmt.Sprint(c))
	}
	return out
}

// otherSchemeURL names a URL that is not http(s), such as file:///etc/passwd, or returns "".
func otherSchemeURL(t string) string {
	u, err := url.Parse(t)
	if err != nil || u.Scheme == "" || strings.ContainsAny(t, " \t\n") || !strings.Contains(t, ":/") {
		return ""
	}
	if strings.EqualFold(u.Scheme, "file") {
		return fmt.Sprintf("a file URL (%s): a badge names http(s) URLs, and obcert never reads a local file a badge names", t)
	}
	return fmt.Sprintf("a %s URL (%s): only http and https URLs can be fetched", strings.ToLower(u.Scheme), t)
}

// notJSON says what a document that does not parse as a JSON object is, from what it starts with,
// with the parser's words last.
func notJSON(b []byte, err error) string {
	t := bytes.TrimSpace(b)
	head := string(t[:min(len(t), 10)])
	switch {
	case len(t) == 0:
		return "it is empty"
	case t[0] == '<':
		return fmt.Sprintf("it is HTML or XML, not JSON: it starts with %q", head)
	case t[0] == '[':
		return "it is a JSON array, not a JSON object"
	case t[0] != '{':
		return fmt.Sprintf("it is not JSON: it starts with %q", head)
	case err != nil:
		return "it is not well-formed JSON: " + err.Error()
	}
	return "it is not a JSON object"
}
