package reports

import (
	"fmt"
	"strings"

	"github.com/obcert/obcert"
)

// waiverText says in one line why a result is waived: until when, why, and where it is tracked.
func waiverText(w *obcert.Waiver) string {
	s := fmt.Sprintf("waived until %s: %s", w.Expires, w.Reason)
	if w.Link != "" {
		s += " (" + w.Link + ")"
	}
	return s
}

// waiverUseText says in one line what one waiver of the run did.
func waiverUseText(u obcert.WaiverUse) string {
	return fmt.Sprintf("%s waiver for %s: %s", capitalFirst(string(u.Status)), u.Target(), u.Note)
}

// stateLabel is the state word, with "(waived)" after a waived result's and the auditor's
// decision after a decided review result's.
func stateLabel(res obcert.Result) string {
	switch {
	case res.Waived != nil:
		return stateWord(res.State) + " (waived)"
	case res.Review != nil:
		return stateWord(res.State) + " (" + res.Review.Decision + ")"
	}
	return stateWord(res.State)
}

// reviewText says in one line who decided a review result, when, which way and why.
func reviewText(d *obcert.ReviewDecision) string {
	s := fmt.Sprintf("review %s by %s at %s", d.Decision, d.By, d.At)
	if d.Note != "" {
		s += ": " + d.Note
	}
	return s
}

// capitalFirst upper-cases the first letter of s, which is ASCII here.
func capitalFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// waivedNote says how many failures waivers keep from the verdict, or "" when none.
func waivedNote(r *obcert.Report) string {
	n := 0
	for _, rr := range r.Roles {
		n += rr.Waived
	}
	switch n {
	case 0:
		return ""
	case 1:
		return "1 failure is waived: known and tracked, it does not count against the verdict."
	}
	return fmt.Sprintf("%d failures are waived: known and tracked, they do not count against the verdict.", n)
}
