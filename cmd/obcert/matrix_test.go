package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

// TestMatrixReadsBack is issue 9's fifth "done when": the matrix over the bundles of the
// reference and of three faulted runs holds, in every cell, the state of that spec in that
// bundle's report, in both the HTML and the Markdown.
func TestMatrixReadsBack(t *testing.T) {
	var paths []string
	var want []*obcert.Report
	for _, fault := range []string{"", "bad-signature", "png-not-baked", "timestamps-not-utc"} {
		var extra []string
		if fault != "" {
			extra = []string{"--reference-fault", fault}
		}
		p, _ := certifiedBundle(t, extra...)
		paths, want = append(paths, p), append(want, reportIn(t, p))
	}
	out := t.TempDir()
	if code, _, stderr := runWith(t, registered(), append([]string{"matrix", "-o", out}, paths...)...); code != 0 {
		t.Fatal(stderr)
	}
	html := readText(t, filepath.Join(out, "matrix.html"))
	mdText := readText(t, filepath.Join(out, "matrix.md"))
	htmlRows := htmlMatrix(html)
	mdRows := markdownMatrix(mdText)
	for c, r := range want {
		for _, res := range r.Results {
			if got := htmlRows[res.ID]; len(got) != len(want) || got[c] != string(res.State) {
				t.Errorf("HTML row %s = %v, column %d want %s", res.ID, got, c, res.State)
			}
			if got := mdRows[res.ID]; len(got) != len(want) || got[c] != string(res.State) {
				t.Errorf("Markdown row %s = %v, column %d want %s", res.ID, got, c, res.State)
			}
		}
	}
	if !strings.Contains(html, "(fault: png-not-baked)") || strings.Contains(html, "<script") {
		t.Error("the HTML should name each faulted column and load nothing")
	}
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var (
	htmlRow  = regexp.MustCompile(`<tr data-spec="([^"]+)">(.*)</tr>`)
	htmlCell = regexp.MustCompile(`data-state="([a-z]*)"`)
)

// htmlMatrix reads spec → states per column back from the HTML matrix.
func htmlMatrix(s string) map[string][]string {
	out := map[string][]string{}
	for _, m := range htmlRow.FindAllStringSubmatch(s, -1) {
		for _, c := range htmlCell.FindAllStringSubmatch(m[2], -1) {
			out[m[1]] = append(out[m[1]], c[1])
		}
	}
	return out
}

// markdownMatrix reads spec → states per column back from the Markdown matrix.
func markdownMatrix(s string) map[string][]string {
	out := map[string][]string{}
	for _, line := range strings.Split(s, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		id := strings.Trim(strings.TrimSpace(cells[0]), "`")
		for _, c := range cells[2:] {
			out[id] = append(out[id], strings.TrimSpace(c))
		}
	}
	return out
}
