package jsonld

import "testing"

func TestDetectVersion(t *testing.T) {
	cases := []struct{ doc, want string }{
		{`{"@context":"https://w3id.org/openbadges/v2"}`, "2.0"},
		{`{"@context":"https://openbadgespec.org/v2/context.json"}`, "2.0"},
		{`{"@context":"https://w3id.org/openbadges/v1"}`, "1.1"},
		{`{"@context":"https://example.org/v1v2"}`, "1.1"},
		{`{"@context":"https://example.org/other"}`, "2.0"},
		{`{"@context":["https://w3id.org/openbadges/v1"]}`, "2.0"},
		{`{"@context":{"x":"http://e.org/x"}}`, "2.0"},
		{`{"recipient":"someone@example.org"}`, "0.5"},
		{`{"@context":null,"recipient":"someone@example.org"}`, "0.5"},
		{`{"recipient":{"identity":"someone@example.org"}}`, "1.0"},
		{`{}`, "1.0"},
	}
	for _, c := range cases {
		if got := DetectVersion(decode(t, c.doc).(map[string]any)); got != c.want {
			t.Errorf("DetectVersion(%s) = %s, want %s", c.doc, got, c.want)
		}
	}
}

func TestDetectVersionOfTestComponents(t *testing.T) {
	want := map[string]string{
		"0_5_assertion.json": "0.5", "0_5_1_assertion.json": "0.5", "1_0_assertion_with_errors.json": "0.5",
		"1_0_basic_assertion.json": "1.0", "1_0_basic_badgeclass.json": "1.0", "1_0_basic_issuer.json": "1.0",
		"1_1_basic_assertion.json": "1.1", "1_1_basic_badgeclass.json": "1.1", "1_1_basic_issuer.json": "1.1",
		"2_0_basic_assertion.json": "2.0", "2_0_basic_badgeclass.json": "2.0", "2_0_basic_issuer.json": "2.0",
	}
	for f, v := range want {
		if got := DetectVersion(readJSON(t, componentDir+"/"+f).(map[string]any)); got != v {
			t.Errorf("%s: DetectVersion = %s, want %s", f, got, v)
		}
	}
}
