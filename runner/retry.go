package runner

import (
	"context"
	"fmt"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// attempts records the retries of one spec: how many attempts ran and what the first one said.
type attempts struct {
	count      int
	firstError string
}

// retry runs spec's body again, each time with a fresh Env (nothing memoized), while its outcome
// judges as an error and retries remain. A spec whose context has ended is not retried: the spec
// timeout bounds every attempt together.
func (s *session) retry(ctx context.Context, spec suites.Spec, o suites.Outcome) (suites.Outcome, attempts) {
	a := attempts{count: 1}
	for a.count <= s.retries && ctx.Err() == nil && s.runCtx.Err() == nil {
		res := judged(spec, o)
		if res.State != obcert.StateError {
			break
		}
		if a.firstError == "" {
			a.firstError = res.Message
		}
		a.count++
		o = spec.Body(ctx, s.env.Fresh(), spec)
	}
	return o, a
}

// judged is the result o would give, without the spec's identity.
func judged(spec suites.Spec, o suites.Outcome) obcert.Result {
	var res obcert.Result
	judge(&res, spec, o)
	return res
}

// judgeAttempts words what retries did to a judged result: a spec that passed only on a retry is
// flaky, which never counts as a pass; any other end says how many attempts it took.
func judgeAttempts(res *obcert.Result, a attempts) {
	if a.count <= 1 {
		return
	}
	switch res.State {
	case obcert.StatePassed, obcert.StateWarning:
		res.State = obcert.StateFlaky
		res.Message = fmt.Sprintf("passed only on attempt %d, so it is flaky, which is not a pass; attempt 1 could not complete: %s",
			a.count, oneLine(a.firstError))
		res.Hint = "Make the candidate answer reliably: the harness could not complete this check on the first attempt."
	case obcert.StateError:
		res.Message = fmt.Sprintf("on every one of %d attempts: %s", a.count, res.Message)
	default:
		res.Message = fmt.Sprintf("after %d attempts (attempt 1 could not complete: %s): %s", a.count, oneLine(a.firstError), res.Message)
	}
}
