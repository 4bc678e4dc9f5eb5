package verify

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/memwatch"
)

// hugeRevocationList is a RevocationList body of n entries made by entry.
func hugeRevocationList(n int, entry func(i int) string) []byte {
	var b bytes.Buffer
	b.WriteString(`{"@context":"https://w3id.org/openbadges/v2","type":"RevocationList","id":"https://example.org/rl.json","revokedAssertions":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(entry(i))
	}
	b.WriteString("]}")
	return b.Bytes()
}

// TestMillionEntryRevocationList: a RevocationList of 1,000,000 entries, malformed or valid, ends
// in seconds with flat memory and a few dozen findings, and every entry is searched for the badge.
func TestMillionEntryRevocationList(t *testing.T) {
	const n = 1_000_000
	s := newSigner(t)
	cases := []struct {
		name        string
		entry       func(i int) string
		wantRevoked bool
	}{
		{"malformed entries", func(int) string { return `7` }, false},
		{"valid entries", func(i int) string { return fmt.Sprintf(`"urn:uuid:%08d-0000-4000-8000-000000000000"`, i) }, false},
		{"the badge as the last entry", func(i int) string {
			if i == n-1 {
				return `{"id":"urn:uuid:9d278beb-36cf-4bc8-888d-674ff9843d72"}`
			}
			return fmt.Sprintf(`"urn:uuid:%08d-0000-4000-8000-000000000000"`, i)
		}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, a := signedWeb(t, s)
			jws := s.sign(t, a)
			w := h.web()
			w["https://example.org/rl.json"] = doc{body: hugeRevocationList(n, c.entry)}
			var res *Result
			start := time.Now()
			mb, total := memwatch.During(func() { res = verifyWith(t, w, Input{Value: jws}) })
			took := time.Since(start)
			t.Logf("%d findings in %v, peak heap %d MB (%d MB allocated in all)", len(res.Findings), took.Round(time.Millisecond), mb, total)
			if took > time.Minute { // a hang guard; BenchmarkMillionEntryRevocationList measures the speed
				t.Errorf("took %v", took)
			}
			if len(res.Findings) > 40 {
				t.Errorf("%d findings, want a few dozen at most:\n%s", len(res.Findings), dump(res))
			}
			if mb > 300 {
				t.Errorf("peak heap %d MB, want under 300", mb)
			}
			if valid := c.name == "valid entries"; res.Valid != valid {
				t.Errorf("valid %v, want %v:\n%s", res.Valid, valid, dump(res))
			}
			if res.Revoked != c.wantRevoked {
				t.Errorf("revoked %v, want %v:\n%s", res.Revoked, c.wantRevoked, dump(res))
			}
			wantFinding(t, res, obcert.Warning, "VERIFY-20", "holds 1000000 entries")
		})
	}
}

// BenchmarkMillionEntryRevocationList verifies a signed badge whose issuer's RevocationList holds
// 1,000,000 entries, the badge not among them.
func BenchmarkMillionEntryRevocationList(b *testing.B) {
	s := newSigner(b)
	h, a := signedWeb(b, s)
	jws := s.sign(b, a)
	w := h.web()
	w["https://example.org/rl.json"] = doc{body: hugeRevocationList(1_000_000, func(i int) string {
		return fmt.Sprintf(`"urn:uuid:%08d-0000-4000-8000-000000000000"`, i)
	})}
	b.ResetTimer()
	for range b.N {
		if res := verifyWith(b, w, Input{Value: jws}); !res.Valid {
			b.Fatal("the badge is not valid")
		}
	}
}

func TestFindingsAreCappedPerRuleAndNode(t *testing.T) {
	var fs []obcert.Finding
	for i := range 1000 {
		fs = append(fs, obcert.Finding{Check: "VALIDATE_PROPERTY", Node: "n", Requirements: []string{"OBJ-01"},
			Severity: obcert.Error, Message: fmt.Sprint("bad ", i)})
	}
	fs = append(fs, obcert.Finding{Check: "OTHER", Node: "n", Severity: obcert.Warning, Message: "other"})
	got := capFindings(fs)
	if len(got) != maxFindingsPerRule+2 || got[maxFindingsPerRule].Message != "other" ||
		got[len(got)-1].Message != "and 980 more findings like the above (VALIDATE_PROPERTY on n)" {
		t.Fatalf("got %d findings, the last %q", len(got), got[len(got)-1].Message)
	}
}
