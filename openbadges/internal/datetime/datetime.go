// Package datetime splits the common form of an ISO 8601 date-time without a regular expression.
package datetime

// Split recognises the form almost every badge uses, YYYY-MM-DDThh:mm:ss, then optional fractional
// seconds ([.,] and digits), then a zone: Z, ±hh, ±hhmm or ±hh:mm. It returns the parts as
// substrings of s: date "YYYY-MM-DD", clock "hh:mm", sec ":ss" with its fraction, zone. ok is
// false for any other text, which the callers' regular expressions then read: on the text Split
// takes, each of those expressions has exactly one match, whose groups are these parts.
func Split(s string) (date, clock, sec, zone string, ok bool) {
	// YYYY-MM-DDThh:mm:ss is 19 characters; a zone at least one more.
	if len(s) < 20 {
		return "", "", "", "", false
	}
	for i := 0; i < 19; i++ {
		c := s[i]
		switch i {
		case 4, 7:
			if c != '-' {
				return "", "", "", "", false
			}
		case 10:
			if c != 'T' {
				return "", "", "", "", false
			}
		case 13, 16:
			if c != ':' {
				return "", "", "", "", false
			}
		default:
			if c < '0' || c > '9' {
				return "", "", "", "", false
			}
		}
	}
	i := 19
	if s[i] == '.' || s[i] == ',' {
		j := i + 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i+1 {
			return "", "", "", "", false
		}
		i = j
	}
	z := s[i:]
	if !isZone(z) {
		return "", "", "", "", false
	}
	return s[:10], s[11:16], s[16:i], z, true
}

// isZone reports Z, ±hh, ±hhmm or ±hh:mm.
func isZone(z string) bool {
	if z == "Z" {
		return true
	}
	if len(z) < 3 || z[0] != '+' && z[0] != '-' || !digits(z[1:3]) {
		return false
	}
	switch rest := z[3:]; len(rest) {
	case 0:
		return true
	case 2:
		return digits(rest)
	case 3:
		return rest[0] == ':' && digits(rest[1:])
	}
	return false
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
