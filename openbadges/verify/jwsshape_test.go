package verify

import (
	"math/rand/v2"
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
