package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// The hostile-input table: each case is one hostile candidate on the loopback hostile server,
// certified with `obcert run`; each must end in a failed or error result (a warning where the
// case says so) naming the cause, within bounded time and memory, with the report written.

var (
	keyOnce sync.Once
	rsaKey  *rsa.PrivateKey
)

// testKey is one RSA key for the signed cases, made once.
func testKey(t *testing.T) *rsa.PrivateKey {
	keyOnce.Do(func() {
		var err error
		if rsaKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			t.Fatal(err)
		}
	})
	return rsaKey
}

// compactJWS joins a header and a payload, signed with RS256 by testKey when sign is set (else
// with a fake signature).
func compactJWS(t *testing.T, header, payload string, sign bool) string {
	if sign {
		opts := (&jose.SignerOptions{}).WithType("JWT")
		s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: testKey(t)}, opts)
		if err != nil {
			t.Fatal(err)
		}
		obj, err := s.Sign([]byte(payload))
		if err != nil {
			t.Fatal(err)
		}
		out, _ := obj.CompactSerialize()
		return out
	}
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(header)) + "." + enc([]byte(payload)) + "." + enc([]byte("not a signature"))
}

// signedDocs is a signed badge's world: the issuer lists /key and /revocations; revocations
// is the RevocationList body ("" for an empty one).
func signedDocs(t *testing.T, revocations string) hostileDocs {
	der, _ := x509.MarshalPKIXPublicKey(&testKey(t).PublicKey)
	keyPEM, _ := json.Marshal(string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})))
	if revocations == "" {
		revocations = `{"@context":"https://w3id.org/openbadges/v2","type":"RevocationList","id":"{{O}}/revocations","revokedAssertions":[]}`
	}
	return hostileDocs{
		"/issuer": `{"@context":"https://w3id.org/openbadges/v2","type":"Issuer","id":"{{O}}/issuer","name":"Hostile",
		  "url":"{{O}}/","email":"nobody@hostile.example","publicKey":"{{O}}/key","revocationList":"{{O}}/revocations"}`,
		"/key": `{"@context":"https://w3id.org/openbadges/v2","type":"CryptographicKey","id":"{{O}}/key",
		  "owner":"{{O}}/issuer","publicKeyPem":` + string(keyPEM) + `}`,
		"/revocations": revocations,
	}
}

const signedID = "urn:uuid:2f0c5a4e-8d3b-4c1a-9e7f-6b5d4c3a2b1c"

// signedAssertion is the payload of the signed badge, at origin.
func signedAssertion(origin string) string {
	return strings.ReplaceAll(`{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"`+signedID+`",
	  "recipient":{"type":"email","hashed":false,"identity":"conformance@imsglobal.org"},
	  "issuedOn":"2026-01-01T00:00:00Z","badge":"{{O}}/badgeclass",
	  "verification":{"type":"SignedBadge","creator":"{{O}}/key"}}`, "{{O}}", origin)
}

// badgeJSON serves body at /badge as JSON, "{{O}}" replaced by the origin.
func badgeJSON(body string) hostileHandlers {
	return hostileHandlers{"/badge": func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/ld+json")
		_, _ = w.Write([]byte(strings.ReplaceAll(body, "{{O}}", "http://"+r.Host)))
	}}
}

// assertionWith is the hosted Assertion of badgeDocs at /badge, with extra members (JSON text
// after a comma) and its contexts.
func assertionWith(extra string, contexts ...string) string {
	ctx := `"https://w3id.org/openbadges/v2"`
	for _, c := range contexts {
		ctx += `,"{{O}}` + c + `"`
	}
	return `{"@context":[` + ctx + `],"type":"Assertion","id":"{{O}}/badge",
	  "recipient":{"type":"email","hashed":false,"identity":"conformance@imsglobal.org"},
	  "issuedOn":"2026-01-01T00:00:00Z","badge":"{{O}}/badgeclass","verification":{"type":"HostedBadge"}` + extra + `}`
}

func nested(open, close string, n int) string {
	return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
}

func manyStrings(n int, format string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(format, i)
	}
	return strings.Join(parts, ",")
}

// documentCases are hostile documents: JSON, JSON-LD, JWS, keys, revocation lists, endorsements.
func documentCases(t *testing.T) []runCase {
	chain := hostileDocs{}
	for i := range 1000 {
		chain[fmt.Sprintf("/ctx%d", i)] = fmt.Sprintf(`{"@context":"{{O}}/ctx%d"}`, i+1)
	}
	wide := hostileDocs{}
	var wideNames []string
	for i := range 40 {
		p := fmt.Sprintf("/w%d", i)
		wide[p] = fmt.Sprintf(`{"@context":{"w%d":"http://e.org/w"}}`, i)
		wideNames = append(wideNames, p)
	}
	signed := func(revocations string) hostileDocs { return signedDocs(t, revocations) }
	jwsCase := func(name, header string, sign bool, causes ...string) runCase {
		return runCase{name: name, docs: signed(""), causes: causes, noLink: true,
			jws: func(o string) string { return compactJWS(t, header, signedAssertion(o), sign) }}
	}
	return []runCase{
		// JSON
		{name: "duplicate keys", handlers: badgeJSON(strings.Replace(assertionWith(""), `"type":"Assertion"`, `"type":"Assertion","type":"BadgeClass"`, 1)),
			causes: []string{`the key "type" appears twice`}},
		{name: "invalid UTF-8", handlers: badgeJSON(assertionWith(",\"name\":\"\xff\xfe\xfd\"")), causes: []string{"not valid UTF-8"}},
		{name: "UTF-16 with a BOM", handlers: hostileHandlers{"/badge": answer("application/json", []byte("\xff\xfe{\x00}\x00"))},
			causes: []string{"UTF-16 (little-endian) text"}},
		{name: "JSON nested 200 deep", handlers: badgeJSON(assertionWith(`,"x":` + nested(`{"a":`, `}`, 200))), causes: []string{"nested more than 64 levels"}},
		{name: "JSON nested 20000 deep", handlers: badgeJSON(assertionWith(`,"x":` + nested(`[`, `]`, 20000))), causes: []string{"exceeded max depth"}},
		{name: "an array of 20000 values", handlers: badgeJSON(assertionWith(`,"evidence":[` + manyStrings(20000, `"{{O}}/e%d"`) + `]`)),
			causes: []string{"holds 20000 values, more than the 10000"}},
		{name: "HTML for JSON", handlers: hostileHandlers{"/badge": answer("text/html", []byte("<html><body>Sign in</body></html>"))},
			causes: []string{"could not be used"}},
		{name: "binary garbage", handlers: hostileHandlers{"/badge": answer("application/octet-stream", []byte{0, 1, 2, 3, 0xff, 0})},
			causes: []string{"could not be used", "binary data"}},
		{name: "a JSON array, not an object", handlers: badgeJSON(`[` + assertionWith("") + `]`), causes: []string{"not a JSON object", "cannot unmarshal array"}},
		// JSON-LD contexts
		{name: "self-including context", handlers: badgeJSON(assertionWith("", "/ctx0")),
			docs: hostileDocs{"/ctx0": `{"@context":["{{O}}/ctx0",{"a":"http://e.org/a"}]}`}, causes: []string{"JSON-LD context cycle"}},
		{name: "contexts including each other", handlers: badgeJSON(assertionWith("", "/ctx0")),
			docs: hostileDocs{"/ctx0": `{"@context":["{{O}}/ctx1"]}`, "/ctx1": `{"@context":["{{O}}/ctx0"]}`}, causes: []string{"JSON-LD context cycle"}},
		{name: "self-importing context", handlers: badgeJSON(assertionWith("", "/ctx0")),
			docs: hostileDocs{"/ctx0": `{"@context":{"@version":1.1,"@import":"{{O}}/ctx0"}}`}, causes: []string{"JSON-LD context cycle"}},
		{name: "context chain of 1000", handlers: badgeJSON(assertionWith("", "/ctx0")), docs: chain, causes: []string{"more than 8 levels deep"}},
		{name: "40 remote contexts", handlers: badgeJSON(assertionWith("", wideNames...)), docs: wide, causes: []string{"more than 16 remote documents"}},
		{name: "a 2 MB context", handlers: badgeJSON(assertionWith("", "/big")),
			docs: hostileDocs{"/big": `{"@context":{"x":"http://e.org/x"},"pad":"` + strings.Repeat("a", 2<<20) + `"}`}, causes: []string{"larger than"}},
		{name: "a context that is not JSON", handlers: badgeJSON(assertionWith("", "/ctx0")), docs: hostileDocs{"/ctx0": `{"@context":`},
			causes: []string{"not JSON"}},
		{name: "a silent context", handlers: func() hostileHandlers {
			h := badgeJSON(assertionWith("", "/ctx0"))
			h["/ctx0"] = silent
			return h
		}(), causes: []string{"timeout after 1s"}},
		// JWS
		jwsCase("alg none", `{"alg":"none"}`, false, "JWS algorithm is not accepted"),
		jwsCase("HMAC with the public key", `{"alg":"HS256"}`, false, "JWS algorithm is not accepted"),
		jwsCase("an unknown crit header", `{"alg":"RS256","crit":["exp-x"],"exp-x":1}`, false, "unsupported critical header"),
		jwsCase("a forged signature", `{"alg":"RS256","jku":"{{O}}/evil-keys"}`, false, "signature", "does not verify"),
		{name: "a JWS that is not JSON inside", jws: func(string) string {
			return compactJWS(t, `{"alg":"RS256"}`, "not json at all", false)
		}, docs: signed(""), causes: []string{"it is not JSON: it starts with \"not json a\""}, noLink: true},
		// Keys and revocation lists
		{name: "a huge garbage key", jws: func(o string) string { return compactJWS(t, "", signedAssertion(o), true) },
			docs: func() hostileDocs {
				d := signed("")
				d["/key"] = `{"@context":"https://w3id.org/openbadges/v2","type":"CryptographicKey","id":"{{O}}/key","owner":"{{O}}/issuer",
				  "publicKeyPem":"-----BEGIN PUBLIC KEY-----\n` + strings.Repeat("QUFB", 256<<10) + `\n-----END PUBLIC KEY-----\n"}`
				return d
			}(), causes: []string{"obcert reads keys of at most 8192 bytes"}},
		{name: "a 1,000,000-entry malformed revocation list", jws: func(o string) string { return compactJWS(t, "", signedAssertion(o), true) },
			docs: signed(`{"@context":"https://w3id.org/openbadges/v2","type":"RevocationList","id":"{{O}}/revocations","revokedAssertions":[` +
				strings.TrimSuffix(strings.Repeat("7,", 1_000_000), ",") + `]}`), causes: []string{"RevocationList"}},
		{name: "a revocation list naming the badge last of 100000", jws: func(o string) string { return compactJWS(t, "", signedAssertion(o), true) },
			docs: signed(`{"@context":"https://w3id.org/openbadges/v2","type":"RevocationList","id":"{{O}}/revocations","revokedAssertions":[` +
				manyStrings(99_999, `"urn:uuid:%08d-0000-4000-8000-000000000000"`) + `,"` + signedID + `"]}`), causes: []string{"has been revoked"}},
		{name: "a silent revocation list", jws: func(o string) string { return compactJWS(t, "", signedAssertion(o), true) },
			handlers: hostileHandlers{"/revocations": silent}, docs: signed(""), causes: []string{"timeout after 1s"}},
		// The graph
		{name: "a BadgeClass in a redirect loop", handlers: hostileHandlers{"/badge": badgeJSON(assertionWith(""))["/badge"],
			"/badgeclass": redirectTo("/badgeclass2"), "/badgeclass2": redirectTo("/badgeclass")}, causes: []string{"redirect loop"}},
		{name: "an issuer that answers 500", handlers: hostileHandlers{"/badge": badgeJSON(assertionWith(""))["/badge"],
			"/issuer": func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", 500) }}, causes: []string{"500"}},
		{name: "a hosted badge answering 410", handlers: hostileHandlers{"/badge": func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", 410) }},
			causes: []string{"410", "revoked"}},
		{name: "ids that re-home twice", handlers: badgeJSON(strings.Replace(assertionWith(""), `"id":"{{O}}/badge"`, `"id":"{{O}}/second"`, 1)),
			docs:   hostileDocs{"/second": strings.ReplaceAll(strings.Replace(assertionWith(""), `"id":"{{O}}/badge"`, `"id":"{{O}}/third"`, 1), "{{O}}", "{{O}}")},
			causes: []string{"declares yet another id", "declared its id"}},
		{name: "500 endorsements", handlers: badgeJSON(assertionWith(`,"endorsement":[` + manyStrings(500, `"{{O}}/e%d"`) + `]`)),
			causes: []string{"links 500 endorsements: obcert followed the first 20"}, warn: true},
		{name: "an endorsement cycle", handlers: badgeJSON(assertionWith(`,"endorsement":"{{O}}/e1"`)),
			docs: hostileDocs{"/e1": `{"@context":"https://w3id.org/openbadges/v2","type":"Endorsement","id":"{{O}}/e1","issuer":"{{O}}/issuer",
			  "claim":{"id":"{{O}}/badge"},"issuedOn":"2026-01-01T00:00:00Z","verification":{"type":"HostedBadge"},"endorsement":"{{O}}/e2"}`,
				"/e2": `{"@context":"https://w3id.org/openbadges/v2","type":"Endorsement","id":"{{O}}/e2","issuer":"{{O}}/issuer",
			  "claim":{"id":"{{O}}/e1"},"issuedOn":"2026-01-01T00:00:00Z","verification":{"type":"HostedBadge"},"endorsement":"{{O}}/e1"}`},
			causes: []string{"Endorsement"}, warn: true, noLink: true},
	}
}

// moreTransportCases are further hostile ways of answering.
func moreTransportCases() []runCase {
	return []runCase{
		{name: "2 MB of response headers", handlers: hostileHandlers{"/badge": func(w http.ResponseWriter, r *http.Request) {
			for i := range 2048 {
				w.Header().Set(fmt.Sprintf("X-Pad-%d", i), strings.Repeat("a", 1024))
			}
			w.WriteHeader(200)
		}}, causes: []string{"response headers exceeded"}},
		{name: "a slow status line", handlers: hostileHandlers{"/badge": func(w http.ResponseWriter, r *http.Request) {
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			for _, b := range []byte("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n") {
				if _, err := buf.Write([]byte{b}); err != nil || buf.Flush() != nil {
					return
				}
				time.Sleep(40 * time.Millisecond)
			}
		}}, causes: []string{"timeout after 1s with no answer", "closed the connection"}},
		{name: "redirect to gopher", handlers: hostileHandlers{"/badge": redirectTo("gopher://127.0.0.1/x")}, causes: []string{"only http and https"}},
		{name: "redirect to a closed port", handlers: hostileHandlers{"/badge": redirectTo("http://127.0.0.1:1/x")}, causes: []string{"connection refused"}},
		{name: "redirects that grow the URL", handlers: hostileHandlers{"/badge": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/badge?x="+r.URL.Query().Get("x")+"xxxxxxxx", http.StatusFound)
		}}, causes: []string{"too many redirects"}},
		{name: "gzip that is not gzip", handlers: hostileHandlers{"/badge": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write([]byte("this is not gzip data at all"))
		}}, causes: []string{"gzip"}},
		{name: "401 for the badge", handlers: hostileHandlers{"/badge": func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", 401) }},
			causes: []string{"401 Unauthorized (Badge Objects must be public"}},
	}
}

func TestHostileCandidates(t *testing.T) {
	cases := append(append(transportCases(), moreTransportCases()...), documentCases(t)...)
	if len(cases) < 40 {
		t.Errorf("%d hostile cases, want at least 40", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { runHostile(t, c) })
	}
}
