package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/obcert/obcert"
)

// MarkdownRows is the most result rows summary.md lists before it points to report.html.
const MarkdownRows = 50

// markdownCell is the most characters of a message or hint one table cell shows.
const markdownCell = 200

// WriteMarkdown writes a short summary for a CI job summary or a pull-request comment: the
// verdict, a table per role, and the results that did not pass.
func WriteMarkdown(w io.Writer, r *obcert.Report) error {
	if r == nil {
		return errNilReport
	}
	bw := bufio.NewWriter(w)
	writeMarkdownHead(bw, r)
	writeMarkdownRoles(bw, r)
	writeMarkdownResults(bw, r.Results)
	writeMarkdownWaivers(bw, r.Run.Waivers)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing Markdown summary: %w", err)
	}
	return nil
}

func writeMarkdownHead(w io.Writer, r *obcert.Report) {
	fmt.Fprintf(w, "## obcert: %s\n\n", md(string(r.Verdict)))
	fmt.Fprintf(w, "**Verdict: %s.** %s\n\n", md(string(r.Verdict)), md(verdictText(r.Verdict)))
	if r.Run.Interrupted != "" {
		fmt.Fprintf(w, "The run was interrupted: %s\n\n", md(oneLine(r.Run.Interrupted, markdownCell)))
	}
	if note := waivedNote(r); note != "" {
		fmt.Fprintf(w, "%s\n\n", md(note))
	}
	fmt.Fprintf(w, "Candidate: %s. Profile: %s. Run: `%s`. Harness: %s %s.\n\n",
		md(candidateText(r.Candidate)), md(r.Run.Profile), codeText(r.Run.ID),
		md(r.Harness.Name), md(r.Harness.Version))
}

func writeMarkdownRoles(w io.Writer, r *obcert.Report) {
	if len(r.Roles) == 0 {
		fmt.Fprint(w, "No role was tested.\n\n")
		return
	}
	cols := countColumns(r.Roles)
	fmt.Fprint(w, "| Role | Verdict |")
	for _, s := range cols {
		fmt.Fprintf(w, " %s |", s)
	}
	fmt.Fprint(w, "\n| --- | --- |"+strings.Repeat(" ---: |", len(cols))+"\n")
	for _, rr := range r.Roles {
		fmt.Fprintf(w, "| %s | %s |", md(string(rr.Role)), md(string(rr.Verdict)))
		for _, s := range cols {
			fmt.Fprintf(w, " %d |", rr.Counts[s])
		}
		fmt.Fprint(w, "\n")
	}
	fmt.Fprint(w, "\n")
}

func writeMarkdownResults(w io.Writer, results []obcert.Result) {
	rows := append(problems(results), byState(results, obcert.StateSkipped)...)
	if len(rows) == 0 {
		fmt.Fprint(w, "Every result passed.\n")
		return
	}
	fmt.Fprintf(w, "### Results that did not pass (%d)\n\n", len(rows))
	fmt.Fprint(w, "| State | Requirements | Title | Message | Hint |\n| --- | --- | --- | --- | --- |\n")
	for i, res := range rows {
		if i == MarkdownRows {
			fmt.Fprintf(w, "\nand %d more; see report.html\n", len(rows)-MarkdownRows)
			return
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", stateLabel(res),
			md(requirementList(res.Requirements, " ")), md(oneLine(titleOf(res), markdownCell)),
			md(oneLine(messageWithWaiver(res), markdownCell)), md(oneLine(res.Hint, markdownCell)))
	}
}

// messageWithWaiver puts a waived result's waiver, or a decided review result's decision,
// before its message.
func messageWithWaiver(res obcert.Result) string {
	switch {
	case res.Waived != nil:
		return capitalFirst(waiverText(res.Waived)) + ". " + res.Message
	case res.Review != nil:
		return capitalFirst(reviewText(res.Review)) + ". " + res.Message
	}
	return res.Message
}

func writeMarkdownWaivers(w io.Writer, uses []obcert.WaiverUse) {
	if len(uses) == 0 {
		return
	}
	fmt.Fprintf(w, "\n### Waivers (%d)\n\n", len(uses))
	for _, u := range uses {
		fmt.Fprintf(w, "- %s\n", md(oneLine(waiverUseText(u), 2*markdownCell)))
	}
}

func titleOf(res obcert.Result) string {
	if res.Title == "" {
		return res.ID
	}
	return res.Title + " (" + res.ID + ")"
}

func candidateText(c obcert.Candidate) string {
	s := strings.TrimSpace(c.Name + " " + c.Version)
	if s == "" {
		s = "unnamed candidate"
	}
	if c.Vendor != "" {
		s += " by " + c.Vendor
	}
	return s
}

// mdEscaper backslash-escapes the punctuation that Markdown or inline HTML would interpret, so a
// candidate's message shows as the text it is and cannot break out of its table cell.
var mdEscaper = func() *strings.Replacer {
	var pairs []string
	for _, c := range "\\`*_[]<>|~&" {
		pairs = append(pairs, string(c), "\\"+string(c))
	}
	return strings.NewReplacer(pairs...)
}()

func md(s string) string { return mdEscaper.Replace(oneLine(s, 10*markdownCell)) }

// codeText makes s safe inside a one-backtick code span.
func codeText(s string) string { return strings.ReplaceAll(oneLine(s, markdownCell), "`", "'") }
