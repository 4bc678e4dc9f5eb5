package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/obcert/obcert"
)

// terminalLine is the most characters of a message one terminal line shows.
const terminalLine = 160

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
	ansiPurple = "\x1b[35m"
)

// WriteTerminal writes a few lines for a terminal: the verdict, the counts per role, one line per
// failed or undecided result, and where the full report is. Colour is added only when color is
// true; the state words carry the meaning either way.
func WriteTerminal(w io.Writer, r *obcert.Report, color bool) error {
	if r == nil {
		return errNilReport
	}
	p := painter(color)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Verdict: %s (%s, profile %s)\n", p(verdictColor(r.Verdict), oneLine(string(r.Verdict), 40)),
		oneLine(candidateText(r.Candidate), terminalLine), oneLine(r.Run.Profile, 40))
	if r.Run.Interrupted != "" {
		fmt.Fprintf(bw, "Interrupted: %s\n", oneLine(r.Run.Interrupted, terminalLine))
	}
	for _, rr := range r.Roles {
		verdict := fmt.Sprintf("%-14s", oneLine(string(rr.Verdict), 40))
		fmt.Fprintf(bw, "  %-10s %s  %s\n", oneLine(string(rr.Role), 20),
			p(verdictColor(rr.Verdict), verdict), countsText(rr, countColumns(r.Roles)))
	}
	for _, res := range problems(r.Results) {
		if res.State == obcert.StateWarning || res.State == obcert.StateReview {
			continue
		}
		fmt.Fprintf(bw, "%s %s %s: %s\n", p(ansiRed, stateLabel(res)),
			oneLine(requirementList(res.Requirements, ","), 80), oneLine(res.ID, 80), oneLine(res.Message, terminalLine))
		if res.Waived != nil {
			fmt.Fprintf(bw, "  %s\n", oneLine(waiverText(res.Waived), terminalLine))
		}
	}
	for _, u := range r.Run.Waivers {
		if u.Status != obcert.WaiverApplied {
			fmt.Fprintf(bw, "%s\n", oneLine(waiverUseText(u), terminalLine))
		}
	}
	fmt.Fprintln(bw, "Full report: report.html (report.json, junit.xml, summary.md) in the output directory.")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing terminal summary: %w", err)
	}
	return nil
}

func painter(color bool) func(code, s string) string {
	if !color {
		return func(_, s string) string { return s }
	}
	return func(code, s string) string { return ansiBold + code + s + ansiReset }
}

func verdictColor(v obcert.Verdict) string {
	switch v {
	case obcert.Conformant:
		return ansiGreen
	case obcert.NotConformant:
		return ansiRed
	case obcert.PendingReview:
		return ansiBlue
	case obcert.Incomplete:
		return ansiPurple
	}
	return ansiYellow
}

func countsText(rr obcert.RoleResult, cols []obcert.State) string {
	parts := make([]string, 0, len(cols))
	for _, s := range cols {
		part := fmt.Sprintf("%s %d", s, rr.Counts[s])
		if s == obcert.StateFailed && rr.Waived > 0 {
			part += fmt.Sprintf(" (%d waived)", rr.Waived)
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, ", ")
}

// WriteTerminalResults writes one line per result, in report order: its state, its ID and the
// subjects it checked (for a verbose run).
func WriteTerminalResults(w io.Writer, r *obcert.Report) error {
	if r == nil {
		return errNilReport
	}
	bw := bufio.NewWriter(w)
	for _, res := range r.Results {
		checked := "nothing"
		if len(res.Checked) > 0 {
			checked = strings.Join(res.Checked, ", ")
		}
		fmt.Fprintf(bw, "%-11s %s (checked: %s)\n", stateLabel(res), oneLine(res.ID, 80), oneLine(checked, terminalLine))
	}
	return bw.Flush()
}
