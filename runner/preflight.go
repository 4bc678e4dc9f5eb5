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
// specs that need an origin that does not answer end in error without running. It returns the
// failures by origin, and the recorded exchange of each origin that answered.
func preflight(ctx context.Context, client *httpx.Client, origins []string, p *progress) (failed map[string]error, answered map[string]string) {
	errs := make([]error, len(origins))
	refs := make([]string, len(origins))
	if len(origins) == 0 {
		return nil, nil
	}
	p.status(fmt.Sprintf("preflight: reaching %d origins …", len(origins)))
	var wg sync.WaitGroup
	for i, o := range origins {
		wg.Go(func() {
			var resp *httpx.Response
			if resp, errs[i] = client.Get(ctx, o+"/", ""); errs[i] == nil && resp.Entry >= 0 {
				refs[i] = httpx.EntryRef(resp.Entry)
			}
		})
	}
	wg.Wait()
	p.clearStatus()
	if ctx.Err() != nil {
		return nil, nil // the run was interrupted: the specs say so
	}
	failed, answered = map[string]error{}, map[string]string{}
	for i, err := range errs {
		if err != nil {
			p.printf("preflight: %s does not answer: %v\n    the specs that need it will end in error\n", origins[i], err)
			failed[origins[i]] = err
		} else if refs[i] != "" {
			answered[origins[i]] = refs[i]
		}
	}
	p.printf("preflight: %d of %d origins answer\n", len(origins)-len(failed), len(origins))
	return failed, answered
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

// selectedSuites are the suites with at least one selected spec: only their origins are reached.
func selectedSuites(ss []suites.Suite, specs []suites.Spec) []suites.Suite {
	var out []suites.Suite
	for _, s := range ss {
		if slices.ContainsFunc(specs, func(sp suites.Spec) bool { return sp.Role == s.Role }) {
			out = append(out, s)
		}
	}
	return out
}
