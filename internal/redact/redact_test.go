package redact

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	cases := map[string]string{
		"GET http://user:s3cret@example.org/a?access_token=T0K&api_key=K3Y&sig=S1G&x=1: timeout": "GET http://REDACTED@example.org/a?access_token=REDACTED&api_key=REDACTED&sig=REDACTED&x=1: timeout",
		"Authorization: Bearer abc.def":                          "Authorization: REDACTED",
		"see publicKey=keep and key=drop":                        "see publicKey=keep and key=REDACTED",
		`"url":"https://a.example/?code=C\u0026b=1"`:             `"url":"https://a.example/?code=REDACTED\u0026b=1"`,
		`"url":"https://a.example/?b=1\u0026api_key=K\u0026c=2"`: `"url":"https://a.example/?b=1\u0026api_key=REDACTED\u0026c=2"`,
	}
	for in, want := range cases {
		if got := Text(in); got != want {
			t.Errorf("Text(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}

type planted struct {
	TokenEnv string
	Nested   []struct{ KeyEnv, Other string }
	Notes    map[string]string
	Ptr      *string
}

func TestRedactorValuesAndEnvNames(t *testing.T) {
	const secret = "hunter2-very-secret"
	held := "held " + secret
	p := planted{TokenEnv: "OBCERT_TOKEN", Notes: map[string]string{"a": "it is " + secret}, Ptr: &held}
	p.Nested = append(p.Nested, struct{ KeyEnv, Other string }{"OBCERT_KEY", "x " + secret})
	if got := EnvNames(&p); len(got) != 2 || got[0] != "OBCERT_TOKEN" || got[1] != "OBCERT_KEY" {
		t.Fatalf("EnvNames: %v", got)
	}
	r := New(secret, "ab") // too short a value is not redacted literally
	r.Value(&p)
	if strings.Contains(p.Notes["a"]+p.Nested[0].Other+*p.Ptr, secret) {
		t.Errorf("a planted value survived: %+v", p)
	}
	var b bytes.Buffer
	_, _ = r.Writer(&b).Write([]byte("progress: " + secret + " ab\n"))
	if b.String() != "progress: REDACTED ab\n" {
		t.Errorf("writer: %q", b.String())
	}
}

// A map whose field name ends in Env holds variable names as values (a consent step's
// fieldsEnv: field → variable): EnvNames returns them.
func TestEnvNamesOfAMap(t *testing.T) {
	type step struct {
		Fields    map[string]string
		FieldsEnv map[string]string
	}
	v := struct{ Steps []step }{Steps: []step{{Fields: map[string]string{"user": "NOT_A_VAR"}, FieldsEnv: map[string]string{"password": "OBCERT_PW"}}}}
	if got := EnvNames(&v); len(got) != 1 || got[0] != "OBCERT_PW" {
		t.Errorf("EnvNames: %v, want [OBCERT_PW]", got)
	}
}

// A credential header quoted inside a JSON string stays valid JSON once redacted.
func TestTextKeepsJSONValid(t *testing.T) {
	in := `{"text": "{\"error\":\"needs a token: Authorization: Bearer abc.def\",\"statusCode\":401}"}`
	out := Text(in)
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil || strings.Contains(out, "abc.def") {
		t.Errorf("Text(%s) = %s: %v", in, out, err)
	}
}
