package verify

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges/bake"
)

func TestStrictInputIsNamed(t *testing.T) {
	h := newHosted()
	valid, _ := json.Marshal(h.assertion)
	dup := strings.Replace(string(valid), `"type":"Assertion"`, `"type":"Assertion","badge":"https://example.org/b.json","type":"BadgeClass"`, 1)
	nested := strings.Replace(string(valid), `"hashed":false`, `"hashed":false,"hashed":true`, 1)
	badName := strings.Replace(string(valid), `"issuedOn"`, "\"name\":\"caf\xe9\",\"issuedOn\"", 1)
	var u16 []byte
	u16 = append(u16, 0xFF, 0xFE)
	for _, r := range utf16.Encode([]rune(string(valid))) {
		u16 = append(u16, byte(r), byte(r>>8))
	}
	png, err := bake.BakePNG(heartPNG, "file:///etc/passwd")
	if err != nil {
		t.Fatal(err)
	}
	crit := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256","crit":["exp-obcert"],"exp-obcert":1}`)) + "." +
		base64.RawURLEncoding.EncodeToString(valid) + ".c2ln"
	cases := []struct {
		name string
		in   Input
		want string
	}{
		{"a duplicate key", Input{Data: []byte(dup)}, `the key "badge" appears twice in the top-level object`},
		{"a nested duplicate key", Input{Data: []byte(nested)}, `the key "hashed" appears twice in the object at recipient`},
		{"invalid UTF-8 in a name", Input{Data: []byte(badName)}, "not valid UTF-8"},
		{"UTF-16 with a BOM", Input{Data: u16}, "UTF-16 (little-endian) text"},
		{"a file URL baked in an image", Input{Data: png}, "a file URL (file:///etc/passwd)"},
		{"an unknown crit header", Input{Value: crit}, "unsupported critical header (crit: exp-obcert)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := verifyWith(t, h.web(), c.in)
			if res.Valid {
				t.Fatal("valid")
			}
			for _, f := range res.Findings {
				if f.Severity == obcert.Error && strings.Contains(f.Message, c.want) {
					return
				}
			}
			t.Errorf("no error finding says %q:\n%s", c.want, dump(res))
		})
	}
}
