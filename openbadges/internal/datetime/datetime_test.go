package datetime

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"testing"
)

// The regular expressions of openbadges.IsDateTime and of verify's parseDateTime.
var (
	obRE = regexp.MustCompile(`^` +
		`(?:(\d{4})-(\d{2})-(\d{2})|(\d{4})(\d{2})(\d{2})|(\d{4})-?W(\d{2})(?:-?([1-7]))?|(\d{4})-?(\d{3}))` +
		`T(\d{2})(?::(\d{2})(?::(\d{2}))?|(\d{2})(\d{2})?)?(?:[.,]\d+)?` +
		`(Z|[+-]\d{2}(?::?\d{2})?)$`)
	verifyRE = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)$`)
)

// agrees fails t unless, on a text Split takes, both regular expressions match with the groups
// the callers build from Split's parts.
func agrees(t *testing.T, s string) bool {
	t.Helper()
	date, clock, sec, zone, ok := Split(s)
	if !ok {
		return false
	}
	want := []string{s, date[:4], date[5:7], date[8:], "", "", "", "", "", "", "", "", clock[:2], clock[3:], sec[1:3], "", "", zone}
	if got := obRE.FindStringSubmatch(s); !slices.Equal(got, want) {
		t.Fatalf("%q: IsDateTime's expression gives %q, Split %q", s, got, want)
	}
	if got, want := verifyRE.FindStringSubmatch(s), []string{s, date, clock, sec, zone}; !slices.Equal(got, want) {
		t.Fatalf("%q: parseDateTime's expression gives %q, Split %q", s, got, want)
	}
	return true
}

// TestSplitIsTheExpressions: every text Split takes (a table, and 200,000 random texts near the
// form) is matched by both callers' regular expressions with the groups Split's parts give; and
// Split takes the common forms.
func TestSplitIsTheExpressions(t *testing.T) {
	for _, s := range []string{"2016-12-31T23:59:59Z", "2016-12-31T23:59:59+01:00", "2016-12-31T23:59:59-0130",
		"2016-12-31T23:59:59+01", "2016-12-31T23:59:59.123Z", "2016-12-31T23:59:59,5-00:00", "9999-99-99T99:99:99Z"} {
		if !agrees(t, s) {
			t.Errorf("%q: not taken", s)
		}
	}
	for _, s := range []string{"2016-12-31T23:59Z", "2016-12-31T23:59:59", "2016-12-31 23:59:59Z", "20161231T235959Z",
		"2016-12-31T23:59:59.Z", "2016-12-31T23:59:59+1", "2016-12-31T23:59:59+01:0", "2016-12-31T23:59:59z",
		"2016-W01T10:00:00Z", "2016-12-31T23:59:59Z ", "", "2016-12-31T23:59:59+01:00:00"} {
		if agrees(t, s) {
			t.Errorf("%q: taken", s)
		}
	}
	r := rand.New(rand.NewPCG(8, 9))
	alphabet := "0123456789-:T.,Z+zW "
	base := []string{"2016-12-31T23:59:59Z", "2016-12-31T23:59:59.5+01:00", "2016-12-31T23:59:59-0130"}
	taken := 0
	for range 200000 {
		b := []byte(base[r.IntN(len(base))])
		for range 1 + r.IntN(3) {
			switch i := r.IntN(len(b) + 1); r.IntN(3) {
			case 0: // replace
				if i < len(b) {
					b[i] = alphabet[r.IntN(len(alphabet))]
				}
			case 1: // insert
				b = slices.Insert(b, i, alphabet[r.IntN(len(alphabet))])
			default: // delete
				if i < len(b) {
					b = slices.Delete(b, i, i+1)
				}
			}
		}
		if agrees(t, string(b)) {
			taken++
		}
	}
	if taken < 1000 {
		t.Errorf("only %d random texts taken: the test saw too little", taken)
	}
}
