package verify

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// agreesWithUnmarshal fails t unless decodeObject gives what json.Unmarshal into a map gives, or
// declines, and unless what it takes is strict JSON text (load skips strictJSON for it); it reports
// whether it took b.
func agreesWithUnmarshal(t testing.TB, b []byte) bool {
	t.Helper()
	got, ok := decodeObject(b)
	var want map[string]any
	err := json.Unmarshal(b, &want)
	if !ok {
		return false
	}
	if err != nil {
		t.Fatalf("%q: decodeObject took what json.Unmarshal refuses (%v)", b, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\n  decodeObject   %#v\n  json.Unmarshal %#v", b, got, want)
	}
	if trouble := strictJSON(b); trouble != "" {
		t.Fatalf("%q: decodeObject took text strictJSON refuses: %s", b, trouble)
	}
	// load skips capDocument when no array is longer than maxRevocationEntries: it does nothing then.
	_, longest, _ := decodeObjectLongest(b)
	if want := longestArray(want); longest != want {
		t.Fatalf("%q: decodeObjectLongest says the longest array holds %d values, it holds %d", b, longest, want)
	}
	if longest <= maxRevocationEntries {
		before := fmt.Sprint(got)
		if revoked, refused := capDocument(got); revoked != nil || refused != "" || fmt.Sprint(got) != before {
			t.Fatalf("%q: capDocument acted on a document without an array of more than %d values", b, maxRevocationEntries)
		}
	}
	return true
}

// longestArray is the length of the longest array in v.
func longestArray(v any) int {
	n := 0
	switch t := v.(type) {
	case map[string]any:
		for _, e := range t {
			n = max(n, longestArray(e))
		}
	case []any:
		n = len(t)
		for _, e := range t {
			n = max(n, longestArray(e))
		}
	}
	return n
}

var decodeCases = []struct {
	in   string
	took bool
}{
	{`{}`, true}, {` {} `, true}, {"\t{\r\n}\n", true}, {`{"a":1}`, true}, {`{"a":[]}`, true}, {`{"a":{}}`, true},
	{`{"a":[1,"x",true,false,null,{"b":[]},[[]]]}`, true}, {`{"a":-0}`, true}, {`{"a":0.5e-3}`, true},
	{`{"a":1E+2}`, true}, {`{"a":123456789012345678901234567890}`, true}, {`{"a":4.9e-324}`, true}, {`{"a":1e-400}`, true},
	{`{"é":"ü€😀"}`, true}, {`{"a" : "b" , "c" : [ 1 , 2 ] }`, true}, {`{"":""}`, true},
	// two-character escapes, in keys and values, at either end, beside non-ASCII text
	{`{"a\/":1}`, true}, {`{"k":"-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n"}`, true},
	{`{"q":"\"\\\/\b\f\n\r\t"}`, true}, {`{"\n":"é\té"}`, true}, {`{"a\n":1,"a":2}`, true},
	{`{"a\/":1,"a/":2}`, false}, {`{"a":"x\`, false}, {`{"a":"x\q"}`, false},
	// declined: encoding/json decides (and names the trouble)
	{`{"a":1e400}`, false}, {`{"a":"\u00e9"}`, false}, {`{"a":"x\u0041"}`, false}, {`{"a":1,"a":2}`, false},
	{"{\"a\":\"\xff\"}", false}, {"{\"a\":\"x\ty\"}", false}, {`{"a":01}`, false}, {`{"a":1.}`, false},
	{`{"a":.5}`, false}, {`{"a":+1}`, false}, {`{"a":1e}`, false}, {`{"a":-}`, false}, {`{"a":tru}`, false},
	{`{"a":nul}`, false}, {`{"a":1,}`, false}, {`{"a":[1,]}`, false}, {`{,}`, false}, {`{"a"}`, false},
	{`{"a":1} x`, false}, {`{"a":1}{}`, false}, {`[1]`, false}, {`null`, false}, {`"x"`, false}, {``, false},
	{`{"a":1`, false}, {`{"a":[1`, false}, {`{"a":"x`, false}, {`{1:2}`, false}, {`{"a":NaN}`, false},
	{`{"revokedAssertions":[` + strings.Repeat(`"x",`, 1500) + `"y"],"a":[[1,2,3]]}`, true},
	{"\xef\xbb\xbf{}", false}, {`{"a":[` + strings.Repeat("[", 300) + strings.Repeat("]", 300) + `]}`, false},
}

// TestDecodeObjectIsUnmarshal: on a table of plain and tricky texts, and on every JSON file of the
// repository (the scenarios, the corpora, the schemas and contexts), decodeObject gives exactly what
// json.Unmarshal into a map[string]any gives, or declines; what it takes is strict JSON text; and it
// takes the plain Badge Objects.
func TestDecodeObjectIsUnmarshal(t *testing.T) {
	for _, c := range decodeCases {
		if took := agreesWithUnmarshal(t, []byte(c.in)); took != c.took {
			t.Errorf("%q: took %v, want %v", c.in, took, c.took)
		}
	}
	files, took := 0, 0
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && (e.Name() == ".git" || e.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if e.IsDir() || !strings.HasSuffix(p, ".json") && !strings.HasSuffix(p, ".jsonld") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		if agreesWithUnmarshal(t, b) {
			took++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d JSON files, %d decoded in one pass", files, took)
	if files < 100 || took < files/2 {
		t.Errorf("%d JSON files, %d decoded in one pass: the test saw too little", files, took)
	}
}

func FuzzDecodeObject(f *testing.F) {
	for _, c := range decodeCases {
		f.Add([]byte(c.in))
	}
	f.Fuzz(func(t *testing.T, b []byte) { agreesWithUnmarshal(t, b) })
}
