package verify

import (
	"math/rand/v2"
	"mime"
	"regexp"
	"strings"
	"testing"
)

// jwsRegexp is the pattern the verifier once ran on every input; isCompactJWS must accept exactly
// what it accepts.
var jwsRegexp = regexp.MustCompile(`^[A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]*$`)

func TestCompactJWSShapeMatchesRegexp(t *testing.T) {
	table := []struct {
		in   string
		want bool
	}{
		{"eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ.c2ln", true},
		{"a.b.c", true},
		{"a.b.", true},               // empty signature run
		{"a==.b=.c=", true},          // padding
		{"-_.-_.-_", true},           // base64url alphabet
		{"A0z9.Z.z", true},           // alphabet edges
		{"", false},                  // empty
		{".", false},                 // dots only
		{"..", false},                // dots only
		{"...", false},               // three dots
		{"a..c", false},              // empty payload
		{".b.c", false},              // empty header
		{"a.b", false},               // two parts
		{"a.b.c.d", false},           // four parts
		{"a.b.c.", false},            // trailing dot
		{"a.b.c\n", false},           // a trailing newline is not the end of the text
		{"\na.b.c", false},           // nor a leading one
		{" a.b.c", false},            // space
		{"a.b.c ", false},            // space
		{"a+b.c.d", false},           // base64, not base64url
		{"a/b.c.d", false},           // base64, not base64url
		{"a.b.c\x00", false},         // NUL
		{"é.b.c", false},             // non-ASCII
		{"a.b.ć", false},             // non-ASCII in the signature
		{"a.b.c\u00a0", false},       // no-break space
		{"{\"a\":1}.b.c", false},     // JSON
		{"https://e.org/a.b", false}, // URL
		{strings.Repeat("a", 1<<16) + ".b.c", true},
	}
	for _, c := range table {
		if got, re := isCompactJWS(c.in), jwsRegexp.MatchString(c.in); got != c.want || re != c.want {
			t.Errorf("%q: shape check %v, regexp %v, want %v", c.in, got, re, c.want)
		}
	}
	// Random strings over an alphabet dense in the characters that matter.
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("aZ09-_=..\n +/é\x00")
	for range 200000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		s := string(b)
		if got, re := isCompactJWS(s), jwsRegexp.MatchString(s); got != re {
			t.Fatalf("%q: shape check %v, regexp %v", s, got, re)
		}
	}
}

func BenchmarkCompactJWSShape(b *testing.B) {
	tok := strings.Repeat("eyJhbGciOiJSUzI1NiJ9", 40) + ".eyJhIjoxfQ." + strings.Repeat("c2ln", 86)
	b.Run("shape", func(b *testing.B) {
		for range b.N {
			isCompactJWS(tok)
		}
	})
	b.Run("regexp", func(b *testing.B) {
		for range b.N {
			jwsRegexp.MatchString(tok)
		}
	})
}

// TestPlainMediaType: a content type plainMediaType takes is one mime.ParseMediaType returns
// unchanged, and mediaType gives what it gave before the shortcut, on a table and on every
// string of up to three characters from a set around the token rules.
func TestPlainMediaType(t *testing.T) {
	slow := func(ct string) string {
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			return strings.ToLower(mt)
		}
		return strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	}
	check := func(ct string) {
		if got, want := mediaType(ct), slow(ct); got != want {
			t.Fatalf("%q: mediaType %q, ParseMediaType %q", ct, got, want)
		}
		if plainMediaType(ct) {
			if mt, params, err := mime.ParseMediaType(ct); err != nil || mt != ct || len(params) != 0 {
				t.Fatalf("%q taken as plain: ParseMediaType says %q, %v, %v", ct, mt, params, err)
			}
		}
	}
	for _, ct := range []string{"application/json", "application/ld+json", "image/png", "image/svg+xml",
		"Application/JSON", "application/json; charset=utf-8", " application/json", "application/json ",
		"application/", "/json", "application", "a/b/c", "a//b", "text/html;", "x-a/y.b_c~d!#$&^`{|}",
		"a/b\x7f", "a/b\xc3\xa9", "a/(b)", "a/b=c", "a@b/c", "", "/"} {
		check(ct)
	}
	alphabet := []byte("aZ/ ;=+.\"\x7f\xe9(")
	var rec func(prefix []byte, n int)
	rec = func(prefix []byte, n int) {
		check(string(prefix))
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			rec(append(prefix, c), n-1)
		}
	}
	rec(nil, 3)
}
