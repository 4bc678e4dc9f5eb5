package connect

import (
	"net/url"
	"os"
	"strings"
	"testing"
)

func TestSchemasCompileWithPatches(t *testing.T) {
	for _, b := range []Body{ManifestBody, GetAssertionsBody, GetAssertionsErrorBody, GetProfileBody, GetProfileErrorBody,
		PostAssertionBody, PostAssertionRequest, PostProfileBody, PostProfileErrorBody, PostProfileRequest} {
		if _, err := Schema(b); err != nil {
			t.Errorf("schema %s: %v", b, err)
		}
	}
}

func TestSpecManifestExamplePassesThePatchedSchema(t *testing.T) {
	body, err := os.ReadFile("testdata/06-manifest-badgeconnect.json")
	if err != nil {
		t.Fatal(err)
	}
	m, doc, err := ParseManifest(body)
	if err != nil {
		t.Fatal(err)
	}
	if f := CheckManifestShape(doc, m); len(f) != 0 {
		t.Errorf("the spec's manifest example (with @context, CONNECT-19) has findings: %v", f)
	}
	if f := CheckAPIBase(m.APIs[0]); len(f) != 0 {
		t.Errorf("apiBase and version of the example: %v", f)
	}
	delete(doc, "id")
	doc["extra"] = true
	m.ID = ""
	f := CheckManifestShape(doc, m)
	if len(f) < 2 {
		t.Errorf("a manifest without id and with an unknown member gave only %d findings", len(f))
	}
	m.APIs[0].APIBase = "https://badgehost.example.com/api/"
	m.APIs[0].Version = "2.1"
	if f := CheckAPIBase(m.APIs[0]); len(f) != 2 {
		t.Errorf("a wrong apiBase and version gave %d findings, want 2", len(f))
	}
	if f := CheckSameDomain("https://other.example.org/.well-known/badgeconnect.json", m.APIs[0]); len(f) != 8 {
		t.Errorf("URLs on another host and a trailing slash gave %d findings, want 8: %v", len(f), f)
	}
}

func TestEnvelopeAcceptsNullErrorAndNamesWrongStatusText(t *testing.T) {
	body, _ := os.ReadFile("testdata/15-error-404.json")
	if st, f := CheckEnvelope(GetAssertions, 404, body); len(f) != 0 || st.StatusText != StatusNotFound || st.Error != nil {
		t.Errorf("the spec's 404 example (error null, CONNECT-51): %+v %v", st, f)
	}
	if _, f := CheckEnvelope(GetAssertions, 400, body); len(f) < 2 {
		t.Errorf("a 404 envelope under HTTP 400 gave %v", f)
	}
	_, f := CheckEnvelope(GetProfile, 401, []byte(`{"status":{"error":null,"statusCode":401,"statusText":"NOT_FOUND"}}`))
	if len(f) != 1 || f[0].Requirements[0] != "CONNECT-46" {
		t.Errorf("401 NOT_FOUND: %v", f)
	}
	_, f = CheckEnvelope(PostAssertions, 400, []byte(`{"status":{"error":"x","statusCode":400,"statusText":"WHATEVER"}}`))
	if len(f) != 1 || f[0].Requirements[0] != "CONNECT-52" {
		t.Errorf("an unknown statusText: %v", f)
	}
	if _, f := CheckEnvelope(PostAssertions, 400, []byte(`<html>`)); len(f) != 1 || f[0].Requirements[0] != "CONNECT-50" {
		t.Errorf("HTML where JSON is due: %v", f)
	}
	s, err := Schema(PostAssertionBody)
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := DecodeObject([]byte(`{"status":{"error":null,"statusCode":200,"statusText":"OK"}}`))
	if errs, _ := s.Validate(normalizeNumbers(doc)); len(errs) != 0 {
		t.Errorf("the patched schema still refuses error null: %v", errs)
	}
}

func TestParseLinksSpecExample(t *testing.T) {
	raw, _ := os.ReadFile("testdata/07-pagination-link-header.txt")
	value := strings.TrimPrefix(string(raw), "Link:")
	links, err := ParseLinks(nil, []string{value})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"next": "https://host.example.com/v1/assertions?limit=10&offset=20",
		"last": "https://host.example.com/v1/assertions?limit=3&offset=500", "first": "https://host.example.com/v1/assertions?limit=10&offset=0",
		"prev": "https://host.example.com/v1/assertions?limit=10&offset=0"}
	if len(links) != 4 {
		t.Fatalf("got %d links, want 4: %v", len(links), links)
	}
	for rel, u := range want {
		if got, ok := Rel(links, rel); !ok || got != u {
			t.Errorf("rel %s: got %q, want %q", rel, got, u)
		}
	}
}

func TestParseLinksSeveralRelsAndRelative(t *testing.T) {
	base, _ := url.Parse("https://h.example/api/ims/ob/v2p1/assertions?limit=2")
	links, err := ParseLinks(base, []string{`</api/ims/ob/v2p1/assertions?offset=0>; rel="first prev"; title="a, b"`, `<?offset=4>;rel=last`})
	if err != nil {
		t.Fatal(err)
	}
	if u, _ := Rel(links, "prev"); u != "https://h.example/api/ims/ob/v2p1/assertions?offset=0" {
		t.Errorf("prev: %q", u)
	}
	if u, _ := Rel(links, "last"); u != "https://h.example/api/ims/ob/v2p1/assertions?offset=4" {
		t.Errorf("last: %q", u)
	}
	if _, ok := Rel(links, "next"); ok {
		t.Error("found a next link that is not there")
	}
	if _, err := ParseLinks(nil, []string{`https://x; rel=next`}); err == nil {
		t.Error("a link without <> parsed")
	}
}

func TestRegistrationAnswerChecks(t *testing.T) {
	sent := NewRegistration("https://obcert.invalid/callback", "1.0", Scopes)
	good := sent.Fields()
	good["client_id"], good["client_secret"], good["client_id_issued_at"], good["client_secret_expires_at"] = "c1", "s1", 1, 0
	body := mustJSON(t, good)
	c, f := CheckRegistrationAnswer(sent, 201, body)
	if len(f) != 0 || c.ID != "c1" || c.Secret != "s1" {
		t.Errorf("a full answer: %+v %v", c, f)
	}
	delete(good, "logo_uri")
	delete(good, "client_secret_expires_at")
	good["scope"] = ScopeAssertionRead + " https://evil.example/scope"
	if _, f := CheckRegistrationAnswer(sent, 201, mustJSON(t, good)); len(f) != 3 {
		t.Errorf("an answer missing logo_uri and an expiry, with a scope not asked: %d findings %v", len(f), f)
	}
}

// TestWrongTypesIsASentence: a member of the wrong JSON kind is named with the kinds, never with
// the Go type it is decoded into.
func TestWrongTypesIsASentence(t *testing.T) {
	_, findings := CheckRegistrationAnswer(Registration{}, 201, []byte(`{"client_id":"a","client_secret":"b","client_id_issued_at":"yesterday","client_secret_expires_at":0}`))
	var msg string
	for _, f := range findings {
		msg += f.Message + "\n"
	}
	if !strings.Contains(msg, "the registration answer holds client_id_issued_at as a string where an integer is due") ||
		strings.Contains(msg, "Go struct") || strings.Contains(msg, "int64") {
		t.Errorf("findings:\n%s", msg)
	}
	if _, _, err := ParseManifest([]byte(`{"id":"x","badgeConnectAPI":[{"scopesOffered":"all"}]}`)); err == nil ||
		err.Error() != "the manifest holds badgeConnectAPI.scopesOffered as a string where an array is due" {
		t.Errorf("manifest error: %v", err)
	}
}
