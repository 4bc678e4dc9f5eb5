package verify

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/obcert/obcert"
)

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestTimestamps(t *testing.T) {
	for name, tc := range map[string]struct {
		set     map[string]any
		id, msg string
	}{
		"expired":          {map[string]any{"expires": "2019-06-30T00:00:00Z"}, "VERIFY-06", "expired on"},
		"issued in future": {map[string]any{"issuedOn": "2030-01-01T00:00:00+02:00"}, "OBJ-17", "in the future"},
		"expires before":   {map[string]any{"issuedOn": "2018-01-01T00:00Z", "expires": "2017-01-01T00:00:00-0500"}, "OBJ-14", "before it was issued"},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHosted()
			for k, v := range tc.set {
				h.assertion[k] = v
			}
			res := verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"})
			if res.Valid {
				t.Fatal("accepted")
			}
			wantFinding(t, res, obcert.Error, tc.id, tc.msg)
		})
	}
}

func TestParseDateTime(t *testing.T) {
	for _, s := range []string{"2017-09-30T00:00Z", "1977-06-10T12:00:00+0800", "1977-06-10T12:00:00-08", "2016-12-31T23:59:59.123+08:00"} {
		if _, ok := parseDateTime(s); !ok {
			t.Errorf("%s not parsed", s)
		}
	}
	for _, s := range []string{"1977-06-10T12:00:00", "2016-12-31", "notadate", "1500423730"} {
		if _, ok := parseDateTime(s); ok {
			t.Errorf("%s parsed", s)
		}
	}
}

func TestRecipient(t *testing.T) {
	sha := sha256.Sum256([]byte("nobody@example.org" + "salty"))
	md := md5.Sum([]byte("nobody@example.org"))
	for name, tc := range map[string]struct {
		recipient map[string]any
		profile   string
		ok        bool
	}{
		"plaintext":            {map[string]any{"type": "email", "hashed": false, "identity": "nobody@example.org"}, "nobody@example.org", true},
		"plaintext mismatch":   {map[string]any{"type": "email", "hashed": false, "identity": "nobody@example.org"}, "somebody@example.org", false},
		"sha256 salted":        {map[string]any{"type": "email", "hashed": true, "salt": "salty", "identity": "sha256$" + hex.EncodeToString(sha[:])}, `{"email":["x@example.org","nobody@example.org"]}`, true},
		"md5 unsalted upper":   {map[string]any{"type": "email", "hashed": true, "identity": "md5$" + hexUpper(md[:])}, "nobody@example.org", true},
		"hash of someone else": {map[string]any{"type": "email", "hashed": true, "salt": "salty", "identity": "sha256$" + hex.EncodeToString(sha[:])}, "other@example.org", false},
		"type not in profile":  {map[string]any{"type": "url", "hashed": false, "identity": "https://example.org/me"}, "nobody@example.org", false},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHosted()
			h.assertion["recipient"] = tc.recipient
			p, err := ParseRecipient(tc.profile)
			if err != nil {
				t.Fatal(err)
			}
			res := verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"}, WithRecipient(p))
			if res.Valid != tc.ok {
				t.Fatalf("valid=%v, want %v\n%s", res.Valid, tc.ok, dump(res))
			}
			if tc.ok && res.RecipientProfile == nil {
				t.Error("matched recipient not reported")
			}
			if !tc.ok {
				wantFinding(t, res, obcert.Error, "VERIFY-04", "")
			}
		})
	}
}

func hexUpper(b []byte) string {
	const digits = "0123456789ABCDEF"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

func TestParseRecipient(t *testing.T) {
	for in, typ := range map[string]string{"a@example.org": "email", "https://example.org/me": "url", "+15417522845": "telephone", `{"telephone":"+15417522845"}`: "telephone"} {
		p, err := ParseRecipient(in)
		if err != nil || len(p[typ]) != 1 {
			t.Errorf("ParseRecipient(%q) = %v, %v", in, p, err)
		}
	}
	for _, in := range []string{"not anything", `{"email":3}`, `{}`, `{bad json`} {
		if _, err := ParseRecipient(in); err == nil {
			t.Errorf("ParseRecipient(%q) accepted", in)
		}
	}
}

func TestHostedScopeRules(t *testing.T) {
	for name, tc := range map[string]struct {
		policy map[string]any
		ok     bool
	}{
		"allowedOrigins match":    {map[string]any{"allowedOrigins": []any{"other.example.net", "example.org"}}, true},
		"allowedOrigins mismatch": {map[string]any{"allowedOrigins": "other.example.net"}, false},
		"startsWith match":        {map[string]any{"startsWith": []any{"https://example.org/"}}, true},
		"startsWith mismatch":     {map[string]any{"startsWith": "https://example.org/badges/"}, false},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHosted()
			h.issuer["verification"] = tc.policy
			res := verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"})
			if res.Valid != tc.ok {
				t.Fatalf("valid=%v want %v\n%s", res.Valid, tc.ok, dump(res))
			}
		})
	}
	t.Run("default rule covers the BadgeClass too", func(t *testing.T) {
		h := newHosted()
		w := h.web()
		h.badge["id"] = "https://cdn.example.net/b.json"
		h.assertion["badge"] = "https://cdn.example.net/b.json"
		w.json("https://cdn.example.net/b.json", h.badge)
		w.json("https://example.org/a.json", h.assertion)
		res := verifyWith(t, w, Input{Value: "https://example.org/a.json"})
		wantFinding(t, res, obcert.Error, "VERIFY-11", "BadgeClass https://cdn.example.net/b.json not hosted")
	})
}

func TestInputDetection(t *testing.T) {
	h := newHosted()
	for name, in := range map[string]Input{
		"garbage":     {Value: "hello world"},
		"empty":       {},
		"bad JSON":    {Data: []byte("{nope")},
		"JSON array":  {Value: "[1,2]"},
		"not a badge": {Data: []byte("\x89PNG\r\n\x1a\n garbage")},
		"bad JWS":     {Value: "a.b.c"},
	} {
		t.Run(name, func(t *testing.T) {
			res := verifyWith(t, h.web(), in)
			if res.Valid || res.Count(obcert.Error) == 0 {
				t.Fatalf("valid=%v\n%s", res.Valid, dump(res))
			}
		})
	}
	t.Run("JSON of a hosted badge is refetched from its id", func(t *testing.T) {
		res := verifyWith(t, h.web(), Input{Value: mustJSON(h.assertion)})
		if !res.Valid || res.InputType != "url" {
			t.Fatalf("valid=%v input=%s\n%s", res.Valid, res.InputType, dump(res))
		}
	})
	t.Run("legacy 0.5 hosted assertion", func(t *testing.T) {
		w := fakeWeb{}
		raw, err := os.ReadFile(filepath.Join(components, "0_5_1_assertion.json"))
		if err != nil {
			t.Fatal(err)
		}
		w["https://example.org/old.json"] = doc{body: raw}
		res := verifyWith(t, w, Input{Value: "https://example.org/old.json"})
		if res.Version != "0.5" {
			t.Errorf("version %q, want 0.5\n%s", res.Version, dump(res))
		}
	})
}

// TestRequirementIDsInSourceExist holds every requirement ID written in the core's source to the catalogue.
func TestRequirementIDsInSourceExist(t *testing.T) {
	files, _ := filepath.Glob("../*.go")
	more, _ := filepath.Glob("../*/*.go")
	files = append(files, more...)
	re := regexp.MustCompile(`"((?:ISSUER|DISPLAYER|HOST|OBJ|VERIFY|BAKE|ENDORSE|CONNECT)-\d+)"`)
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			n++
			if _, ok := obcert.LookupRequirement(m[1]); !ok {
				t.Errorf("%s names %s, which is not in the requirement catalogue", f, m[1])
			}
		}
	}
	if n < 50 {
		t.Errorf("only %d requirement IDs found in the core's source; is the glob right?", n)
	}
}
