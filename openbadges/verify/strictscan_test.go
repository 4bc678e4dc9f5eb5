package verify

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoDuplicateKeysAgreesWithDuplicateKey: wherever the one-pass scan says "no duplicate key",
// the decoder-based scan finds none either; and on ordinary documents it does say so.
func TestNoDuplicateKeysAgreesWithDuplicateKey(t *testing.T) {
	table := []struct {
		in     string
		unique bool // what noDuplicateKeys must answer
	}{
		{`{"a":1,"b":[1,2,{"a":2}],"c":{"a":{"a":null}}}`, true},
		{`{}`, true},
		{`[]`, true},
		{`{"":1,"a":""}`, true},
		{` {"a" : -0.5e+10 , "b":true,"c":false} trailing`, true}, // the first value only, as duplicateKey
		{`{"a":1,"a":2}`, false},
		{`{"a":1,"b":{"c":1,"c":2}}`, false},
		{`[{"x":1},{"x":1,"x":1}]`, false},
		{`{"a":1,"\u0061":2}`, false}, // an escaped key: decoded, a duplicate
		{`{"a\"b":1}`, false},         // an escaped key: not sure
		{`{"a":1,}`, false},           // malformed
		{`{"a" 1}`, false},
		{`{"a":01}`, false},
		{`{"a":1.}`, false},
		{`{"a":"x` + "\x01" + `"}`, false},
		{`{"a":tru}`, false},
		{`{"a":[1,2}`, false},
		{strings.Repeat("[", 300) + strings.Repeat("]", 300), false}, // deeper than the scan goes
	}
	for _, c := range table {
		got := noDuplicateKeys([]byte(c.in))
		if got != c.unique {
			t.Errorf("%.60q: noDuplicateKeys %v, want %v", c.in, got, c.unique)
		}
		if k, _ := duplicateKey([]byte(c.in)); got && k != "" {
			t.Errorf("%.60q: the scan saw no duplicate, duplicateKey saw %q", c.in, k)
		}
	}
	// Many keys (past the scan's small set): duplicates are still seen.
	var b strings.Builder
	b.WriteString(`{`)
	for i := range 40 {
		b.WriteString(`"k` + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `":1,`)
	}
	if !noDuplicateKeys([]byte(b.String() + `"z":1}`)) {
		t.Error("40 unique keys: not seen as unique")
	}
	if noDuplicateKeys([]byte(b.String() + `"kbb":1}`)) {
		t.Error("a duplicate among 40 keys: not seen")
	}
	// Random texts over a JSON-dense alphabet.
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{`{`, `}`, `[`, `]`, `"a"`, `"b"`, `"\u0061"`, `:`, `,`, `1`, `-0.5e3`, `true`, `null`, ` `, `"`, `\`}
	for range 200000 {
		var sb strings.Builder
		for range r.IntN(14) {
			sb.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		in := []byte(sb.String())
		if k, _ := duplicateKey(in); noDuplicateKeys(in) && k != "" {
			t.Fatalf("%q: the scan saw no duplicate, duplicateKey saw %q", in, k)
		}
	}
	// The scenarios' documents: all unique, all seen so.
	files, _ := filepath.Glob(filepath.Join(scenarios, "*", "*.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if k, _ := duplicateKey(data); k == "" && strings.HasPrefix(strings.TrimSpace(string(data)), "{") && !noDuplicateKeys(data) {
			t.Errorf("%s: a document with unique keys was not seen as one", f)
		}
	}
	if len(files) < 20 {
		t.Errorf("only %d scenario documents", len(files))
	}
}

// FuzzNoDuplicateKeys: whatever the text, the one-pass scan never says "unique" where the
// decoder-based scan finds a duplicate key.
func FuzzNoDuplicateKeys(f *testing.F) {
	f.Add(`{"a":1,"b":{"a":2}}`)
	f.Add(`{"a":1,"\u0061":2}`)
	f.Add(`[{"x":[1,{"y":2,"y":3}]}]`)
	f.Fuzz(func(t *testing.T, s string) {
		if k, _ := duplicateKey([]byte(s)); noDuplicateKeys([]byte(s)) && k != "" {
			t.Fatalf("%q: the scan saw no duplicate, duplicateKey saw %q", s, k)
		}
	})
}
