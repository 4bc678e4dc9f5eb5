package openbadges

import (
	"github.com/obcert/obcert/internal/memos"
	"net"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// The URL and data-URI checks follow the reference validator's rule: the string must be a valid
// RFC 3986 URI in the sense of the rfc3986 0.4 Python library (scheme required; the authority is
// matched as written; path, query and fragment are judged after percent-encoding what needs it),
// and for a URL the scheme must be http or https in any case. This accepts some odd strings, such
// as "http://" or a query with spaces, exactly as the reference validator does.
//
// OBJ-09: "A URL must be absolute http or https."

var (
	schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.\-]*$`)
	// userinfo@ host :port, host being a registered name, a dotted quad or an IP literal.
	authorityRE = regexp.MustCompile(`^(?:[A-Za-z0-9_.~\-%:]+@)?` +
		`((?:%[0-9A-Fa-f]{2})*|[!$&'()*+,;=A-Za-z0-9._~\-]*|(?:[0-9]{1,3}.){3}[0-9]{1,3}|\[[^\[\]]+\])` +
		`:?(?:[0-9]+)?$`)
	ipv4LikeRE        = regexp.MustCompile(`^(?:[0-9]{1,3}.){3}[0-9]{1,3}$`)
	ipFutureRE        = regexp.MustCompile(`^v[0-9A-Fa-f]+.[A-Za-z0-9._~\-!$&'()*+,;=:]+$`)
	urnUUIDRE         = regexp.MustCompile(`(?i)^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	dataURIRE         = regexp.MustCompile(`(?i)^data:([^,]*?)?(base64)?,(.*)$`)
	allowedImageTypes = map[string]bool{"image/png": true, "image/svg+xml": true}
)

// uriParts is a URI split as RFC 3986 appendix B splits it.
type uriParts struct {
	scheme, authority, path, query, fragment string
	hasAuthority, hasQuery, hasFragment      bool
}

func splitURI(s string) uriParts {
	var p uriParts
	if i := strings.IndexAny(s, ":/?#"); i > 0 && s[i] == ':' {
		p.scheme, s = s[:i], s[i+1:]
	}
	if strings.HasPrefix(s, "//") {
		s = s[2:]
		end := strings.IndexAny(s, "/?#")
		if end < 0 {
			end = len(s)
		}
		p.authority, s, p.hasAuthority = s[:end], s[end:], true
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		p.fragment, s, p.hasFragment = s[i+1:], s[:i], true
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		p.query, s, p.hasQuery = s[i+1:], s[:i], true
	}
	p.path = s
	return p
}

// uriVerdicts remembers validURI's answers (a pure function of its string): the same URLs (a
// badge's BadgeClass, issuer, images) come back in every badge of a batch. Bounded: past
// maxURIVerdicts strings it computes each answer. A plain map under a lock: a lookup boxes nothing.
var (
	uriMu       sync.RWMutex
	uriVerdicts = map[string]uriVerdict{}
)

type uriVerdict struct {
	scheme string
	ok     bool
}

const maxURIVerdicts = 1 << 14

func init() {
	memos.Register(func() {
		uriMu.Lock()
		defer uriMu.Unlock()
		uriVerdicts = map[string]uriVerdict{}
	})
}

// validURI reports whether s is a URI with a scheme, and returns the scheme.
func validURI(s string) (string, bool) {
	uriMu.RLock()
	v, known := uriVerdicts[s]
	uriMu.RUnlock()
	if known {
		return v.scheme, v.ok
	}
	scheme, ok := checkURI(s)
	if len(s) <= 2048 {
		uriMu.Lock()
		if len(uriVerdicts) < maxURIVerdicts {
			uriVerdicts[s] = uriVerdict{scheme, ok}
		}
		uriMu.Unlock()
	}
	return scheme, ok
}

func checkURI(s string) (string, bool) {
	if s == "" || strings.IndexFunc(s, isControl) >= 0 {
		return "", false
	}
	p := splitURI(s)
	if !schemeRE.MatchString(p.scheme) || !validAuthority(p.authority) {
		return "", false
	}
	// After percent-encoding, only the gen-delims left unencoded can break path, query or fragment.
	if strings.ContainsAny(p.path, "[]") || strings.ContainsAny(p.query, "[]") || strings.ContainsAny(p.fragment, "[]#") {
		return "", false
	}
	return p.scheme, true
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func validAuthority(a string) bool {
	if a == "" {
		return true
	}
	host, plain := plainAuthority(a)
	if !plain {
		m := authorityRE.FindStringSubmatch(a)
		if m == nil {
			return false
		}
		host = m[1]
	}
	return validHost(host)
}

// plainAuthority reads the common authority, a host name of ASCII letters, digits, dots and
// hyphens with an optional :port, without authorityRE: the expression matches such an authority,
// its host group being the part before the colon, or empty for digits alone or a colon and digits
// (the expression's first choice for the host, a run of percent-encodings, then matches nothing
// and the digits are the port). ok false: ask the expression (TestPlainAuthorityIsTheExpression).
func plainAuthority(a string) (host string, ok bool) {
	colon := len(a)
	digitsOnly := true
	for i := 0; i < len(a); i++ {
		switch c := a[i]; {
		case c >= '0' && c <= '9':
		case c == ':' && colon == len(a):
			colon = i
		case colon == len(a) && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '-'):
			digitsOnly = false
		default:
			return "", false // a second colon, a digit-less port, or any other character
		}
	}
	switch {
	case digitsOnly && (colon == len(a) || colon == 0):
		return "", true // "8443" or ":8443": the port alone
	case digitsOnly:
		return "", false // "1234567:80": the expression's host is the digits
	}
	return a[:colon], true
}

// validHost checks a host the authority expression read: a dotted quad's octets, an IP literal.
func validHost(host string) bool {
	switch {
	case ipv4LikeRE.MatchString(host):
		for _, octet := range strings.Split(host, ".") {
			n, err := strconv.Atoi(octet)
			if err != nil || n > 255 {
				return false
			}
		}
	case strings.HasPrefix(host, "["):
		return validIPLiteral(host[1 : len(host)-1])
	}
	return true
}

func validIPLiteral(lit string) bool {
	if ipFutureRE.MatchString(lit) {
		return true
	}
	addr, _, _ := strings.Cut(lit, "%25")
	ip := net.ParseIP(addr)
	return ip != nil && strings.Contains(addr, ":")
}

// IsURL reports whether s is an absolute http or https URL (scheme case-insensitive) with RFC 3986
// syntax, judged as the reference validator judges it (OBJ-09).
func IsURL(s string) bool {
	scheme, ok := validURI(s)
	return ok && (strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https"))
}

// IsIRI reports whether s is an identifier OB 2.0 tools accept: a URL, a "_:" blank node id, or
// urn:uuid: with an RFC 4122 version 1-5 UUID in any case (OBJ-09).
func IsIRI(s string) bool {
	return IsURL(s) || strings.HasPrefix(s, "_:") || urnUUIDRE.MatchString(s)
}

// IsDataURI reports whether s is a data: URI (RFC 2397) that is also valid RFC 3986 syntax.
func IsDataURI(s string) bool {
	_, ok := validURI(s)
	return ok && dataURIRE.MatchString(s)
}

// IsDataURIOrURL reports whether s is a data URI or a URL.
func IsDataURIOrURL(s string) bool { return IsURL(s) || IsDataURI(s) }

// DataURIMediaType returns the media type a data URI declares, lower-cased and without parameters;
// "text/plain" when it declares none (RFC 2397). ok is false if s is not a data URI.
func DataURIMediaType(s string) (string, bool) {
	if !IsDataURI(s) {
		return "", false
	}
	head := s[len("data:"):strings.IndexByte(s, ',')]
	media, _, _ := strings.Cut(head, ";")
	media = strings.ToLower(strings.TrimSpace(media))
	if media == "" {
		media = "text/plain"
	}
	return media, true
}

// isAllowedImageDataURI reports whether a data URI declares image/png or image/svg+xml (OBJ-12).
func isAllowedImageDataURI(s string) bool {
	media, ok := DataURIMediaType(s)
	return ok && allowedImageTypes[media]
}
