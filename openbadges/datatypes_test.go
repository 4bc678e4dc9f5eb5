package openbadges

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Fixture folders, relative to this package directory: the value vectors are this package's own
// testdata; the scenarios and spec examples are shared by several packages in the module's testdata.
// The READMEs there say where each file came from.
var (
	valueVectors = filepath.Join("testdata", "validator-core-testfiles", "inline", "value-vectors.json")
	shared       = filepath.Join("..", "testdata")
)

// vectorChecks maps each value-vector section to the predicate it exercises.
var vectorChecks = map[string]func(string) bool{
	"DATA_URI":        IsDataURI,
	"DATA_URI_OR_URL": IsDataURIOrURL,
	"URL":             IsURL,
	"IRI":             IsIRI,
	"URL_AUTHORITY":   IsURLAuthority,
	"TELEPHONE":       IsTelephone,
	"EMAIL":           IsEmail,
	"DATETIME":        IsDateTime,
	"COMPACT_IRI":     IsCompactIRI,
	"LANGUAGE":        IsLanguage,
}

// vectorLists says what the reference validator answers for each list in a section.
var vectorLists = map[string]bool{
	"valid":   true,
	"invalid": false,
	"should_be_valid_but_validator_rejects (listed in test, not asserted)":   false,
	"should_be_invalid_but_validator_accepts (listed in test, not asserted)": true,
}

// vectorMetadata are the keys of a section that hold no vectors.
var vectorMetadata = map[string]bool{"value_type": true, "source": true, "note": true, "observed_mismatches_here": true}

// TestValueVectors runs every vector of the reference validator's data-type tests and fails on any
// disagreement, or on any section or list it does not know how to run.
func TestValueVectors(t *testing.T) {
	raw, err := os.ReadFile(valueVectors)
	if err != nil {
		t.Fatalf("reading the value vectors: %v", err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	checked, mismatches := 0, 0
	for _, name := range sortedKeys(doc) {
		if name == "_about" {
			continue
		}
		var section map[string]json.RawMessage
		if err := json.Unmarshal(doc[name], &section); err != nil {
			t.Fatalf("section %s: %v", name, err)
		}
		var n, bad int
		switch {
		case vectorChecks[name] != nil:
			n, bad = runStringVectors(t, name, section, vectorChecks[name])
		case strings.HasPrefix(name, "RDF_TYPE"):
			n, bad = runRDFTypeVectors(t, section)
		case strings.HasPrefix(name, "many/required matrix"):
			n, bad = runMatrixVectors(t, section)
		default:
			t.Errorf("section %q has no runner: add one", name)
		}
		checked, mismatches = checked+n, mismatches+bad
	}
	t.Logf("value vectors checked: %d, mismatches: %d", checked, mismatches)
	if checked == 0 {
		t.Fatal("no vectors checked")
	}
}

func runStringVectors(t *testing.T, name string, section map[string]json.RawMessage, check func(string) bool) (n, bad int) {
	for _, key := range sortedKeys(section) {
		want, isList := vectorLists[key]
		if !isList {
			if !vectorMetadata[key] {
				t.Errorf("%s: list %q has no expectation: add one", name, key)
			}
			continue
		}
		var vs []string
		if err := json.Unmarshal(section[key], &vs); err != nil {
			t.Fatalf("%s.%s: %v", name, key, err)
		}
		for _, v := range vs {
			n++
			if got := check(v); got != want {
				bad++
				t.Errorf("%s(%q) = %v, the reference validator says %v (%s)", name, v, got, want, key)
			}
		}
	}
	return n, bad
}

func runRDFTypeVectors(t *testing.T, section map[string]json.RawMessage) (n, bad int) {
	var cases []struct {
		Type  any  `json:"type"`
		Valid bool `json:"expected_valid"`
	}
	if err := json.Unmarshal(section["cases"], &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		n++
		if got := IsRDFType(c.Type); got != c.Valid {
			bad++
			t.Errorf("IsRDFType(%#v) = %v, want %v", c.Type, got, c.Valid)
		}
	}
	return n, bad
}

func runMatrixVectors(t *testing.T, section map[string]json.RawMessage) (n, bad int) {
	var m struct {
		Values   []any             `json:"values"`
		Expected map[string][]bool `json:"expected_pass_by_config"`
		Absent   map[string]bool   `json:"absent_property"`
	}
	if err := json.Unmarshal(mustMarshal(t, section), &m); err != nil {
		t.Fatal(err)
	}
	for config, wants := range m.Expected {
		required, many := strings.Contains(config, "required=True"), strings.Contains(config, "many=True")
		for i, v := range m.Values {
			n++
			err := CheckCardinality(v, required, many, func(v any) bool { return IsText(v) })
			if (err == nil) != wants[i] {
				bad++
				t.Errorf("CheckCardinality(%#v) with %s: err %v, want pass %v", v, config, err, wants[i])
			}
		}
	}
	for config, want := range m.Absent {
		n++
		if err := CheckCardinality(Missing, config == "required=True", false, IsText); (err == nil) != want {
			bad++
			t.Errorf("CheckCardinality(Missing) with %s: err %v, want pass %v", config, err, want)
		}
	}
	return n, bad
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDateTime(t *testing.T) {
	for s, want := range map[string]bool{
		"2016-12-31T23:59:59Z":          true,
		"2017-09-30T00:00Z":             true,
		"2016-12-31T23:59:59.123456Z":   true,
		"2016-12-31T23:59:59,5+01:00":   true,
		"20161231T235959-0500":          true,
		"2016-W52-6T10:00Z":             true,
		"2016-366T10:00Z":               true,
		"2016-12-31T24:00:00Z":          true,
		"2016-12-31":                    false,
		"2016-12-31T23:59:59":           false,
		"1500423730":                    false,
		"2016-02-30T10:00:00Z":          false,
		"2016-12-31T25:00:00Z":          false,
		"2016-12-31T23:60:00Z":          false,
		"2016-12-31T23:59:59-00:00":     false,
		"2016-12-31T23:59:59+24:00":     false,
		"2016-12-31 23:59:59Z":          false,
		"":                              false,
		"2016-12-31T23:59:59Z\n":        false,
		"2016-13-01T00:00:00Z":          false,
		"2016-12-31T23:59:59.Z":         false,
		"2016-12-31T23:59:59+0530":      true,
		"2016-12-31T23:59:59+05:30:00Z": false,
	} {
		if got := IsDateTime(s); got != want {
			t.Errorf("IsDateTime(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestLanguageAgreesWithWellFormedTags checks IsLanguage against tags from RFC 5646 appendix A
// and against ill-formed ones.
func TestLanguageAgreesWithWellFormedTags(t *testing.T) {
	for _, tag := range []string{"de", "fr", "ja", "zh-Hant", "zh-Hans-CN", "sr-Latn-RS", "sl-rozaj",
		"de-CH-1901", "hy-Latn-IT-arevela", "de-DE", "en-US", "es-419", "en-us", "EN-GB", "de-CH-x-phonebk",
		"az-Arab-x-AZE-derbend", "x-whatever", "qaa-Qaaa-QM-x-southern", "de-Qaaa", "sr-Latn-419",
		"en-US-u-islamcal", "zh-CN-a-myext-x-private", "en-a-myext-b-another", "en-a-abcde-b-abcde", "i-enochian"} {
		if !IsLanguage(tag) {
			t.Errorf("IsLanguage(%q) = false, want true (RFC 5646 appendix A)", tag)
		}
	}
	for _, tag := range []string{"", "de-419-DE", "a-DE", "ar-a-aaa-b-bbb-a-ccc", "en_US", "en-", "-en",
		"english", "en US", "123", "en-US-", "xx-zz-yy-1234567890", "de-DE-1901-1901"} {
		if IsLanguage(tag) {
			t.Errorf("IsLanguage(%q) = true, want false", tag)
		}
	}
}

func TestDataURIMediaType(t *testing.T) {
	for s, want := range map[string]string{
		"data:image/png;base64,iVBORw0KGgo=":               "image/png",
		"data:IMAGE/SVG+XML;charset=utf-8;base64,PHN2Zz4=": "image/svg+xml",
		"data:,hello": "text/plain",
		"data:text/plain;charset=UTF-8;page=21,the%20data:123": "text/plain",
	} {
		got, ok := DataURIMediaType(s)
		if !ok || got != want {
			t.Errorf("DataURIMediaType(%q) = %q, %v; want %q", s, got, ok, want)
		}
	}
	if _, ok := DataURIMediaType("https://example.org/a.png"); ok {
		t.Error("DataURIMediaType accepted a URL")
	}
}

func TestSmallTypes(t *testing.T) {
	cases := []struct {
		name string
		f    func(any) bool
		v    any
		want bool
	}{
		{"IsText", IsText, "a", true}, {"IsText", IsText, 1.0, false},
		{"IsTextOrNumber", IsTextOrNumber, 2.0, true}, {"IsTextOrNumber", IsTextOrNumber, json.Number("2"), true},
		{"IsTextOrNumber", IsTextOrNumber, true, false},
		{"IsBoolean", IsBoolean, false, true}, {"IsBoolean", IsBoolean, "true", false},
		{"IsMarkdown", IsMarkdown, "**x**", true}, {"IsMarkdown", IsMarkdown, 123.0, false},
	}
	for _, c := range cases {
		if got := c.f(c.v); got != c.want {
			t.Errorf("%s(%#v) = %v, want %v", c.name, c.v, got, c.want)
		}
	}
	for s, want := range map[string]bool{
		"md5$" + strings.Repeat("a", 32): true, "sha256$" + strings.Repeat("F", 64): true,
		"sha256$" + strings.Repeat("g", 64): false, "md5$" + strings.Repeat("a", 31): false,
		"sha1$" + strings.Repeat("a", 40): false, "nobody@example.org": false,
	} {
		if got := IsIdentityHash(s); got != want {
			t.Errorf("IsIdentityHash(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestURLEdges(t *testing.T) {
	for s, want := range map[string]bool{
		"https://example.org/a[1]":   false,
		"https://example.org/#a#b":   false,
		"https://256.1.1.1/":         false,
		"https://[::1]:8080/":        true,
		"https://[zz]/":              false,
		"https://ex%41mple.org/":     false,
		"https://example.org/ü":      true,
		"https://example.org/\nx":    false,
		"HTTP://EXAMPLE.ORG":         true,
		"mailto:someone@example.org": false,
	} {
		if got := IsURL(s); got != want {
			t.Errorf("IsURL(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCompactIRIAndRDFType(t *testing.T) {
	for s, want := range map[string]bool{"id": true, "verify": true, "schema:name": true, "sloths": false, ":": false, "a b:c": false} {
		if got := IsCompactIRI(s); got != want {
			t.Errorf("IsCompactIRI(%q) = %v, want %v", s, got, want)
		}
	}
	for _, v := range []any{"Issuer", "schema:ImageObject", "extensions:ApplyLink", "urn:uuid:9d278beb-36cf-4bc8-888d-674ff9843d72", []string{"Assertion"}} {
		if !IsRDFType(v) {
			t.Errorf("IsRDFType(%#v) = false", v)
		}
	}
	for _, v := range []any{"foo:bar", 5, []any{"Assertion", 5}, nil, "id"} {
		if IsRDFType(v) {
			t.Errorf("IsRDFType(%#v) = true", v)
		}
	}
}

// TestDateTimeSplit: IsDateTime (its common form read without the regular expression) says what
// the regular expression alone says, on texts near the common form.
func TestDateTimeSplit(t *testing.T) {
	bases := []string{"2016-12-31T23:59:59Z", "2016-02-29T24:00:00.5+01:00", "2015-02-29T23:59:59-00:00",
		"2016-13-01T00:00:00Z", "2016-12-31T23:60:59+2359", "2016-12-31T23:59:60+24", "0000-01-01T00:00:00-00"}
	alphabet := "0123456789-:T.,Z+"
	for _, b := range bases {
		if IsDateTime(b) != isDateTimeRE(b) {
			t.Fatalf("%q: IsDateTime %v, the expression %v", b, IsDateTime(b), isDateTimeRE(b))
		}
		for i := range len(b) {
			for _, c := range []byte(alphabet) {
				s := b[:i] + string(c) + b[i+1:]
				if IsDateTime(s) != isDateTimeRE(s) {
					t.Fatalf("%q: IsDateTime %v, the expression %v", s, IsDateTime(s), isDateTimeRE(s))
				}
			}
		}
	}
}

// TestIdentityHashIsTheExpression: IsIdentityHash accepts exactly what hashRE accepts, on a table
// and on 100,000 random mutations of md5 and sha256 hashes.
func TestIdentityHashIsTheExpression(t *testing.T) {
	md5 := "md5$" + strings.Repeat("0aF9", 8)
	sha := "sha256$" + strings.Repeat("c0ffeeBA", 8)
	cases := []string{md5, sha, "", "md5$", "sha256$", md5 + "0", sha[:len(sha)-1], "MD5$" + md5[4:], "sha1$" + md5[4:],
		" " + md5, md5 + "\n", "sha256$" + md5[4:], "md5$" + sha[7:], strings.Replace(md5, "0", "g", 1)}
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := "0123456789abcdefABCDEFgG$m5dsha2\n é"
	for range 100000 {
		b := []byte(md5)
		if r.IntN(2) == 0 {
			b = []byte(sha)
		}
		switch i := r.IntN(len(b)); r.IntN(3) {
		case 0:
			b[i] = alphabet[r.IntN(len(alphabet))]
		case 1:
			b = append(b[:i], append([]byte{alphabet[r.IntN(len(alphabet))]}, b[i:]...)...)
		default:
			b = append(b[:i], b[i+1:]...)
		}
		cases = append(cases, string(b))
	}
	accepted := 0
	for _, c := range cases {
		if got, want := IsIdentityHash(c), hashRE.MatchString(c); got != want {
			t.Fatalf("%q: IsIdentityHash %v, hashRE %v", c, got, want)
		} else if got {
			accepted++
		}
	}
	if accepted < 1000 {
		t.Errorf("only %d of the texts are hashes: the test saw too little", accepted)
	}
}

// validAuthorityByExpression is validAuthority by authorityRE alone, as it was written first.
func validAuthorityByExpression(a string) bool {
	if a == "" {
		return true
	}
	m := authorityRE.FindStringSubmatch(a)
	if m == nil {
		return false
	}
	return validHost(m[1])
}

// TestPlainAuthorityIsTheExpression: validAuthority, which reads plain authorities without the
// expression, gives the expression's answer for every authority built from the pieces that matter
// (letters, digits, dots, hyphens, colons, ports, user info, percent-encodings, IP literals), and
// where plainAuthority answers, its host is the expression's host group.
func TestPlainAuthorityIsTheExpression(t *testing.T) {
	pieces := []string{"a", "Z", "example", ".", "-", "org", "0", "1", "25", "255", "256", "999", "1234567", ":", ":80",
		":8443", "@", "user", "%41", "%4", "[", "]", "::1", "v1.x", "_", "~", "!", " ", "é", "xn--bcher-kva"}
	cases := []string{"example.org", "example.org:8443", "1.2.3.4", "999.1.1.1", "1a2b3c4", "1234567", "1234567:80",
		":80", ":", "8443", "example.org:", "[::1]:80", "user@example.org", "a..b", "-", "1-2-3-4", "12.34"}
	rnd := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var b strings.Builder
		for range 1 + rnd.IntN(6) {
			b.WriteString(pieces[rnd.IntN(len(pieces))])
		}
		cases = append(cases, b.String())
	}
	plain := 0
	for _, a := range cases {
		if got, want := validAuthority(a), validAuthorityByExpression(a); got != want {
			t.Fatalf("authority %q: validAuthority %v, the expression %v", a, got, want)
		}
		if host, ok := plainAuthority(a); ok {
			plain++
			if m := authorityRE.FindStringSubmatch(a); m == nil || m[1] != host {
				t.Fatalf("authority %q: plainAuthority's host %q, the expression's %v", a, host, m)
			}
		}
	}
	if plain < 1000 {
		t.Errorf("plainAuthority answered %d authorities: the test saw too little of it", plain)
	}
	t.Logf("%d authorities, %d read without the expression, 0 disagreements", len(cases), plain)
}
