package reports

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/obcert/obcert"
)

// diffSection is one list of a Diff with its heading.
type diffSection struct {
	heading string
	changes []SpecChange
}

func (d Diff) sections() []diffSection {
	return []diffSection{{"Regressed", d.Regressed}, {"Fixed", d.Fixed}, {"Changed", d.Changed},
		{"New", d.Added}, {"Removed", d.Removed}}
}

// changed returns the sections that hold a change.
func (d Diff) changed() []diffSection {
	var out []diffSection
	for _, s := range d.sections() {
		if len(s.changes) > 0 {
			out = append(out, s)
		}
	}
	return out
}

const noChange = "No spec changed state."

// WriteDiffText writes d for a terminal: the verdict, then each non-empty list, one spec a line.
func WriteDiffText(w io.Writer, d Diff) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Verdict: %s\n", verdictChange(d))
	if len(d.changed()) == 0 {
		fmt.Fprintln(bw, noChange)
	}
	for _, s := range d.changed() {
		fmt.Fprintf(bw, "%s (%d):\n", s.heading, len(s.changes))
		for _, c := range s.changes {
			fmt.Fprintf(bw, "  %s  %s", oneLine(c.ID, 80), stateChange(c))
			if c.Message != "" && s.heading == "Regressed" {
				fmt.Fprintf(bw, ": %s", oneLine(c.Message, terminalLine))
			}
			fmt.Fprintln(bw)
		}
	}
	return bw.Flush()
}

// WriteDiffMarkdown writes d for a pull-request comment: the verdict and a table per list.
func WriteDiffMarkdown(w io.Writer, d Diff) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## obcert diff: %s\n\n", md(verdictChange(d)))
	if len(d.changed()) == 0 {
		fmt.Fprintln(bw, noChange)
	}
	for _, s := range d.changed() {
		fmt.Fprintf(bw, "### %s (%d)\n\n| Spec | State | Message |\n| --- | --- | --- |\n", s.heading, len(s.changes))
		for _, c := range s.changes {
			fmt.Fprintf(bw, "| %s | %s | %s |\n", md(titleOf(obcert.Result{ID: c.ID, Title: c.Title})), md(stateChange(c)),
				md(oneLine(c.Message, markdownCell)))
		}
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

// WriteDiffJSON writes d as indented JSON.
func WriteDiffJSON(w io.Writer, d Diff) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Diff
		VerdictChanged bool `json:"verdictChanged"`
	}{d, d.VerdictChanged()})
}

func verdictChange(d Diff) string {
	if !d.VerdictChanged() {
		return string(d.NewVerdict) + " (unchanged)"
	}
	return fmt.Sprintf("%s → %s", d.OldVerdict, d.NewVerdict)
}

func stateChange(c SpecChange) string {
	switch {
	case c.OldState == "":
		return string(c.NewState) + " (new)"
	case c.NewState == "":
		return string(c.OldState) + " (removed)"
	}
	return fmt.Sprintf("%s → %s", c.OldState, c.NewState)
}
