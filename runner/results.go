package runner

import (
	"fmt"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// maxMessage caps a result's message; Gomega can print whole documents.
const maxMessage = 8 << 10

// resultOf maps Ginkgo's report of one spec to its conformance result. started says whether the
// spec's body ran at all.
func resultOf(spec suites.Spec, r types.SpecReport, started bool, set settings) obcert.Result {
	res := baseResult(spec)
	res.DurationMs = r.RunTime.Milliseconds()
	res.State, res.Message = stateOf(spec, r, started, set)
	if ov, ok := stateOverride(r); ok && overridable(res.State, ov) {
		res.State = ov
	}
	res.Message = capMessage(res.Message)
	res.Hint = hintOf(spec, r, res.State)
	res.Findings = findingsOf(r)
	res.Evidence = append(res.Evidence, evidenceOf(r)...)
	return res
}

func baseResult(spec suites.Spec) obcert.Result {
	return obcert.Result{ID: spec.ID, Role: spec.Role, Level: spec.Level, Title: spec.Title,
		Requirements: append([]string{}, spec.Requirements...), Evidence: []string{}}
}

// notRun is the result of a spec the run never reached.
func notRun(spec suites.Spec, msg string) obcert.Result {
	res := baseResult(spec)
	res.State, res.Message = obcert.StateInterrupted, msg
	return res
}

// stateOf follows Ginkgo's outcome: a failed MUST fails, a failed SHOULD or MAY is a warning, a
// timeout or a panic is a harness error, an interruption is an interruption.
func stateOf(spec suites.Spec, r types.SpecReport, started bool, set settings) (obcert.State, string) {
	msg := strings.TrimSpace(r.Failure.Message)
	switch r.State {
	case types.SpecStatePassed:
		return obcert.StatePassed, ""
	case types.SpecStateFailed:
		if spec.Level == obcert.MUST {
			return obcert.StateFailed, msg
		}
		return obcert.StateWarning, msg
	case types.SpecStateSkipped, types.SpecStatePending:
		if !started {
			return obcert.StateInterrupted, firstNonEmpty(msg, "not run: the run stopped before this spec")
		}
		return obcert.StateSkipped, msg
	case types.SpecStateTimedout:
		return obcert.StateError, timeoutMessage(r, set)
	case types.SpecStatePanicked:
		return obcert.StateError, panicMessage(r)
	}
	return obcert.StateInterrupted, firstNonEmpty(msg, "interrupted")
}

func timeoutMessage(r types.SpecReport, set settings) string {
	if strings.Contains(r.Failure.Message, "suite timeout") {
		return fmt.Sprintf("timed out: the run timeout of %s elapsed during this spec", set.runTimeout)
	}
	return fmt.Sprintf("timed out after %s (the spec timeout)", set.specTimeout)
}

func panicMessage(r types.SpecReport) string {
	p := strings.TrimSpace(r.Failure.ForwardedPanic)
	if p == "" {
		p = strings.TrimSpace(r.Failure.Message)
	}
	return "the check panicked: " + p
}

// overridable says whether a state a spec reported (suites.EntryState) replaces the one Ginkgo
// gave: it refines a pass, a failure or a skip; an interruption always wins.
func overridable(ginkgoState, reported obcert.State) bool {
	if reported == obcert.StateInterrupted {
		return true
	}
	switch ginkgoState {
	case obcert.StatePassed, obcert.StateFailed, obcert.StateWarning, obcert.StateSkipped:
		return true
	}
	return false
}

// stateOverride is the last state the spec reported with suites.EntryState.
func stateOverride(r types.SpecReport) (obcert.State, bool) {
	var st obcert.State
	for _, e := range entries(r, suites.EntryState) {
		switch v := e.GetRawValue().(type) {
		case string:
			st = obcert.State(v)
		case obcert.State:
			st = v
		}
	}
	return st, st.Known()
}

func hintOf(spec suites.Spec, r types.SpecReport, st obcert.State) string {
	var hint string
	for _, e := range entries(r, suites.EntryHint) {
		if h, ok := e.GetRawValue().(string); ok && h != "" {
			hint = h
		}
	}
	if hint == "" && (st == obcert.StateFailed || st == obcert.StateWarning) {
		hint = spec.Hint
	}
	return hint
}

func findingsOf(r types.SpecReport) []obcert.Finding {
	var out []obcert.Finding
	for _, e := range entries(r, suites.EntryFindings) {
		if fs, ok := e.GetRawValue().([]obcert.Finding); ok {
			out = append(out, fs...)
		}
	}
	return out
}

func evidenceOf(r types.SpecReport) []string {
	var out []string
	for _, e := range entries(r, suites.EntryEvidence) {
		if refs, ok := e.GetRawValue().([]string); ok {
			out = append(out, refs...)
		}
	}
	return out
}

func entries(r types.SpecReport, name string) []types.ReportEntry {
	var out []types.ReportEntry
	for _, e := range r.ReportEntries {
		if e.Name == name {
			out = append(out, e)
		}
	}
	return out
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
