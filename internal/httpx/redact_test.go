package httpx

import (
	"net/http"
	"testing"
)

func TestRedactJSON(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"no secret", `{"id": "urn:x", "type": "Assertion"}`, `{"id": "urn:x", "type": "Assertion"}`},
		{"keeps layout", "{\n  \"token\" :\t\"abc\",\n  \"x\": 1\n}", "{\n  \"token\" :\t\"REDACTED\",\n  \"x\": 1\n}"},
		{"nested and in arrays", `[{"a":{"password":"p"}},{"code":42}]`, `[{"a":{"password":"REDACTED"}},{"code":"REDACTED"}]`},
		{"object value", `{"id_token":{"a":["}"]},"b":true}`, `{"id_token":"REDACTED","b":true}`},
		{"any case", `{"Access_Token":"t"}`, `{"Access_Token":"REDACTED"}`},
		{"escaped name", `{"pass\u0077ord":"p"}`, `{"pass\u0077ord":"REDACTED"}`},
		{"name inside a string", `{"note":"say \"token\": \"x\"","token_type":"Bearer"}`, `{"note":"say \"token\": \"x\"","token_type":"Bearer"}`},
		{"secret as a value only", `{"grant":"refresh_token"}`, `{"grant":"refresh_token"}`},
		{"cut text", `{"refresh_token":"abc`, `{"refresh_token":"REDACTED"`},
		{"null and numbers", `{"token":null,"code":-1.5e3}`, `{"token":"REDACTED","code":"REDACTED"}`},
	}
	for _, c := range cases {
		if got := string(redactJSON([]byte(c.in))); got != c.want {
			t.Errorf("%s: redactJSON(%s) = %s, want %s", c.name, c.in, got, c.want)
		}
	}
}

func TestRedactURL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"https://example.org/a%2Fb?x=1&y=2", "https://example.org/a%2Fb?x=1&y=2"},
		{"https://example.org/cb?state=s&code=abc", "https://example.org/cb?state=s&code=REDACTED"},
		{"https://example.org/cb?CODE=abc&codes=keep", "https://example.org/cb?CODE=REDACTED&codes=keep"},
		{"https://u:pw@example.org/", "https://REDACTED@example.org/"},
		{"https://example.org/cb#access_token=t&token_type=Bearer", "https://example.org/cb#access_token=REDACTED&token_type=Bearer"},
		{"/relative?refresh_token=r", "/relative?refresh_token=REDACTED"},
	}
	for _, c := range cases {
		if got := redactURL(c.in); got != c.want {
			t.Errorf("redactURL(%s) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestRedactHeader(t *testing.T) {
	h := http.Header{"Authorization": {"Bearer t"}, "Set-Cookie": {"a=1", "b=2"}, "Accept": {"*/*"},
		"Location": {"https://example.org/?code=c"}}
	got := redactHeader(h)
	if got.Get("Authorization") != redacted || got["Set-Cookie"][1] != redacted || got.Get("Accept") != "*/*" ||
		got.Get("Location") != "https://example.org/?code=REDACTED" {
		t.Errorf("redactHeader gave %v", got)
	}
	if h.Get("Authorization") != "Bearer t" {
		t.Error("redactHeader changed its argument")
	}
}

func TestRedactBody(t *testing.T) {
	form := redactBody([]byte("a=1&client_secret=s%20t&b=2"), "application/x-www-form-urlencoded; charset=utf-8")
	if string(form) != "a=1&client_secret=REDACTED&b=2" {
		t.Errorf("form: %s", form)
	}
	if js := redactBody([]byte(` {"token":"t"}`), "text/plain"); string(js) != ` {"token":"REDACTED"}` {
		t.Errorf("JSON sent as text/plain: %s", js)
	}
	if html := redactBody([]byte(`<p>token=abc</p>`), "text/html"); string(html) != `<p>token=abc</p>` {
		t.Errorf("html changed: %s", html)
	}
}

func TestRedactText(t *testing.T) {
	in := `GET https://x/cb?state=s&code=abc: timeout; postcode=keep id_token=t`
	want := `GET https://x/cb?state=s&code=REDACTED: timeout; postcode=keep id_token=REDACTED`
	if got := redactText(in); got != want {
		t.Errorf("redactText = %s, want %s", got, want)
	}
}
