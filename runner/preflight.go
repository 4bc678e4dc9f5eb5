package runner

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/suites"
)

// preflight sends one GET to every distinct origin the candidate file names, so that an
// unreachable candidate is reported at once, before the specs. It never stops the run: the
// specs that need an origin that does not answer end in error. It returns the failures.
func preflight(ctx context.Context, client *httpx.Client, origins []string, p *progress) []error {
	errs := make([]error, len(origins))
	if len(origins) == 0 {
		return nil
	}
	p.status(fmt.Sprintf("preflight: reaching %d origins …", len(origins)))
	var wg sync.WaitGroup
	for i, o := range origins {
		wg.Go(func() {
			_, errs[i] = client.Get(ctx, o+"/", "")
		})
	}
	wg.Wait()
	p.clearStatus()
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
	p.printf("preflight: %d of %d origins answer\n", len(origins)-len(failed), len(origins))
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
