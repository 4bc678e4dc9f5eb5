package reports

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/obcert/obcert"
)

// MatrixColumn is one candidate of an interop matrix: its report and where it came from.
type MatrixColumn struct {
	// Name heads the column (the candidate, its version and, for the reference, its fault).
	Name string
	// Source is the bundle the report came from; evidence links point into it.
	Source string
	Report *obcert.Report
}

// matrixRow is one spec across the candidates.
type matrixRow struct {
	ID, Title string
	Reqs      string
	Cells     []matrixCell
}

type matrixCell struct {
	State    obcert.State // "" when the candidate has no result for the spec
	Evidence string       // "bundle#ref" of the first evidence, or ""
}

// matrixRows lists every spec of any column, in the order they first appear.
func matrixRows(cols []MatrixColumn) []matrixRow {
	var rows []matrixRow
	index := map[string]int{}
	for c, col := range cols {
		for _, res := range col.Report.Results {
			i, ok := index[res.ID]
			if !ok {
				i = len(rows)
				index[res.ID] = i
				rows = append(rows, matrixRow{ID: res.ID, Title: res.Title, Reqs: requirementList(res.Requirements, " "),
					Cells: make([]matrixCell, len(cols))})
			}
			cell := matrixCell{State: res.State}
			if len(res.Evidence) > 0 {
				// A fragment holds no "#": the reference's own is escaped.
				cell.Evidence = col.Source + "#" + strings.ReplaceAll(res.Evidence[0], "#", "%23")
			}
			rows[i].Cells[c] = cell
		}
	}
	return rows
}

// WriteMatrixMarkdown writes the spec × candidate table as Markdown: a verdict row, then one row
// per spec with the state in each cell ("—" where a candidate has no result).
func WriteMatrixMarkdown(w io.Writer, cols []MatrixColumn) error {
	bw := bufio.NewWriter(w)
	fmt.Fprint(bw, "## obcert interop matrix\n\n| Spec | Requirements |")
	for _, c := range cols {
		fmt.Fprintf(bw, " %s |", md(c.Name))
	}
	fmt.Fprint(bw, "\n|---|---|"+strings.Repeat("---|", len(cols))+"\n| **verdict** | |")
	for _, c := range cols {
		fmt.Fprintf(bw, " **%s** |", md(string(c.Report.Verdict)))
	}
	fmt.Fprintln(bw)
	for _, r := range matrixRows(cols) {
		fmt.Fprintf(bw, "| `%s` | %s |", codeText(r.ID), md(r.Reqs))
		for _, cell := range r.Cells {
			fmt.Fprintf(bw, " %s |", cellText(cell.State))
		}
		fmt.Fprintln(bw)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing the Markdown matrix: %w", err)
	}
	return nil
}

func cellText(s obcert.State) string {
	if s == "" {
		return "—"
	}
	return string(s)
}

var matrixTemplate = template.Must(template.New("matrix").Funcs(template.FuncMap{"cell": cellText}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>obcert interop matrix</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}th{background:#f4f4f4}
.passed{background:#e6f4ea}.failed{background:#fce8e6}.warning{background:#fef7e0}
.error,.interrupted{background:#f3e8fd}.review{background:#e8f0fe}.skipped,.none{color:#666}
</style></head><body>
<h1>obcert interop matrix</h1>
<table>
<thead><tr><th>Spec</th><th>Requirements</th>{{range .Cols}}<th data-source="{{.Source}}">{{.Name}}</th>{{end}}</tr>
<tr><th>verdict</th><th></th>{{range .Cols}}<th class="verdict">{{.Report.Verdict}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr data-spec="{{.ID}}"><td title="{{.Title}}"><code>{{.ID}}</code></td><td>{{.Reqs}}</td>{{range .Cells}}<td class="{{if .State}}{{.State}}{{else}}none{{end}}" data-state="{{.State}}">{{if .Evidence}}<a href="{{.Evidence}}">{{cell .State}}</a>{{else}}{{cell .State}}{{end}}</td>{{end}}</tr>
{{end}}</tbody></table>
<p>Each cell links to the first evidence of its result, inside the candidate's bundle.</p>
</body></html>
`))

// WriteMatrixHTML writes the spec × candidate table as one self-contained HTML page (inline CSS,
// no script); each row carries data-spec and each cell data-state, so a program can read it back.
func WriteMatrixHTML(w io.Writer, cols []MatrixColumn) error {
	view := struct {
		Cols []MatrixColumn
		Rows []matrixRow
	}{cols, matrixRows(cols)}
	if err := matrixTemplate.Execute(w, view); err != nil {
		return fmt.Errorf("writing the HTML matrix: %w", err)
	}
	return nil
}
