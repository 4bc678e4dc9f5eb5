package openbadges

import (
	"regexp"
	"strconv"
	"time"

	"github.com/obcert/obcert/openbadges/internal/datetime"
)

// OBJ-08: "DateTime is an ISO 8601 string that includes the time and a timezone (Z or ±offset).
// Unix integers are not allowed in 2.0." The reference validator parses the string as an ISO 8601
// date-time and then requires it to end in Z, ±hh, ±hhmm or ±hh:mm.

var dateTimeRE = regexp.MustCompile(`^` +
	`(?:(\d{4})-(\d{2})-(\d{2})|(\d{4})(\d{2})(\d{2})|(\d{4})-?W(\d{2})(?:-?([1-7]))?|(\d{4})-?(\d{3}))` +
	`T(\d{2})(?::(\d{2})(?::(\d{2}))?|(\d{2})(\d{2})?)?(?:[.,]\d+)?` +
	`(Z|[+-]\d{2}(?::?\d{2})?)$`)

// IsDateTime reports whether s is an ISO 8601 date and time with a time-zone designator: Z, ±hh,
// ±hhmm or ±hh:mm. Fractional seconds are allowed; a date alone, a time without a zone, and numbers
// are not (OBJ-08).
func IsDateTime(s string) bool {
	if date, clock, sec, zone, ok := datetime.Split(s); ok {
		// The one match of dateTimeRE on such a text: the calendar date, hh, mm, ss (TestDateTimeSplit).
		clockGroups := [5]string{clock[:2], clock[3:], sec[1:3]}
		return validCalendarDate(date[:4], date[5:7], date[8:]) && validClock(clockGroups[:]) && validZone(zone)
	}
	return isDateTimeRE(s)
}

// isDateTimeRE is IsDateTime by the regular expression alone.
func isDateTimeRE(s string) bool {
	m := dateTimeRE.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	return validDate(m[1:12]) && validClock(m[12:17]) && validZone(m[17])
}

func validDate(g []string) bool {
	switch {
	case g[0] != "":
		return validCalendarDate(g[0], g[1], g[2])
	case g[3] != "":
		return validCalendarDate(g[3], g[4], g[5])
	case g[6] != "":
		return inRange(g[7], 1, 53)
	default:
		return inRange(g[10], 1, 366)
	}
}

func validCalendarDate(y, m, d string) bool {
	year, month, day := atoi(y), atoi(m), atoi(d)
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC).Day() == day
}

// validClock checks hh, mm, ss in either the extended (g[1], g[2]) or basic (g[3], g[4]) form.
func validClock(g []string) bool {
	minute, second := g[1]+g[3], g[2]+g[4]
	if !inRange(minute, 0, 59) || !inRange(second, 0, 59) {
		return false
	}
	return inRange(g[0], 0, 23) || (g[0] == "24" && atoi(minute) == 0 && atoi(second) == 0)
}

func validZone(z string) bool {
	if z == "Z" {
		return true
	}
	hh, mm := z[1:3], ""
	if len(z) > 3 {
		mm = z[len(z)-2:]
	}
	if !inRange(hh, 0, 23) || !inRange(mm, 0, 59) {
		return false
	}
	// ISO 8601 forbids a negative zero offset.
	return !(z[0] == '-' && atoi(hh) == 0 && atoi(mm) == 0)
}

// inRange reports whether the digits s stand for a number in [lo, hi]; an empty s is in range.
func inRange(s string, lo, hi int) bool {
	if s == "" {
		return true
	}
	n := atoi(s)
	return n >= lo && n <= hi
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
