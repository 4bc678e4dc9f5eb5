package connect

import (
	"strings"
	"testing"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

func TestProviderSpecsAreValidAndMatchTheContract(t *testing.T) {
	specs := Specs()
	if err := suites.Validate(specs); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"connect/manifest": "CONNECT-11", "connect/registration-required-fields": "CONNECT-22",
		"connect/token-wrong-verifier": "CONNECT-31", "connect/pagination-links": "CONNECT-61 CONNECT-62",
		"connect/token-revocation": "CONNECT-40 CONNECT-41 CONNECT-39", "connect/status-envelope": "CONNECT-50 CONNECT-51 CONNECT-52"}
	n := 0
	for _, s := range specs {
		if strings.HasPrefix(s.ID, "connect/consumer-") {
			continue
		}
		n++
		if reqs, ok := want[s.ID]; ok && strings.Join(s.Requirements, " ") != reqs {
			t.Errorf("%s names %v, want %s", s.ID, s.Requirements, reqs)
		}
	}
	if n != 34 {
		t.Errorf("%d provider specs, want the contract's 34", n)
	}
}

func TestCheckProvider(t *testing.T) {
	const m = "https://h.example/.well-known/badgeconnect.json"
	form := obcert.ConnectConsent{Mode: "form", Steps: []obcert.ConsentStep{{Form: "login", FieldsEnv: map[string]string{"password": "PW"}}}}
	for _, c := range []struct {
		name string
		p    obcert.ConnectProvider
		want string // "" for no error
	}{
		{"form", obcert.ConnectProvider{Manifest: m, Consent: form}, ""},
		{"token", obcert.ConnectProvider{Manifest: m, Consent: obcert.ConnectConsent{Mode: "token", TokenEnv: "TOK"}}, ""},
		{"token without its variable", obcert.ConnectProvider{Manifest: m, Consent: obcert.ConnectConsent{Mode: "token"}}, "consent.tokenEnv"},
		{"form without steps", obcert.ConnectProvider{Manifest: m, Consent: obcert.ConnectConsent{Mode: "form"}}, "consent.steps"},
		{"plain http", obcert.ConnectProvider{Manifest: "http://h.example/.well-known/badgeconnect.json", Consent: form}, "absolute https"},
		{"another path (connect/manifest fails it)", obcert.ConnectProvider{Manifest: "https://h.example/manifest.json", Consent: form}, ""},
		{"no mode", obcert.ConnectProvider{Manifest: m}, "consent.mode"},
		{"a field twice", obcert.ConnectProvider{Manifest: m, Consent: obcert.ConnectConsent{Mode: "form", Steps: []obcert.ConsentStep{
			{Fields: map[string]string{"password": "x"}, FieldsEnv: map[string]string{"password": "PW"}}}}}, "both in fields and in fieldsEnv"},
		{"an empty variable", obcert.ConnectProvider{Manifest: m, Consent: obcert.ConnectConsent{Mode: "form", Steps: []obcert.ConsentStep{
			{FieldsEnv: map[string]string{"password": ""}}}}}, "fieldsEnv.password"},
	} {
		err := checkProvider(c.p, ".")
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
}
