package runner

import (
	"context"
	"net/url"
	"sync"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/httpx"
)

// preflight sends one GET to every distinct origin the candidate file names, so that an
// unreachable candidate is reported at once, before the specs. It never stops the run: the
// specs that need an origin that does not answer end in error. It returns the failures.
func preflight(ctx context.Context, client *httpx.Client, cf obcert.CandidateFile, p *progress) []error {
	origins := originsOf(cf)
	errs := make([]error, len(origins))
	var wg sync.WaitGroup
	for i, o := range origins {
		wg.Go(func() {
			_, errs[i] = client.Get(ctx, o+"/", "")
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil // the run was interrupted: the specs say so
	}
	var failed []error
	for i, err := range errs {
		if err != nil {
			p.printf("preflight: %s does not answer: %v\n    the specs that need it will end in error\n", origins[i], err)
			failed = append(failed, err)
		}
	}
	return failed
}

// originsOf lists the distinct scheme://host[:port] of the candidate file's URLs, in order.
func originsOf(cf obcert.CandidateFile) []string {
	var out []string
	seen := map[string]bool{}
	for _, ref := range badgeRefs(cf) {
		u, err := url.Parse(ref.URL)
		if ref.URL == "" || err != nil || u.Host == "" {
			continue
		}
		o := u.Scheme + "://" + u.Host
		if !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	return out
}

func badgeRefs(cf obcert.CandidateFile) []obcert.BadgeRef {
	if cf.Issuer == nil {
		return nil
	}
	return append(append([]obcert.BadgeRef{}, cf.Issuer.Badges...), cf.Issuer.Revoked...)
}
