package openbadges

import (
	"encoding/json"
	"reflect"
	"testing"

	obcert "github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges/internal/jsonschema"
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

// FuzzShapeCheck: for any JSON object, every class's split, remembering check gives the shape
// errors of its whole schema (the object also taken as decoded JSON when it is), and ValidateNode
// the findings of the check that remembers nothing.
func FuzzShapeCheck(f *testing.F) {
	for _, n := range []map[string]any{assertion(), badgeClass(), profile(), endorsement(), revocationList(),
		{"type": "hosted"}, {"type": []any{"email"}, "hashed": true, "identity": "sha256$00"}} {
		b, _ := json.Marshal(n)
		f.Add(b)
	}
	shapeOf(ClassAssertion) // loads shapes
	whole := wholeSchemas(f, shapes)
	f.Fuzz(func(t *testing.T, b []byte) {
		var node map[string]any
		if json.Unmarshal(b, &node) != nil || node == nil {
			return
		}
		clean := jsonschema.IsDecoded(node)
		for _, c := range Classes {
			s := shapeOf(c)
			errs, err1 := whole[c].Validate(withoutNulls(node))
			want := shapeErrorsOf(errs)
			for _, asDecoded := range []bool{false, clean} {
				got, err2 := s.checkAs(withoutNulls(node), asDecoded)
				if !reflect.DeepEqual(want, got) || (err1 == nil) != (err2 == nil) {
					t.Fatalf("%s %s (as decoded: %v):\nwhole schema: %v %v\nsplit:        %v %v", c, b, asDecoded, want, err1, got, err2)
				}
			}
			plain := (&walker{root: c, noMemo: true}).validate(c, node)
			if got := ValidateNode(c, node, Options{}); !reflect.DeepEqual(got, plain) {
				t.Fatalf("%s %s:\nremembering: %s\nchecking:    %s", c, b, render(got), render(plain))
			}
		}
	})
}
