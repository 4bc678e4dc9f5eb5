package runner

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// Caps on what one result carries: a hostile candidate can make a check find a great many problems.
const (
	maxMessage      = 8 << 10
	maxMessageLines = maxShown
)

// specRun is what the session saw of one spec: whether its body started, why it was interrupted,
// and the Outcome its body returned.
type specRun struct {
	started     bool
	interrupted string
	blocked     string // not run: its origin did not answer preflight
	outcome     *suites.Outcome
	attempts    attempts
}

// resultOf maps one spec's run to its conformance result. The Outcome decides, through judge;
// Ginkgo's report only says whether the body ran to the end (a timeout or a panic is a harness
// error, an interruption an interruption).
func resultOf(spec suites.Spec, r types.SpecReport, run specRun, set settings) obcert.Result {
	res := baseResult(spec)
	res.DurationMs = r.RunTime.Milliseconds()
	switch {
	case run.interrupted != "":
		res.State, res.Message = obcert.StateInterrupted, run.interrupted
	case r.State == types.SpecStateTimedout:
		res.State, res.Message = obcert.StateError, timeoutMessage(r, set)
	case r.State == types.SpecStatePanicked:
		res.State, res.Message = obcert.StateError, panicMessage(r)
	case r.State == types.SpecStateInterrupted || r.State == types.SpecStateAborted:
		res.State, res.Message = obcert.StateInterrupted, "interrupted"
	case run.blocked != "" && run.started:
		res.State, res.Message = obcert.StateError, run.blocked
	case !run.started:
		res.State, res.Message = obcert.StateInterrupted, "not run: the run stopped before this spec"
	case run.outcome == nil:
		res.State = obcert.StateError
		res.Message = "the check stopped without saying what it checked (a harness bug); ginkgo.log has the details"
	default:
		judge(&res, spec, *run.outcome)
		judgeAttempts(&res, run.attempts)
	}
	res.Message = capMessage(res.Message)
	return res
}

// judge turns an Outcome into a state. A pass is evidence, not silence: a check that looked at no
// subject is skipped (with the body's reason) when nothing applied, and never passed. A subject
// that could not be read fails the check, or makes it an error when the candidate did not answer.
func judge(res *obcert.Result, spec suites.Spec, o suites.Outcome) {
	res.Checked = append([]string{}, o.Checked...)
	res.Evidence = capEvidence(append(res.Evidence, o.Evidence...))
	res.Findings = capFindings(o.Problems)
	if len(o.Problems) > maxShown {
		res.FindingsTotal = len(o.Problems)
	}
	unreachable := slices.ContainsFunc(o.Unread, func(u suites.Unread) bool { return u.Unreachable })
	switch {
	case unreachable:
		res.State = obcert.StateError
	case o.Review != "" && len(o.Unread) == 0 && len(o.Checked) > 0:
		reviewed(res, spec, o)
		return
	case len(o.Unread) > 0 || (len(o.Problems) > 0 && spec.Level == obcert.MUST):
		res.State = obcert.StateFailed
	case len(o.Problems) > 0:
		res.State = obcert.StateWarning
	case len(o.Checked) == 0 && o.Skip == "":
		res.State, res.Message = obcert.StateError, "the check named no subject it looked at and no reason to skip (a harness bug)"
		return
	case len(o.Checked) == 0:
		res.State, res.Message = obcert.StateSkipped, o.Skip
		return
	default:
		res.State = obcert.StatePassed
		return
	}
	res.Message = problemText(o)
	if res.State != obcert.StateError {
		res.Hint = hintsOf(o.Problems, spec.Hint)
	}
}

// reviewed makes res a review result: a person's answers are never a pass until an auditor
// accepts them. The message notes what the automated comparison found.
func reviewed(res *obcert.Result, spec suites.Spec, o suites.Outcome) {
	res.State = obcert.StateReview
	if len(o.Problems) == 0 {
		res.Message = o.Review + "; the answers agree with what the fixtures must show"
		return
	}
	res.Message = o.Review + "; the automated comparison found differences: " + problemText(o)
	res.Hint = hintsOf(o.Problems, spec.Hint)
}

// problemText is one line per unread subject and per problem, each a sentence about the candidate.
func problemText(o suites.Outcome) string {
	var lines []string
	for _, u := range o.Unread {
		lines = append(lines, fmt.Sprintf("%s: %s", u.Subject, u.Reason))
	}
	for _, p := range o.Problems {
		lines = append(lines, fmt.Sprintf("%s [%s]: %s", p.Subject, strings.Join(p.Requirements, " "), p.Message))
	}
	if len(lines) == 1 {
		return lines[0]
	}
	more, head := "", fmt.Sprintf("%d problems:", len(lines))
	if file := findingsFileOf(o); file != "" {
		head = summaryOf(o, file)
	}
	if len(lines) > maxMessageLines {
		more = fmt.Sprintf("\n… and %d more", len(lines)-maxMessageLines)
		if file := findingsFileOf(o); file != "" {
			more += ", in " + file
		}
		lines = lines[:maxMessageLines]
	}
	return fmt.Sprintf("%s\n- %s%s", head, strings.Join(lines, "\n- "), more)
}

// hintsOf is each distinct hint of the problems, one a line, or fallback when they carry none.
func hintsOf(ps []obcert.Finding, fallback string) string {
	var hints []string
	for _, p := range ps {
		if p.Hint != "" && !slices.Contains(hints, p.Hint) {
			hints = append(hints, p.Hint)
		}
	}
	if len(hints) == 0 {
		return fallback
	}
	return strings.Join(hints, "\n")
}

func capFindings(fs []obcert.Finding) []obcert.Finding {
	if len(fs) > maxShown {
		fs = fs[:maxShown]
	}
	return append([]obcert.Finding(nil), fs...)
}

func baseResult(spec suites.Spec) obcert.Result {
	return obcert.Result{ID: spec.ID, Role: spec.Role, Level: spec.Level, Title: spec.Title,
		Requirements: append([]string{}, spec.Requirements...), Evidence: []string{}, Checked: []string{}}
}

// notRun is the result of a spec the run never reached.
func notRun(spec suites.Spec, msg string) obcert.Result {
	res := baseResult(spec)
	res.State, res.Message = obcert.StateInterrupted, msg
	return res
}

func timeoutMessage(r types.SpecReport, set settings) string {
	if strings.Contains(r.Failure.Message, "suite timeout") {
		return fmt.Sprintf("timed out: the run timeout of %s elapsed during this spec", set.runTimeout)
	}
	return fmt.Sprintf("timed out after %s (the spec timeout)", set.specTimeout)
}

// panicMessage says the check crashed; the panic value and stack are in ginkgo.log only.
func panicMessage(types.SpecReport) string {
	return "the check crashed (a harness bug); ginkgo.log has the details"
}

func capMessage(s string) string {
	if len(s) <= maxMessage {
		return s
	}
	return strings.ToValidUTF8(s[:maxMessage], "") + "\n… (message cut)"
}

// durationText rounds d for messages.
func durationText(d time.Duration) string {
	return d.Round(time.Millisecond).String()
}
