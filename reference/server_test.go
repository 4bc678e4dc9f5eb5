package reference

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/obcert/obcert/openbadges/bake"
)

func TestCleanServesEveryPath(t *testing.T) {
	s := start(t)
	want := []struct {
		path, contentType string
		status            int
	}{
		{pathIndex, typeHTML, 200}, {pathIssuer, typeLDJSON, 200}, {pathEndorser, typeLDJSON, 200},
		{pathKey1, typeLDJSON, 200}, {pathKey2, typeLDJSON, 200}, {pathRevocations, typeLDJSON, 200},
		{pathBadgeClass, typeLDJSON, 200}, {pathEndorsement, typeLDJSON, 200}, {pathHosted, typeLDJSON, 200},
		{pathRevoked, typeLDJSON, 410}, {pathHostedPNG, "image/png", 200}, {pathSignedSVG, "image/svg+xml", 200},
		{pathIssuerImage, "image/png", 200}, {pathBadgeImage, "image/png", 200},
		{"/no-such-path", typeJSON, 404}, {pathSigned, typeJSON, 404},
	}
	for _, w := range want {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			r := fetch(t, method, s.URL()+w.path, "")
			if r.status != w.status || r.contentType != w.contentType {
				t.Errorf("%s %s = %d %q, want %d %q", method, w.path, r.status, r.contentType, w.status, w.contentType)
			}
			if (method == http.MethodHead) != (len(r.body) == 0) {
				t.Errorf("%s %s: body of %d bytes", method, w.path, len(r.body))
			}
		}
	}
}

func TestDocumentIDsAreTheirURLs(t *testing.T) {
	s := start(t)
	types := map[string]string{pathIssuer: "Issuer", pathEndorser: "Profile", pathKey1: "CryptographicKey",
		pathKey2: "CryptographicKey", pathRevocations: "RevocationList", pathBadgeClass: "BadgeClass",
		pathEndorsement: "Endorsement", pathHosted: "Assertion"}
	for path, typ := range types {
		d := getDoc(t, s, path)
		if d["id"] != s.URL()+path || d["type"] != typ || d["@context"] != obContext {
			t.Errorf("%s: id %v, type %v, @context %v", path, d["id"], d["type"], d["@context"])
		}
	}
	revoked := getDoc(t, s, pathRevoked)
	if revoked["id"] != s.URL()+pathRevoked || revoked["revoked"] != true || revoked["revocationReason"] == "" {
		t.Errorf("revoked hosted body = %v", revoked)
	}
}

func TestDocumentsLinkEachOther(t *testing.T) {
	s := start(t)
	u := s.URL()
	issuer := getDoc(t, s, pathIssuer)
	for k, v := range map[string]string{"publicKey": u + pathKey1, "revocationList": u + pathRevocations,
		"image": u + pathIssuerImage, "url": u + pathIndex} {
		if issuer[k] != v {
			t.Errorf("issuer %s = %v, want %s", k, issuer[k], v)
		}
	}
	if owner := getDoc(t, s, pathKey1)["owner"]; owner != u+pathIssuer {
		t.Errorf("key owner = %v", owner)
	}
	bc := getDoc(t, s, pathBadgeClass)
	if bc["issuer"] != u+pathIssuer || bc["image"] != u+pathBadgeImage || bc["name"] == nil {
		t.Errorf("badge class = %v", bc)
	}
	if e, _ := bc["endorsement"].([]any); len(e) != 1 || e[0] != u+pathEndorsement {
		t.Errorf("badge class endorsement = %v", bc["endorsement"])
	}
	claim, _ := getDoc(t, s, pathEndorsement)["claim"].(map[string]any)
	if claim["id"] != u+pathBadgeClass || claim["endorsementComment"] == nil {
		t.Errorf("endorsement claim = %v", claim)
	}
	list, _ := getDoc(t, s, pathRevocations)["revokedAssertions"].([]any)
	want := payload(t, jwsOf(t, s, "revoked-signed"))["id"]
	if len(list) != 1 || list[0].(map[string]any)["id"] != want {
		t.Errorf("revokedAssertions = %v, want the revoked signed badge %v", list, want)
	}
}

func TestHostedAssertion(t *testing.T) {
	s := start(t)
	d := getDoc(t, s, pathHosted)
	if d["badge"] != s.URL()+pathBadgeClass {
		t.Errorf("badge = %v", d["badge"])
	}
	if v, _ := d["verification"].(map[string]any); v["type"] != "HostedBadge" {
		t.Errorf("verification = %v", d["verification"])
	}
	if d["issuedOn"] != "2026-10-27T12:30:45Z" || d["expires"] != "2027-11-26T12:30:45Z" {
		t.Errorf("issuedOn %v, expires %v (clock %s)", d["issuedOn"], d["expires"], testNow)
	}
	checkHashedRecipient(t, d, DefaultRecipient)
}

func checkHashedRecipient(t *testing.T, assertion map[string]any, email string) {
	t.Helper()
	if err := hashedRecipient(assertion, email); err != nil {
		t.Error(err)
	}
}

// hashedRecipient checks that assertion was issued to email, hashed with sha256 and a salt.
func hashedRecipient(assertion map[string]any, email string) error {
	r, _ := assertion["recipient"].(map[string]any)
	salt, _ := r["salt"].(string)
	sum := sha256.Sum256([]byte(email + salt))
	if r["type"] != "email" || r["hashed"] != true || salt == "" || r["identity"] != "sha256$"+hex.EncodeToString(sum[:]) {
		return fmt.Errorf("recipient %v is not %s hashed with sha256 and its salt", r, email)
	}
	return nil
}

func TestWithRecipient(t *testing.T) {
	s := start(t, WithRecipient("someone@example.net"))
	checkHashedRecipient(t, getDoc(t, s, pathHosted), "someone@example.net")
	checkHashedRecipient(t, payload(t, jwsOf(t, s, "signed")), "someone@example.net")
	if r := s.CandidateFile().Issuer.Recipient; r != "someone@example.net" {
		t.Errorf("candidate recipient = %q", r)
	}
}

func TestContentNegotiation(t *testing.T) {
	s := start(t)
	cases := map[string]string{
		"": typeLDJSON, "*/*": typeLDJSON, "application/ld+json": typeLDJSON, "application/json": typeJSON,
		"application/json;q=0.9": typeJSON, "application/json, application/ld+json": typeLDJSON,
		"application/ld+json;q=0, application/json": typeJSON, "text/html": typeHTML,
		"text/html, application/xhtml+xml, */*;q=0.8": typeHTML, "image/png": typeLDJSON, "text/*": typeLDJSON,
		"application/ld+json, application/json, image/png, image/svg+xml": typeLDJSON, "text/html;q=0": typeLDJSON,
	}
	for accept, want := range cases {
		if r := fetch(t, http.MethodGet, s.URL()+pathHosted, accept); r.contentType != want {
			t.Errorf("Accept %q: Content-Type %q, want %q", accept, r.contentType, want)
		}
	}
	if r := fetch(t, http.MethodGet, s.URL()+pathHosted, "text/html"); !bytes.Contains(r.body, []byte(s.URL()+pathHosted)) {
		t.Errorf("the HTML page does not link the Assertion:\n%s", r.body)
	}
	if r := fetch(t, http.MethodGet, s.URL()+pathIssuer, "application/json"); r.contentType != typeJSON {
		t.Errorf("issuer with Accept application/json: %q", r.contentType)
	}
	if r := fetch(t, http.MethodGet, s.URL()+pathIssuer, "text/html"); r.contentType != typeLDJSON {
		t.Errorf("issuer with Accept text/html: %q, want JSON (only Assertions have a page)", r.contentType)
	}
}

func TestBakedImages(t *testing.T) {
	s := start(t)
	ex := extract(t, get(t, s, pathHostedPNG).body)
	if ex.Format != bake.PNG || ex.Source != "iTXt" || ex.Payload != string(get(t, s, pathHosted).body) || len(ex.Findings) > 0 {
		t.Errorf("hosted.png carries %+v, want the hosted Assertion in iTXt", ex)
	}
	svg := get(t, s, pathSignedSVG).body
	ex = extract(t, svg)
	if ex.Format != bake.SVG || ex.Verify != jwsOf(t, s, "signed") || len(ex.Findings) > 0 {
		t.Errorf("signed.svg carries %+v, want the signed JWS in verify", ex)
	}
	if !bytes.Contains(svg, []byte(`verify="`+jwsOf(t, s, "signed")+`"/>`)) {
		t.Error("the openbadges:assertion element of signed.svg is not self-closing")
	}
	for _, p := range []string{pathBadgeImage, pathIssuerImage, pathHostedPNG} {
		if _, err := png.Decode(bytes.NewReader(get(t, s, p).body)); err != nil {
			t.Errorf("%s does not decode as PNG: %v", p, err)
		}
	}
}

func extract(t *testing.T, img []byte) *bake.Extracted {
	t.Helper()
	ex, err := bake.Extract(img)
	if err != nil {
		t.Fatalf("bake.Extract: %v", err)
	}
	return ex
}

func TestCandidateFile(t *testing.T) {
	s := start(t)
	cf := s.CandidateFile()
	if cf.Candidate.Name != "obcert reference candidate" || cf.Candidate.Version != "1" || cf.Candidate.Vendor != "obcert" || cf.Profile != "full" {
		t.Errorf("candidate %+v, profile %q", cf.Candidate, cf.Profile)
	}
	got, _ := json.Marshal(cf.Issuer)
	for _, want := range []string{`"recipient":"conformance@imsglobal.org"`,
		`{"name":"hosted","url":"` + s.URL() + pathHosted + `"}`,
		`{"name":"baked-png","url":"` + s.URL() + pathHostedPNG + `"}`,
		`{"name":"baked-svg","url":"` + s.URL() + pathSignedSVG + `"}`,
		`{"name":"revoked-hosted","url":"` + s.URL() + pathRevoked + `"}`} {
		if !strings.Contains(string(got), want) {
			t.Errorf("candidate issuer %s lacks %s", got, want)
		}
	}
	cf.Issuer.Badges[0].URL = "changed"
	if s.CandidateFile().Issuer.Badges[0].URL == "changed" {
		t.Error("changing a returned CandidateFile changed the server's")
	}
	faulty := startFault(t, "bad-signature").CandidateFile()
	if faulty.Candidate.Name != "obcert reference candidate (fault: bad-signature)" {
		t.Errorf("faulty candidate name = %q", faulty.Candidate.Name)
	}
}

func TestRequestsAreCounted(t *testing.T) {
	s := start(t)
	if n := s.Requests(); n != 0 {
		t.Fatalf("a fresh server answered %d requests", n)
	}
	s.CandidateFile()
	get(t, s, pathIssuer)
	fetch(t, http.MethodHead, s.URL()+pathIndex, "")
	get(t, s, "/no-such-path")
	if n := s.Requests(); n != 3 {
		t.Errorf("Requests() = %d after 3 requests", n)
	}
}

func TestStartBindsLoopbackOnly(t *testing.T) {
	s := start(t)
	u, err := url.Parse(s.URL())
	if err != nil || u.Scheme != "http" || u.Hostname() != "127.0.0.1" || u.Port() == "0" {
		t.Errorf("URL() = %q", s.URL())
	}
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "localhost:0", "nonsense"} {
		if s, err := Start(WithAddr(addr)); err == nil {
			s.Close()
			t.Errorf("Start(WithAddr(%q)) succeeded", addr)
		}
	}
}

func TestCloseFreesThePort(t *testing.T) {
	k1, k2 := testKeys(t)
	s, err := Start(withKeys(k1, k2))
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimPrefix(s.URL(), "http://")
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("the port is still taken after Close: %v", err)
	}
	ln.Close()
	c := &http.Client{Timeout: 2 * time.Second}
	if _, err := c.Get(s.URL() + pathIssuer); err == nil || errors.Is(err, http.ErrServerClosed) {
		t.Errorf("a closed server answered: %v", err)
	}
}
