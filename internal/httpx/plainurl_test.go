package httpx

import (
	"math/rand/v2"
	"net/url"
	"testing"
)

// parsedKey is what add finds of a key by parsing it: its canonical form, and whether that form
// is exact (the key a lookup without a parse may use).
func parsedKey(key string) (canonical string, exact, ok bool) {
	u, err := url.Parse(key)
	if err != nil {
		return "", false, false
	}
	k := u.String()
	ku := u
	if k != key {
		ku, err = url.Parse(k)
	}
	return k, err == nil && ku.String() == k && checkTarget(ku) == nil && !emptyPort(ku.Host), true
}

// checkPlainURL fails when plainURL says yes to a key whose parse is not the key itself, exact.
func checkPlainURL(t *testing.T, key string) bool {
	t.Helper()
	if !plainURL(key) {
		return false
	}
	if k, exact, ok := parsedKey(key); !ok || k != key || !exact {
		t.Errorf("plainURL(%q) is true, but its parse gives %q (exact %v, parsed %v)", key, k, exact, ok)
	}
	return true
}

// TestPlainURLIsTheParse: every key plainURL takes without a parse is one whose parse gives the
// key itself as an exact key, over a table of near misses and 50,000 random keys built from the
// characters that matter.
func TestPlainURLIsTheParse(t *testing.T) {
	table := []string{
		"https://example.org/robotics-badge.json", "http://example.org", "http://example.org/", "https://a.b-c.d:8443/x/y_z~.json",
		"http://127.0.0.1:1/", "https://example.org:/x", "https://example.org:8x/", "https://Example.org/", "https://exa_mple.org/",
		"https://example.org/a b", "https://example.org/%41", "https://example.org/?q", "https://example.org/#f",
		"https://user@example.org/", "https://[::1]/", "ftp://example.org/", "HTTP://example.org/", "https://", "https:///x",
		"https://example.org//x", "https://example.org/./x", "https://example.org/..", "https://../", "https://-/", "https://a:0/",
		"https://example.org/a:b", "https://example.org/a;b", "https://example.org\\x", "http://a", "https:/example.org",
	}
	taken := 0
	for _, k := range table {
		if checkPlainURL(t, k) {
			taken++
		}
	}
	alphabet := []string{"http://", "https://", "a", "Z", "0", "9", ".", "-", "_", "~", "/", ":", "@", "%", "?", "#", " ", "[", "]", "\\", "é", "\x00", "%2F", ":80", "example.org"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 50000 {
		k := alphabet[r.IntN(2)]
		for range r.IntN(12) {
			k += alphabet[r.IntN(len(alphabet))]
		}
		if checkPlainURL(t, k) {
			taken++
		}
	}
	t.Logf("%d keys taken without a parse, each its own exact parse", taken)
	if taken < 1000 {
		t.Errorf("only %d keys taken without a parse: the comparison does not exercise plainURL", taken)
	}
}

// FuzzPlainURL: any key plainURL takes is its own exact parse.
func FuzzPlainURL(f *testing.F) {
	f.Add("https://example.org/robotics-badge.json")
	f.Add("http://127.0.0.1:8080/a/b")
	f.Add("https://example.org:/")
	f.Fuzz(func(t *testing.T, key string) { checkPlainURL(t, key) })
}
