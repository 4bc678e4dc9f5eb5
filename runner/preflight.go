package runner

import (
	"context"
	"slices"
	"sync"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/suites"
)

// preflight sends one GET to every distinct origin the candidate file names, so that an
// unreachable candidate is reported at once, before the specs. It never stops the run: the
// specs that need an origin that does not answer end in error without running. It returns the
// failures by origin.
func preflight(ctx context.Context, client *httpx.Client, origins []string, p *progress) map[string]error {
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
	failed := map[string]error{}
	for i, err := range errs {
		if err != nil {
			p.printf("preflight: %s does not answer: %v\n    the specs that need it will end in error\n", origins[i], err)
			failed[origins[i]] = err
		}
	}
	return failed
}

// originsOf lists the distinct origins every suite's preflight must reach, in suite order.
func originsOf(cf obcert.CandidateFile, ss []suites.Suite) []string {
	var out []string
	for _, s := range ss {
		if s.Origins == nil {
			continue
		}
		for _, o := range s.Origins(cf) {
			if !slices.Contains(out, o) {
				out = append(out, o)
			}
		}
	}
	return out
}
