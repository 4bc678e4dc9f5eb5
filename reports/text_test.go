package reports

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

func renderMarkdown(t *testing.T, r *obcert.Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestMarkdownSummary(t *testing.T) {
	r := sampleReport()
	md := renderMarkdown(t, r)
	for _, want := range []string{"## obcert: INCOMPLETE", "| issuer | NOT\\_CONFORMANT | 1 | 1 | 1 | 1 | 0 | 0 | 0 |",
		"| host | INCOMPLETE |", "| FAIL | ISSUER-11 VERIFY-11 |", "| SKIPPED | ISSUER-12 |", "| REVIEW | HOST-01 |",
		"Serve the assertion from the issuer Profile's origin."} {
		if !strings.Contains(md, want) {
			t.Errorf("summary.md lacks %q:\n%s", want, md)
		}
	}
	for _, res := range resultsIn(r, obcert.StatePassed) {
		if strings.Contains(md, res.ID) {
			t.Errorf("summary.md lists passed result %s", res.ID)
		}
	}
	if !strings.Contains(md, `\<script\>`) || regexp.MustCompile(`(^|[^\\])<`).MatchString(md) {
		t.Error("summary.md does not escape the candidate's markup")
	}
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| FAIL") && cells(line) != 5 {
			t.Errorf("a | in the message broke the table row: %s", line)
		}
	}
}

// cells counts the cells of a Markdown table row, ignoring escaped pipes.
func cells(row string) int {
	return strings.Count(strings.ReplaceAll(row, `\|`, ""), "|") - 1
}

func TestMarkdownCapsRows(t *testing.T) {
	r := sampleReport()
	r.Results = nil
	for i := range MarkdownRows + 10 {
		r.Results = append(r.Results, obcert.Result{ID: fmt.Sprintf("issuer/check-%d", i), Role: obcert.RoleIssuer,
			Requirements: []string{"OBJ-13"}, Level: obcert.MUST, State: obcert.StateFailed, Title: "t",
			Message: strings.Repeat("long ", 500)})
	}
	r.Summarize()
	md := renderMarkdown(t, r)
	if n := strings.Count(md, "| FAIL |"); n != MarkdownRows {
		t.Errorf("summary.md has %d result rows, want %d", n, MarkdownRows)
	}
	if !strings.Contains(md, "and 10 more; see report.html") {
		t.Error("summary.md does not say how many rows it left out")
	}
	if len(md) > 20000 {
		t.Errorf("summary.md is %d bytes; long messages are not cut", len(md))
	}
}

func TestTerminalSummary(t *testing.T) {
	r := sampleReport()
	r.Results[5].Message = "timed out \x1b]0;pwned\x07\x1b[2J after 10s\nsecond line"
	var plain, colored bytes.Buffer
	if err := WriteTerminal(&plain, r, false); err != nil {
		t.Fatal(err)
	}
	if err := WriteTerminal(&colored, r, true); err != nil {
		t.Fatal(err)
	}
	out := plain.String()
	for _, want := range []string{"Verdict: INCOMPLETE", "issuer     NOT_CONFORMANT", "failed 1",
		"FAIL ISSUER-11,VERIFY-11 issuer/hosted-id-in-scope: served <script>",
		"ERROR HOST-05 host/round-trip: timed out ]0;pwned[2J after 10s second line",
		"INTERRUPTED HOST-10 host/import-jws:", "report.html"} {
		if !strings.Contains(out, want) {
			t.Errorf("terminal summary lacks %q:\n%s", want, out)
		}
	}
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Error("terminal summary passes control characters through")
	}
	if strings.Contains(out, "utc-timestamps") || strings.Contains(out, "baked-png-valid") {
		t.Error("terminal summary lists a warning or a passed result on its own line")
	}
	if !strings.Contains(colored.String(), ansiRed+"FAIL") {
		t.Error("coloured terminal summary has no colour")
	}
}

func TestWriteAll(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out", "run")
	paths, err := WriteAll(dir, sampleReport())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("%s: not written (%v)", p, err)
		}
	}
	if want := []string{"report.json", "report.html", "junit.xml", "summary.md"}; !slices.Equal(names, want) {
		t.Errorf("WriteAll wrote %v, want %v", names, want)
	}
	f, err := os.Open(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if r, err := ReadJSON(f); err != nil || r.Verdict != obcert.Incomplete {
		t.Errorf("report.json reads back as %v, %v", r, err)
	}
}

func TestWriteAllReportsAnUnwritableDirectory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteAll(filepath.Join(file, "sub"), sampleReport()); err == nil {
		t.Error("WriteAll under a regular file: no error")
	}
}
