package reports

import (
	"strings"
	"unicode"

	"github.com/obcert/obcert"
)

// problemOrder lists the states that need attention, most serious first.
var problemOrder = []obcert.State{
	obcert.StateFailed, obcert.StateError, obcert.StateInterrupted, obcert.StateFlaky, obcert.StateWarning, obcert.StateReview,
}

// quietOrder lists the states shown last (and collapsed, in HTML).
var quietOrder = []obcert.State{obcert.StateSkipped, obcert.StatePassed}

// byState returns the results in state, in report order.
func byState(results []obcert.Result, state obcert.State) []obcert.Result {
	var out []obcert.Result
	for _, res := range results {
		if res.State == state {
			out = append(out, res)
		}
	}
	return out
}

// unknownStates returns the results whose state no renderer knows, in report order.
func unknownStates(results []obcert.Result) []obcert.Result {
	var out []obcert.Result
	for _, res := range results {
		if !res.State.Known() {
			out = append(out, res)
		}
	}
	return out
}

// problems returns the results that need attention, most serious first; states no renderer
// knows count as problems, after the known ones.
func problems(results []obcert.Result) []obcert.Result {
	var out []obcert.Result
	for _, s := range problemOrder {
		out = append(out, byState(results, s)...)
	}
	return append(out, unknownStates(results)...)
}

// countColumns returns the count columns of the role table: the usual six, then interrupted and
// flaky when any role has one.
func countColumns(roles []obcert.RoleResult) []obcert.State {
	cols := append([]obcert.State(nil), obcert.CountedStates...)
	for _, s := range []obcert.State{obcert.StateInterrupted, obcert.StateFlaky} {
		for _, rr := range roles {
			if rr.Counts[s] > 0 {
				cols = append(cols, s)
				break
			}
		}
	}
	return cols
}

// oneLine folds text onto one line, drops control characters (a candidate's message must not
// steer a terminal) and cuts it to max runes.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			return ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r):
			return -1
		}
		return r
	}, s)), " ")
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}

// requirementList joins requirement IDs with sep, or says there are none.
func requirementList(ids []string, sep string) string {
	if len(ids) == 0 {
		return "no requirement"
	}
	return strings.Join(ids, sep)
}
