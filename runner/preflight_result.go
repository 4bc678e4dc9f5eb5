package runner

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/suites"
)

// Preflight is in the report as a result of its own, one per suite that names origins: the
// pseudo-spec "<role>/preflight" (issuer/preflight, ...), before that suite's specs. It passes
// when every origin of the suite answered, naming them as checked, and is an error naming each
// origin that did not, with the cause and the exchange. The specs of a suite with an origin that
// did not answer are not run: each ends in error, "not run: <origin> did not answer preflight
// (<cause>)", so an unreachable candidate gives one clear finding, not one per spec, and the
// verdict is INCOMPLETE.

// PreflightSuffix ends the id of a preflight result.
const PreflightSuffix = "/preflight"

// preflightResults are the preflight results of the suites with origins, in suite order.
func preflightResults(cf obcert.CandidateFile, ss []suites.Suite, failed map[string]error, answered map[string]string, took time.Duration) []obcert.Result {
	var out []obcert.Result
	for _, s := range ss {
		if s.Origins == nil || len(s.Origins(cf)) == 0 {
			continue
		}
		res := obcert.Result{ID: string(s.Role) + PreflightSuffix, Role: s.Role, Level: obcert.MUST,
			Title: "the candidate answers at every origin it names", State: obcert.StatePassed,
			Requirements: []string{}, Evidence: []string{}, Checked: []string{}, DurationMs: took.Milliseconds()}
		var lines []string
		for _, o := range s.Origins(cf) {
			res.Checked = append(res.Checked, o)
			if err := failed[o]; err != nil {
				res.State = obcert.StateError
				lines = append(lines, fmt.Sprintf("%s did not answer: %s", o, causeOf(o, err)))
				res.Evidence = appendRef(res.Evidence, err)
			} else if ref := answered[o]; ref != "" {
				res.Evidence = append(res.Evidence, ref)
			}
		}
		res.Message = strings.Join(lines, "\n")
		if res.State == obcert.StateError {
			res.Hint = "Start the candidate and check that the URLs in the candidate file reach it from this machine."
		}
		out = append(out, res)
	}
	return out
}

// blockedRoles maps each role with an origin that did not answer preflight to the message of
// its specs, which are not run.
func blockedRoles(cf obcert.CandidateFile, ss []suites.Suite, failed map[string]error) map[obcert.Role]string {
	out := map[obcert.Role]string{}
	for _, s := range ss {
		if s.Origins == nil {
			continue
		}
		for _, o := range s.Origins(cf) {
			if err := failed[o]; err != nil && out[s.Role] == "" {
				out[s.Role] = fmt.Sprintf("not run: %s did not answer preflight (%s)", o, causeOf(o, err))
			}
		}
	}
	return out
}

// causeOf is what went wrong with the preflight GET of origin, with the exchange.
func causeOf(origin string, err error) string {
	msg := strings.TrimPrefix(err.Error(), "GET "+origin+"/: ")
	var he *httpx.Error
	if errors.As(err, &he) && he.Entry >= 0 {
		msg += ", " + httpx.EntryRef(he.Entry)
	}
	return msg
}

func appendRef(refs []string, err error) []string {
	var he *httpx.Error
	if errors.As(err, &he) && he.Entry >= 0 {
		return append(refs, httpx.EntryRef(he.Entry))
	}
	return refs
}
