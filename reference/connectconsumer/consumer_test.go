package connectconsumer

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

func post(t *testing.T, h http.Handler, body string) (int, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/connect", strings.NewReader(body)))
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out
}

// TestABadTriggerIsRefused: a trigger that is not a ConnectRequest is answered 400 saying why;
// a provider that does not answer, 502 naming the step.
func TestABadTriggerIsRefused(t *testing.T) {
	h := New(WithOrigin("http://127.0.0.1:1"))
	for body, want := range map[string]string{
		`not json`: "not a ConnectRequest",
		`{"manifest":"http://127.0.0.1:1/.well-known/badgeconnect.json","account":"a"}`: "not an absolute https URL",
		`{"manifest":"https://127.0.0.1:1/m","account":""}`:                             "account is empty",
		`{"manifest":"https://127.0.0.1:1/m","account":"a","badge":{}}`:                 "neither jws nor json",
		`{"manifest":"https://127.0.0.1:1/m","account":"a","caPEM":"nope"}`:             "no PEM certificate",
	} {
		code, out := post(t, h, body)
		if msg, _ := out["error"].(string); code != 400 || !strings.Contains(msg, want) {
			t.Errorf("%s: %d %v, want 400 saying %q", body, code, out, want)
		}
	}
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	defer srv.Close()
	code, out := post(t, h, `{"manifest":"`+srv.URL+`/.well-known/badgeconnect.json","account":"a"}`)
	if msg, _ := out["error"].(string); code != 502 || !strings.Contains(msg, "reading the manifest") {
		t.Errorf("an untrusted provider: %d %v", code, out)
	}
}

func TestApproveForm(t *testing.T) {
	page := `<html><body><form action="/login"><input name="user"></form>
<form id="c" method="POST" action="/authorize?x=1"><input type="hidden" name="request" value="r1">
<input type="checkbox" name="remember"><input type="checkbox" name="scope" value="s" checked>
<button name="deny" value="no">No</button><button type="submit" name="approve" value="yes">Yes</button></form></body></html>`
	action, form, err := approveForm("https://p.example/authorize?client_id=c", []byte(page))
	if err != nil || action != "https://p.example/authorize?x=1" {
		t.Fatalf("action %q, %v", action, err)
	}
	if form.Encode() != "approve=yes&request=r1&scope=s" {
		t.Errorf("fields %s", form.Encode())
	}
	for name, bad := range map[string]string{
		"no approve button": `<form method="post" action="/a"><button name="ok">OK</button></form>`,
		"a GET form":        `<form action="/a"><button name="approve">OK</button></form>`,
	} {
		if _, _, err := approveForm("https://p.example/", []byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestCodeFrom(t *testing.T) {
	const cb = "https://c.example/cb"
	if code, err := codeFrom("https://p.example/a", cb+"?code=abc&state=s", cb, "s"); err != nil || code != "abc" {
		t.Errorf("a good redirect: %q %v", code, err)
	}
	for loc, want := range map[string]string{
		cb + "?code=abc&state=other":        "state",
		"https://evil.example/cb?code=abc":  "elsewhere",
		cb + "?error=access_denied&state=s": "refused",
		cb + "?state=s":                     "no code",
	} {
		if _, err := codeFrom("https://p.example/a", loc, cb, "s"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", loc, err, want)
		}
	}
}

func TestHasNullOrEmpty(t *testing.T) {
	for body, want := range map[string]bool{
		`{"status":{"statusCode":200},"assertions":[{"id":"a"}]}`: false,
		`{"status":{"error":null}}`:                               true,
		`{"signedAssertions":[]}`:                                 true,
		`{"profile":{"url":null}}`:                                true,
	} {
		var v any
		_ = json.Unmarshal([]byte(body), &v)
		if hasNullOrEmpty(v) != want {
			t.Errorf("%s: want %v", body, want)
		}
	}
}

// TestEveryFaultIsNamedAndDeclaresItsSpecs: one requirement, a level, sorted consumer specs, an
// option that changes the configuration.
func TestEveryFaultIsNamedAndDeclaresItsSpecs(t *testing.T) {
	clean := fmtConfig(config{})
	seen := map[string]bool{}
	for _, f := range Faults() {
		if seen[f.Name] || !strings.HasPrefix(f.Name, "consumer-") || len(f.Requirements) != 1 || len(f.Specs) == 0 ||
			(f.Level != obcert.MUST && f.Level != obcert.SHOULD) {
			t.Errorf("fault %+v", f)
		}
		seen[f.Name] = true
		for i, s := range f.Specs {
			if !strings.HasPrefix(s, "connect/consumer-") || (i > 0 && f.Specs[i-1] >= s) {
				t.Errorf("fault %s: specs %v", f.Name, f.Specs)
			}
		}
		var c config
		f.Option(&c)
		if fmtConfig(c) == clean {
			t.Errorf("fault %s changes nothing", f.Name)
		}
	}
}

// fmtConfig writes the switches of c, to tell configurations apart.
func fmtConfig(c config) string {
	b, _ := json.Marshal([]bool{c.noPKCE, c.plainPKCE, c.secretInBody, c.skipManifest, c.dropField, c.httpRedirect,
		c.extension, c.queryToken, c.unoffered, c.chokeOnNull, c.dropRead, c.firstPage})
	return string(b)
}
