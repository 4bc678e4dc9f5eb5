package reports

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/obcert/obcert"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

var htmlTemplate = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"stateWord":   stateWord,
	"verdictText": verdictText,
	"waivedNote":  waivedNote,
	"reqs":        func(ids []string) string { return requirementList(ids, " ") },
	"join":        strings.Join,
}).ParseFS(templateFS, "templates/report.html.tmpl"))

// htmlView is what the HTML template reads: the report, and the same facts arranged for the page.
type htmlView struct {
	R        *obcert.Report
	Started  string
	Finished string
	Elapsed  string
	Columns  []obcert.State
	Roles    []roleRow
	Problems []resultGroup
	Quiet    []resultGroup
	Total    int
	// AnyWaived: some role has waived failures, so the role table shows how many.
	AnyWaived bool
	// Legend says what the catalogue's levels mean.
	Legend []LevelNote
	// Exchanges are the run's HTTP exchanges, when the page shows them.
	Exchanges []exchangeView
}

type roleRow struct {
	Role    obcert.Role
	Verdict obcert.Verdict
	Counts  []int
	Waived  int
}

type resultGroup struct {
	State   obcert.State
	Results []resultView
}

type resultView struct {
	obcert.Result
	Reqs     []reqView
	Duration string
	Evidence []evidenceView
}

type reqView struct {
	ID    string
	Known bool
	Level string
	Text  template.HTML
}

type evidenceView struct {
	Ref    string
	Href   string       // empty unless Ref is a relative reference to a file next to the report
	Anchor string       // the in-page anchor of the exchange Ref names, when the page shows it
	Image  template.URL // the data: URI of the screenshot Ref names, when the page shows it inline
}

// WriteHTML writes r as one self-contained HTML page: inline CSS, no script, nothing loaded from
// anywhere. The verdict comes first, then the results that need attention, then the rest folded.
func WriteHTML(w io.Writer, r *obcert.Report) error {
	if r == nil {
		return errNilReport
	}
	return executeHTML(w, newHTMLView(r))
}

func executeHTML(w io.Writer, v htmlView) error {
	if err := htmlTemplate.Execute(w, v); err != nil {
		return fmt.Errorf("writing report HTML: %w", err)
	}
	return nil
}

func newHTMLView(r *obcert.Report) htmlView {
	v := htmlView{
		R:        r,
		Started:  timeText(r.Run.StartedAt),
		Finished: timeText(r.Run.FinishedAt),
		Columns:  countColumns(r.Roles),
		Total:    len(r.Results),
		Legend:   LevelLegend,
	}
	if !r.Run.StartedAt.IsZero() && r.Run.FinishedAt.After(r.Run.StartedAt) {
		v.Elapsed = r.Run.FinishedAt.Sub(r.Run.StartedAt).Round(time.Millisecond).String()
	}
	for _, rr := range r.Roles {
		row := roleRow{Role: rr.Role, Verdict: rr.Verdict, Waived: rr.Waived}
		v.AnyWaived = v.AnyWaived || rr.Waived > 0
		for _, s := range v.Columns {
			row.Counts = append(row.Counts, rr.Counts[s])
		}
		v.Roles = append(v.Roles, row)
	}
	v.Problems = groups(r.Results, problemOrder)
	if other := unknownStates(r.Results); len(other) > 0 {
		v.Problems = append(v.Problems, resultGroup{State: "unknown state", Results: resultViews(other)})
	}
	v.Quiet = groups(r.Results, quietOrder)
	return v
}

func groups(results []obcert.Result, order []obcert.State) []resultGroup {
	var out []resultGroup
	for _, s := range order {
		if rs := byState(results, s); len(rs) > 0 {
			out = append(out, resultGroup{State: s, Results: resultViews(rs)})
		}
	}
	return out
}

func resultViews(results []obcert.Result) []resultView {
	out := make([]resultView, 0, len(results))
	for _, res := range results {
		rv := resultView{Result: res, Duration: durationText(res.DurationMs)}
		for _, id := range res.Requirements {
			rv.Reqs = append(rv.Reqs, newReqView(id))
		}
		for _, e := range res.Evidence {
			rv.Evidence = append(rv.Evidence, evidenceView{Ref: e, Href: relativeHref(e)})
		}
		out = append(out, rv)
	}
	return out
}

func newReqView(id string) reqView {
	req, ok := obcert.LookupRequirement(id)
	if !ok {
		return reqView{ID: id, Text: "not in the requirement catalogue"}
	}
	return reqView{ID: id, Known: true, Level: req.Level, Text: catalogueText(req.Text)}
}

var (
	strongSpan = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	codeSpan   = regexp.MustCompile("`([^`]+)`")
)

// catalogueText renders the catalogue's light Markdown (**bold**, `code`) as HTML. The text is
// escaped first; only the two fixed tags are added.
func catalogueText(s string) template.HTML {
	s = template.HTMLEscapeString(s)
	s = strongSpan.ReplaceAllString(s, "<strong>$1</strong>")
	s = codeSpan.ReplaceAllString(s, "<code>$1</code>")
	return template.HTML(s)
}

// relativeHref returns ref as a link target when it names a file next to the report (such as
// exchanges.har#entry=3), and "" for anything that could reach another host.
func relativeHref(ref string) string {
	if ref == "" || strings.ContainsAny(ref, "\\ \t\r\n") || strings.HasPrefix(ref, "/") {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	return ref
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return "not recorded"
	}
	return t.UTC().Format("2006-01-02 15:04:05.000 UTC")
}

func durationText(ms int64) string {
	return (time.Duration(max(ms, 0)) * time.Millisecond).String()
}

// stateWord is the word shown next to a state's colour, so colour is never the only signal.
func stateWord(s obcert.State) string {
	switch s {
	case obcert.StateFailed:
		return "FAIL"
	case obcert.StateError:
		return "ERROR"
	case obcert.StateInterrupted:
		return "INTERRUPTED"
	case obcert.StateFlaky:
		return "FLAKY"
	case obcert.StateWarning:
		return "WARNING"
	case obcert.StateReview:
		return "REVIEW"
	case obcert.StateSkipped:
		return "SKIPPED"
	case obcert.StatePassed:
		return "PASS"
	}
	return strings.ToUpper(string(s))
}

// verdictText says in a sentence what a verdict means.
func verdictText(v obcert.Verdict) string {
	switch v {
	case obcert.Conformant:
		return "Every check completed and no MUST requirement is violated: the candidate conforms for the roles tested."
	case obcert.NotConformant:
		return "At least one MUST requirement is violated: the candidate does not conform."
	case obcert.PendingReview:
		return "Every automated check passed; some results wait for a human reviewer."
	case obcert.Incomplete:
		return "The harness could not finish every check (errors or an interruption): no conclusion."
	}
	return "The report carries a verdict this page does not know."
}
