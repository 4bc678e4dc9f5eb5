package verify

import (
	"regexp"
	"strings"
	"time"

	"github.com/obcert/obcert/openbadges/internal/datetime"
)

var dateTimeRE = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)$`)

// parseDateTime reads an OB 2.0 DateTime: ISO 8601 with a time and a timezone (OBJ-08).
func parseDateTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	var m []string
	if date, clock, sec, zone, ok := datetime.Split(s); ok {
		// The one match of dateTimeRE on such a text (datetime's TestSplitIsTheExpressions).
		m = []string{s, date, clock, sec, zone}
	} else if m = dateTimeRE.FindStringSubmatch(s); m == nil {
		return time.Time{}, false
	}
	sec := m[3]
	if sec == "" {
		sec = ":00"
	}
	sec = strings.Replace(sec, ",", ".", 1)
	tz := m[4]
	switch {
	case tz == "Z":
	case len(tz) == 3:
		tz += ":00"
	case len(tz) == 5:
		tz = tz[:3] + ":" + tz[3:]
	}
	t, err := time.Parse(time.RFC3339Nano, m[1]+"T"+m[2]+sec+tz)
	return t, err == nil
}

// timestamps runs the reference validator's ASSERTION_TIMESTAMP_CHECKS.
func (s *session) timestamps(n *Node) {
	now := s.v.now()
	issued, okIssued := parseDateTime(str(n.Data["issuedOn"]))
	if okIssued && issued.After(now) {
		s.errorf("ASSERTION_TIMESTAMP_CHECKS", n.ID, []string{"OBJ-17", "VERIFY-02"},
			"Set issuedOn to the time the badge was awarded, not a future time.",
			"Assertion %s has issue date %s in the future", n.ID, str(n.Data["issuedOn"]))
	}
	exp, okExp := parseDateTime(str(n.Data["expires"]))
	if !okExp {
		return
	}
	if okIssued && exp.Before(issued) {
		s.errorf("ASSERTION_TIMESTAMP_CHECKS", n.ID, []string{"OBJ-17", "OBJ-14"},
			"Set expires after issuedOn.", "Assertion %s expires before it was issued", n.ID)
	}
	// VERIFY-06: "after this time, the badge should be considered expired".
	if exp.Before(now) {
		s.errorf("ASSERTION_TIMESTAMP_CHECKS", n.ID, []string{"VERIFY-06"},
			"An expired badge is no longer valid; issue a new one with a later expires.",
			"Assertion %s expired on %s", n.ID, str(n.Data["expires"]))
	}
}
