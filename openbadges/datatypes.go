package openbadges

import (
	"encoding/json"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/language"
)

// IsText reports whether v is a JSON string (OB 2.0 Text).
func IsText(v any) bool {
	_, ok := v.(string)
	return ok
}

// IsTextOrNumber reports whether v is a JSON string or number.
func IsTextOrNumber(v any) bool {
	switch v.(type) {
	case string, float64, float32, int, int64, int32, uint, uint64, uint32, json.Number:
		return true
	}
	return false
}

// IsBoolean reports whether v is a JSON boolean.
func IsBoolean(v any) bool {
	_, ok := v.(bool)
	return ok
}

// IsMarkdown reports whether v is Markdown text, that is a JSON string. The reference validator's
// check passes any value; a number is not text, so it fails here.
func IsMarkdown(v any) bool { return IsText(v) }

var (
	emailRE     = regexp.MustCompile(`^[^@]+@[^@]+$`)
	telephoneRE = regexp.MustCompile(`^\+?[1-9][0-9]{1,14}(;ext=[0-9]+)?$`)
	hashRE      = regexp.MustCompile(`^(md5\$[0-9a-fA-F]{32}|sha256\$[0-9a-fA-F]{64})$`)
	hostLabelRE = regexp.MustCompile(`^[a-zA-Z0-9-]{0,62}[a-zA-Z0-9]$`)
	tldRE       = regexp.MustCompile(`^[a-zA-Z]{2,63}$`)
)

// IsEmail reports whether s has the form ^[^@\s]+@[^@\s]+$ (OBJ-22).
func IsEmail(s string) bool {
	return emailRE.MatchString(s) && strings.IndexFunc(s, unicode.IsSpace) < 0
}

// IsTelephone reports whether s is an E.164-style number, ^\+?[1-9]\d{1,14}(;ext=\d+)?$ (OBJ-22).
func IsTelephone(s string) bool { return telephoneRE.MatchString(s) }

// IsIdentityHash reports whether s is md5$ plus 32 hex digits or sha256$ plus 64, in either case (OBJ-10).
// It accepts exactly what hashRE accepts (TestIdentityHashIsTheExpression), without running it.
func IsIdentityHash(s string) bool {
	var digits string
	switch {
	case strings.HasPrefix(s, "md5$"):
		digits = s[len("md5$"):]
		if len(digits) != 32 {
			return false
		}
	case strings.HasPrefix(s, "sha256$"):
		digits = s[len("sha256$"):]
		if len(digits) != 64 {
			return false
		}
	default:
		return false
	}
	for i := 0; i < len(digits); i++ {
		switch c := digits[i]; {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		default:
			return false
		}
	}
	return true
}

// IsURLAuthority reports whether s is a bare host name with at least one dot and a
// letters-only top-level label: no scheme, port, path or user, and not an IP address.
func IsURLAuthority(s string) bool {
	if len(s) < 4 || len(s) > 253 {
		return false
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 || !tldRE.MatchString(labels[len(labels)-1]) {
		return false
	}
	for _, l := range labels[:len(labels)-1] {
		if strings.HasPrefix(l, "-") || !hostLabelRE.MatchString(l) {
			return false
		}
	}
	return true
}

// IsLanguage reports whether s is a well-formed BCP 47 tag whose subtags are registered (OBJ-11).
func IsLanguage(s string) bool {
	if s == "" || strings.ContainsAny(s, "_ ") || repeatsSubtag(s) {
		return false
	}
	_, err := language.Parse(s)
	return err == nil
}

// repeatsSubtag reports a tag that repeats an extension singleton or a variant before any
// private-use part, which RFC 5646 forbids and golang.org/x/text/language lets through.
func repeatsSubtag(s string) bool {
	seen, inExtension := map[string]bool{}, false
	for _, sub := range strings.Split(strings.ToLower(s), "-")[1:] {
		if sub == "x" {
			return false
		}
		isSingleton := len(sub) == 1
		isVariant := !inExtension && (len(sub) >= 5 || (len(sub) == 4 && sub[0] >= '0' && sub[0] <= '9'))
		inExtension = inExtension || isSingleton
		if isSingleton || isVariant {
			if seen[sub] {
				return true
			}
			seen[sub] = true
		}
	}
	return false
}
