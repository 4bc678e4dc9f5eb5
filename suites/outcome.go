package suites

import (
	"fmt"
	"slices"

	"github.com/obcert/obcert"
)

// Outcome is what a spec body returns: the subjects it checked (badges, fixtures, endpoints), the
// problems it found, each about one subject, and the subjects it should have checked but could
// not read. The runner judges it (a pass names what it checked); a body never decides its state.
type Outcome struct {
	// Checked are the subjects the check looked at, in order, each once.
	Checked []string
	// Problems are what the check found wrong, each about one subject, with its own hint.
	Problems []obcert.Finding
	// Unread are the subjects that should have been checked but could not be read.
	Unread []Unread
	// Skip says why nothing the candidate declared applies; it is read only when nothing was
	// checked, found or left unread.
	Skip string
	// Evidence references the recorded exchanges and artifacts behind the outcome.
	Evidence []string
	// Review, when set, says the subjects were read from a person's answers, which a human must
	// confirm: the result is review (never passed), with the comparison's findings noted.
	Review string
}

// Unread is a subject the check could not look at, and why.
type Unread struct {
	Subject string
	Reason  string
	// Unreachable: the candidate gave no answer at all (the harness could not reach it), which
	// makes the result an error rather than a failure.
	Unreachable bool
}

// Check records that subject was looked at.
func (o *Outcome) Check(subject string) {
	if !slices.Contains(o.Checked, subject) {
		o.Checked = append(o.Checked, subject)
	}
}

// Problem records a finding about subject; the subject counts as checked.
func (o *Outcome) Problem(subject string, f obcert.Finding) {
	o.Check(subject)
	f.Subject = subject
	f.Requirements = append([]string(nil), f.Requirements...)
	o.Problems = append(o.Problems, f)
}

// Problemf records a problem about subject under the given requirements, worded by format.
func (o *Outcome) Problemf(subject string, reqs []string, hint, format string, a ...any) {
	o.Problem(subject, obcert.Finding{Check: "SPEC", Severity: obcert.Error, Requirements: reqs,
		Message: fmt.Sprintf(format, a...), Hint: hint})
}

// CouldNotRead records that subject could not be read, and why.
func (o *Outcome) CouldNotRead(subject, reason string) {
	o.Unread = append(o.Unread, Unread{Subject: subject, Reason: reason})
}

// CouldNotReach records that the candidate did not answer for subject at all.
func (o *Outcome) CouldNotReach(subject, reason string) {
	o.Unread = append(o.Unread, Unread{Subject: subject, Reason: reason, Unreachable: true})
}

// AddEvidence appends references not yet present.
func (o *Outcome) AddEvidence(refs ...string) {
	for _, r := range refs {
		if r != "" && !slices.Contains(o.Evidence, r) {
			o.Evidence = append(o.Evidence, r)
		}
	}
}

// Skipped is the outcome of a check to which nothing the candidate declared applies.
func Skipped(format string, a ...any) Outcome {
	return Outcome{Skip: fmt.Sprintf(format, a...)}
}
