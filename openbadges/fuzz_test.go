package openbadges

import (
	"encoding/json"
	"testing"

	obcert "github.com/obcert/obcert"
)

// FuzzDataTypes checks the predicates never panic and keep their implications.
func FuzzDataTypes(f *testing.F) {
	for _, s := range []string{"http://example.org", "data:,", "_:b0", "2016-12-31T23:59:59Z", "en-US", "a@b", "+15417522845", "example.org"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if IsURL(s) && (!IsIRI(s) || !IsDataURIOrURL(s)) {
			t.Errorf("%q is a URL but not an IRI or a data-URI-or-URL", s)
		}
		if _, ok := DataURIMediaType(s); ok != IsDataURI(s) {
			t.Errorf("DataURIMediaType(%q) disagrees with IsDataURI", s)
		}
		_ = IsDateTime(s) || IsLanguage(s) || IsEmail(s) || IsTelephone(s) || IsURLAuthority(s) || IsCompactIRI(s) || IsRDFType(s)
	})
}

// FuzzValidateNode checks that any JSON object yields findings that name known requirements.
func FuzzValidateNode(f *testing.F) {
	for _, n := range []map[string]any{assertion(), badgeClass(), profile(), endorsement(), revocationList()} {
		b, _ := json.Marshal(n)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var node map[string]any
		if json.Unmarshal(b, &node) != nil {
			return
		}
		for _, c := range Classes {
			for _, fd := range ValidateNode(c, node, Options{}) {
				if len(fd.Requirements) == 0 || len(obcert.UnknownRequirements(fd.Requirements...)) > 0 {
					t.Fatalf("finding with bad requirements: %+v", fd)
				}
			}
		}
	})
}
