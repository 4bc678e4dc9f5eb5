package connect

import (
	"fmt"
	"net/url"
	"strings"
)

// Link is one link of an RFC 8288 Link header: its target and its relation types.
type Link struct {
	URL  string
	Rels []string
}

// maxLinks bounds the links read from one response.
const maxLinks = 64

// ParseLinks parses Link header values (RFC 8288 §3): several links per value, separated by
// commas, each `<URI-Reference>` followed by `;`-parameters; rel may be quoted and hold several
// space-separated relation types; whitespace and line breaks between the parts are allowed (the
// spec's example folds the header over lines). A target is resolved against base. It returns
// an error for a value it cannot read as links.
//
// CONNECT-62: "Link relations: next, last, first, prev."
func ParseLinks(base *url.URL, values []string) ([]Link, error) {
	var out []Link
	for _, v := range values {
		s := v
		for {
			s = strings.TrimLeft(s, " \t\r\n,")
			if s == "" {
				break
			}
			if len(out) >= maxLinks {
				return out, fmt.Errorf("more than %d links", maxLinks)
			}
			l, rest, err := parseLink(s)
			if err != nil {
				return out, err
			}
			if base != nil {
				if u, err := base.Parse(l.URL); err == nil {
					l.URL = u.String()
				}
			}
			out = append(out, l)
			s = rest
		}
	}
	return out, nil
}

// parseLink reads one link at the start of s and returns what follows it.
func parseLink(s string) (Link, string, error) {
	if s[0] != '<' {
		return Link{}, "", fmt.Errorf("a link does not start with <URI> at %q", head(s))
	}
	end := strings.IndexByte(s, '>')
	if end < 0 {
		return Link{}, "", fmt.Errorf("a link's <URI> is not closed at %q", head(s))
	}
	l := Link{URL: strings.TrimSpace(s[1:end])}
	s = s[end+1:]
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		if s == "" || s[0] == ',' {
			return l, s, nil
		}
		if s[0] != ';' {
			return Link{}, "", fmt.Errorf("unexpected text after a link's parameters at %q", head(s))
		}
		var name, value string
		var err error
		name, value, s, err = parseParam(strings.TrimLeft(s[1:], " \t\r\n"))
		if err != nil {
			return Link{}, "", err
		}
		if strings.EqualFold(name, "rel") && l.Rels == nil {
			for _, r := range strings.Fields(value) {
				l.Rels = append(l.Rels, strings.ToLower(r))
			}
		}
	}
}

// parseParam reads name[=value] where value is a token or a quoted string.
func parseParam(s string) (name, value, rest string, err error) {
	i := strings.IndexAny(s, "=;,")
	if i < 0 {
		return strings.TrimSpace(s), "", "", nil
	}
	name = strings.TrimSpace(s[:i])
	if s[i] != '=' {
		return name, "", s[i:], nil
	}
	s = strings.TrimLeft(s[i+1:], " \t\r\n")
	if strings.HasPrefix(s, `"`) {
		var b strings.Builder
		for j := 1; j < len(s); j++ {
			switch s[j] {
			case '\\':
				if j+1 < len(s) {
					j++
					b.WriteByte(s[j])
				}
			case '"':
				return name, b.String(), s[j+1:], nil
			default:
				b.WriteByte(s[j])
			}
		}
		return "", "", "", fmt.Errorf("a quoted parameter value is not closed at %q", head(s))
	}
	j := strings.IndexAny(s, ";, \t\r\n")
	if j < 0 {
		return name, s, "", nil
	}
	return name, s[:j], s[j:], nil
}

func head(s string) string {
	if len(s) > 30 {
		return s[:30] + "…"
	}
	return s
}

// Rel returns the URL of the first link with relation rel, and whether there is one.
func Rel(links []Link, rel string) (string, bool) {
	for _, l := range links {
		for _, r := range l.Rels {
			if r == rel {
				return l.URL, true
			}
		}
	}
	return "", false
}
