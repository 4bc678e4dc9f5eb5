package verify

import (
	"context"
	"errors"
	"fmt"
)

// incomplete records that the verification could not look at everything the badge needs: a
// budget ran out or the verification was stopped. The first reason is kept. An incomplete
// verification is never valid.
func (s *session) incomplete(format string, a ...any) {
	if !s.res.Incomplete {
		s.res.Incomplete = true
		s.res.IncompleteReason = fmt.Sprintf(format, a...)
	}
}

// stopped records a cancelled or timed-out verification as incomplete.
func (s *session) stopped() {
	switch err := s.ctx.Err(); {
	case errors.Is(err, context.DeadlineExceeded):
		s.incomplete("the verification ran out of time before it was done")
	case err != nil:
		s.incomplete("the verification was cancelled before it was done")
	}
}
