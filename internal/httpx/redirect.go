package httpx

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-resty/resty/v2"
)

// checkTarget accepts only absolute http and https URLs with a host.
func checkTarget(u *url.URL) error {
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return fmt.Errorf("%w, not %q", ErrUnsupportedScheme, u.Scheme)
	}
	if u.Host == "" {
		return fmt.Errorf("%w: the URL has no host", ErrUnsupportedScheme)
	}
	return nil
}

// redirectPolicy follows at most max redirects, to http and https URLs only, and stops at the
// first URL visited twice.
//
// ISSUER-07: "Hosted Assertion, BadgeClass, Profile and any linked RevocationList and
// CryptographicKey must be fetchable over HTTP and end in 200 OK; redirects are allowed."
func redirectPolicy(max int) resty.RedirectPolicy {
	return resty.RedirectPolicyFunc(func(req *http.Request, via []*http.Request) error {
		if tr := traceOf(req.Context()); tr != nil && tr.noFollow {
			return http.ErrUseLastResponse
		}
		if err := checkTarget(req.URL); err != nil {
			return fmt.Errorf("redirect to %s: %w (hops: %s)", req.URL, err, hopList(via, req))
		}
		for _, v := range via {
			if v.URL.String() == req.URL.String() {
				return fmt.Errorf("%w: %s", ErrRedirectLoop, hopList(via, req))
			}
		}
		if len(via) > max {
			return fmt.Errorf("%w (limit %d): %s", ErrTooManyRedirects, max, hopList(via, req))
		}
		return nil
	})
}

// hopList names the URLs of a redirect chain in order: "a -> b -> c".
func hopList(via []*http.Request, next *http.Request) string {
	urls := make([]string, 0, len(via)+1)
	for _, v := range via {
		urls = append(urls, v.URL.String())
	}
	return strings.Join(append(urls, next.URL.String()), " -> ")
}
