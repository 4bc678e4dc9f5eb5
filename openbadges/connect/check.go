package connect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges/jsonld"
)

// finding is an error finding under reqs, worded by format.
func finding(check string, reqs []string, hint, format string, a ...any) obcert.Finding {
	return obcert.Finding{Check: check, Severity: obcert.Error, Requirements: reqs, Message: fmt.Sprintf(format, a...), Hint: hint}
}

// DecodeObject decodes body as one JSON object, refusing duplicate keys' ambiguity no further
// than encoding/json does; it says what the body is when it is not an object.
func DecodeObject(body []byte) (map[string]any, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("the body is not JSON (%s)", firstWords(body))
	}
	if dec.More() {
		return nil, fmt.Errorf("the body holds more than one JSON value")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the body is %s, not a JSON object", jsonld.Kind(v))
	}
	return m, nil
}

// firstWords describes the start of a body that is not JSON, for messages.
func firstWords(b []byte) string {
	s := strings.TrimSpace(string(b))
	if s == "" {
		return "it is empty"
	}
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return fmt.Sprintf("it starts %q", s)
}

// schemaFindings validates doc against b's schema; every error is a finding under reqs.
func schemaFindings(b Body, doc any, reqs []string, hint string) []obcert.Finding {
	s, err := Schema(b)
	if err != nil {
		return []obcert.Finding{finding("CONNECT_SCHEMA", reqs, "", "obcert could not load the %s schema (a harness bug): %v", b, err)}
	}
	errs, err := s.Validate(normalizeNumbers(doc))
	if err != nil {
		return []obcert.Finding{finding("CONNECT_SCHEMA", reqs, hint, "the body could not be checked against the %s schema: %v", b, err)}
	}
	var out []obcert.Finding
	for _, e := range errs {
		if e.Combinator() {
			continue
		}
		f := finding("CONNECT_SCHEMA", reqs, hint, "against the Badge Connect %s schema, %s", b, e.String())
		f.Property = strings.Join(e.Path, ".")
		out = append(out, f)
	}
	return out
}

// normalizeNumbers turns json.Number into float64, which the schema library reads.
func normalizeNumbers(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = normalizeNumbers(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = normalizeNumbers(x)
		}
		return out
	case json.Number:
		f, _ := t.Float64()
		return f
	}
	return v
}

// ParseManifest decodes a manifest body; the error says why it is not a JSON object.
func ParseManifest(body []byte) (Manifest, map[string]any, error) {
	doc, err := DecodeObject(body)
	if err != nil {
		return Manifest{}, nil, err
	}
	var m Manifest
	if err := json.Unmarshal(body, &m); err != nil {
		return Manifest{}, doc, fmt.Errorf("the manifest %s", wrongTypes(err))
	}
	return m, doc, nil
}

const hintManifest = "Serve the manifest as the Badge Connect spec's example: id and one badgeConnectAPI entry with name, apiBase, version, termsOfServiceUrl, privacyPolicyUrl, scopesOffered, registrationUrl, authorizationUrl and tokenUrl, every URL absolute https."

// CheckManifestShape checks a decoded manifest against its (patched) schema, and that its
// required fields are not empty, its URLs absolute https and its scopes full Badge Connect
// scope URLs.
//
// CONNECT-13: "Manifest shape: id and badgeConnectAPI[] (at least one entry). Each entry requires
// name, apiBase, version, termsOfServiceUrl, privacyPolicyUrl, scopesOffered[] (at least one,
// full scope URLs), registrationUrl, authorizationUrl and tokenUrl."
func CheckManifestShape(doc map[string]any, m Manifest) []obcert.Finding {
	reqs := []string{"CONNECT-13"}
	out := schemaFindings(ManifestBody, doc, reqs, hintManifest)
	if strings.TrimSpace(m.ID) == "" {
		out = append(out, finding("CONNECT_MANIFEST", reqs, hintManifest, "the manifest has no id"))
	}
	for i, api := range m.APIs {
		at := fmt.Sprintf("badgeConnectAPI[%d]", i)
		for _, f := range []struct{ name, v string }{{"name", api.Name}, {"version", api.Version}} {
			if strings.TrimSpace(f.v) == "" {
				out = append(out, finding("CONNECT_MANIFEST", reqs, hintManifest, "%s.%s is empty", at, f.name))
			}
		}
		for name, v := range api.URLs() {
			if name == "tokenRevocationUrl" && v == "" {
				continue
			}
			if !isHTTPS(v) {
				out = append(out, finding("CONNECT_MANIFEST", reqs, hintManifest, "%s.%s is %q, not an absolute https URL", at, name, v))
			}
		}
		if len(api.ScopesOffered) == 0 {
			out = append(out, finding("CONNECT_MANIFEST", reqs, hintManifest, "%s.scopesOffered lists no scope", at))
		}
		for _, s := range api.ScopesOffered {
			if !slices.Contains(Scopes, s) && s != ScopeOfflineAccess && !isHTTPS(s) {
				out = append(out, finding("CONNECT_MANIFEST", reqs, "List scopes as their full URLs, such as "+ScopeAssertionRead+".", "%s.scopesOffered holds %q, not a full scope URL", at, s))
			}
		}
	}
	return out
}

// URLs are the entry's URL fields by their manifest names (tokenRevocationUrl "" when absent).
func (a API) URLs() map[string]string {
	return map[string]string{"apiBase": a.APIBase, "termsOfServiceUrl": a.TermsOfServiceURL, "privacyPolicyUrl": a.PrivacyPolicyURL,
		"registrationUrl": a.RegistrationURL, "authorizationUrl": a.AuthorizationURL, "tokenUrl": a.TokenURL,
		"tokenRevocationUrl": a.TokenRevocationURL}
}

func isHTTPS(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Scheme == "https" && u.Host != ""
}

var versionRE = regexp.MustCompile(`^v[0-9]+p[0-9]+$`)

// CheckAPIBase checks an entry's apiBase and version.
//
// CONNECT-14: "apiBase ends with /ims/ob/v2p1 and SHOULD NOT have a trailing slash."
// CONNECT-15: "version has the form vMAJORpMINOR, i.e. v2p1."
func CheckAPIBase(api API) []obcert.Finding {
	var out []obcert.Finding
	if !strings.HasSuffix(strings.TrimSuffix(api.APIBase, "/"), APIBaseSuffix) {
		out = append(out, finding("CONNECT_API_BASE", []string{"CONNECT-14"}, "Serve the API under a base URL that ends /ims/ob/v2p1 and name that URL as apiBase.",
			"apiBase %q does not end with %s", api.APIBase, APIBaseSuffix))
	}
	if !versionRE.MatchString(api.Version) || api.Version != Version {
		out = append(out, finding("CONNECT_VERSION", []string{"CONNECT-15"}, "Give version as v2p1.",
			"version is %q, not %q (the form vMAJORpMINOR of this API version)", api.Version, Version))
	}
	return out
}

// CheckSameDomain checks that the entry's URLs sit on the manifest's own host and that apiBase
// has no trailing slash.
//
// CONNECT-16: "The manifest URLs may sit on other domains, but should use the manifest's own
// domain where possible." CONNECT-14: apiBase "SHOULD NOT have a trailing slash".
func CheckSameDomain(manifestURL string, api API) []obcert.Finding {
	mu, err := url.Parse(manifestURL)
	if err != nil {
		return nil
	}
	var out []obcert.Finding
	names := make([]string, 0, 7)
	urls := api.URLs()
	for n := range urls {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		u, err := url.Parse(urls[n])
		if urls[n] == "" || err != nil {
			continue
		}
		if u.Hostname() != mu.Hostname() {
			out = append(out, finding("CONNECT_SAME_DOMAIN", []string{"CONNECT-16"}, "Serve the API and its OAuth endpoints on the manifest's host where you can.",
				"%s is on %s, not on the manifest's host %s", n, u.Hostname(), mu.Hostname()))
		}
	}
	if strings.HasSuffix(api.APIBase, "/") {
		out = append(out, finding("CONNECT_SAME_DOMAIN", []string{"CONNECT-16"}, "Drop the trailing slash from apiBase.", "apiBase %q ends with a slash", api.APIBase))
	}
	return out
}

// Finding is the vocabulary's finding, as the checks return it.
type Finding = obcert.Finding

// CheckSchema validates a decoded body against b's patched schema; every error is a finding
// under reqs.
func CheckSchema(b Body, doc map[string]any, reqs []string) []obcert.Finding {
	return schemaFindings(b, doc, reqs, hintEnvelope)
}

// wrongTypes says, as the end of a sentence about the document, which member has the wrong JSON kind, from
// the error json.Unmarshal gave for it (never the Go type it was decoded into).
func wrongTypes(err error) string {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return "is not JSON obcert can read"
	}
	want := "another kind of value"
	switch te.Type.Kind() {
	case reflect.String:
		want = "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64:
		want = "an integer"
	case reflect.Float32, reflect.Float64:
		want = "a number"
	case reflect.Bool:
		want = "true or false"
	case reflect.Slice, reflect.Array:
		want = "an array"
	case reflect.Map, reflect.Struct:
		want = "an object"
	}
	got := te.Value
	switch got {
	case "bool":
		got = "true or false"
	case "array", "object", "number", "string":
		got = map[string]string{"array": "an array", "object": "an object", "number": "a number", "string": "a string"}[got]
	}
	if te.Field == "" {
		return fmt.Sprintf("is %s where %s is due", got, want)
	}
	return fmt.Sprintf("holds %s as %s where %s is due", te.Field, got, want)
}
