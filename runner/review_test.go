package runner

import (
	"strings"
	"testing"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// TestJudgeReview: an outcome read from a person's answers is review, never passed, with the
// comparison's findings in the message; one whose subject could not be read still fails, and one
// the candidate did not answer is an error.
func TestJudgeReview(t *testing.T) {
	spec := suites.Spec{ID: "displayer/name", Level: obcert.MUST, Hint: "show the name"}
	for name, tc := range map[string]struct {
		o     suites.Outcome
		state obcert.State
		want  string
	}{
		"agree": {suites.Outcome{Checked: []string{"valid-hosted"}, Review: "the operator says"}, obcert.StateReview,
			"the operator says; the answers agree with what the fixtures must show"},
		"differ": {suites.Outcome{Checked: []string{"valid-hosted"}, Review: "the operator says",
			Problems: []obcert.Finding{{Subject: "valid-hosted", Requirements: []string{"DISPLAYER-03"}, Message: "fixture valid-hosted was shown as Wrong"}}},
			obcert.StateReview, "the automated comparison found differences: valid-hosted [DISPLAYER-03]: fixture valid-hosted was shown as Wrong"},
		"unread": {suites.Outcome{Review: "the operator says", Unread: []suites.Unread{{Subject: "expired", Reason: "no answer"}}},
			obcert.StateFailed, "expired: no answer"},
		"unreachable": {suites.Outcome{Review: "the operator says", Unread: []suites.Unread{{Subject: "fixtures issuer", Reason: "down", Unreachable: true}}},
			obcert.StateError, "down"},
		"nothing": {suites.Outcome{Review: "the operator says", Skip: "no displayer"}, obcert.StateSkipped, "no displayer"},
	} {
		res := baseResult(spec)
		judge(&res, spec, tc.o)
		if res.State != tc.state || !strings.Contains(res.Message, tc.want) {
			t.Errorf("%s: %s %q, want %s %q", name, res.State, res.Message, tc.state, tc.want)
		}
	}
}
