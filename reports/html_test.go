package reports

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

func renderHTML(t *testing.T, r *obcert.Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestHTMLEscapesCandidateText(t *testing.T) {
	page := renderHTML(t, sampleReport())
	if strings.Contains(page, "<script") {
		t.Error("report.html contains a <script element; the candidate's message was not escaped")
	}
	if !strings.Contains(page, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Error("the candidate's message is not shown, escaped, in report.html")
	}
}

func TestHTMLShowsVerdictAndFailedRequirements(t *testing.T) {
	r := sampleReport()
	page := renderHTML(t, r)
	for _, want := range []string{string(r.Verdict), "NOT_CONFORMANT", r.Run.ID, r.Run.CandidateFileSha256,
		r.Harness.Version, "Example Badger", "2025-01-02 08:00:00.000 UTC", "1.534s", "HOSTED_ID_IN_VERIFICATION_SCOPE",
		"Serve the assertion from the issuer Profile&#39;s origin."} {
		if !strings.Contains(page, want) {
			t.Errorf("report.html does not show %q", want)
		}
	}
	for _, res := range resultsIn(r, obcert.StateFailed) {
		for _, id := range res.Requirements {
			req, _ := obcert.LookupRequirement(id)
			if !strings.Contains(page, id) || !strings.Contains(page, ">"+req.Level+"<") {
				t.Errorf("report.html does not show failed requirement %s with its level %s", id, req.Level)
			}
		}
	}
	if !strings.Contains(page, "hosted-verification scope") {
		t.Error("report.html does not show the catalogue text of ISSUER-11")
	}
}

func TestHTMLOrdersFailuresFirst(t *testing.T) {
	r := sampleReport()
	page := renderHTML(t, r)
	details := strings.Index(page, "<details")
	last := -1
	for _, s := range append(append([]obcert.State{}, problemOrder...), quietOrder...) {
		for _, res := range resultsIn(r, s) {
			at := strings.Index(page, ">"+res.ID+"<")
			if at < 0 {
				t.Errorf("%s result %s is not in report.html", s, res.ID)
			}
			if at < last {
				t.Errorf("%s result %s comes before a more serious one", s, res.ID)
			}
			last = at
			quiet := s == obcert.StatePassed || s == obcert.StateSkipped
			if quiet != (details >= 0 && at > details) {
				t.Errorf("%s result %s: inside <details> = %v, want %v", s, res.ID, at > details, quiet)
			}
		}
	}
}

var (
	urlAttr     = regexp.MustCompile(`(?i)\s(src|href|srcset|action|formaction|poster|data|background|xlink:href|content)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)
	cssURL      = regexp.MustCompile(`(?i)url\(|@import`)
	otherImg    = regexp.MustCompile(`<img(?:\s+class="screenshot")?\s+src="(?:[^d]|d[^a])[^"]*"`)
	remoteValue = regexp.MustCompile(`(?i)(https?:|//|\\\\|ftp:|ws:|wss:)`)
)

func TestHTMLLoadsNothing(t *testing.T) {
	page := renderHTML(t, sampleReport())
	for _, m := range urlAttr.FindAllStringSubmatch(page, -1) {
		if remoteValue.MatchString(m[2]) {
			t.Errorf("attribute %s=%s could reach the network", m[1], m[2])
		}
	}
	if m := otherImg.FindString(page); m != "" {
		t.Errorf("report.html holds an image that is not an inline PNG: %s", m)
	}
	for _, bad := range []string{"<script", "<iframe", "<object", "<embed", "<video", "<audio", "<source",
		`rel="stylesheet"`, "rel=stylesheet", "@font-face"} {
		if strings.Contains(strings.ToLower(page), bad) {
			t.Errorf("report.html contains %q", bad)
		}
	}
	if cssURL.MatchString(page) {
		t.Error("report.html CSS loads a url() or @import")
	}
	if !strings.Contains(page, `href="exchanges.har#entry=3"`) {
		t.Error("relative evidence exchanges.har#entry=3 is not a link to the file next to the report")
	}
	if !strings.Contains(page, "<code>https://evil.example/steal.js</code>") {
		t.Error("absolute evidence URL is not shown as plain text")
	}
}

func TestRelativeHref(t *testing.T) {
	for ref, want := range map[string]string{
		"exchanges.har#entry=3":    "exchanges.har#entry=3",
		"artifacts/shot-1.png":     "artifacts/shot-1.png",
		"https://evil.example/x":   "",
		"//evil.example/x":         "",
		"/etc/passwd":              "",
		`\\evil.example\x`:         "",
		"javascript:alert(1)":      "",
		"data:text/html,hi":        "",
		"file:///etc/passwd":       "",
		"a b":                      "",
		"":                         "",
		"mailto:someone@example.x": "",
	} {
		if got := relativeHref(ref); got != want {
			t.Errorf("relativeHref(%q) = %q, want %q", ref, got, want)
		}
	}
}

func TestHTMLWithoutResults(t *testing.T) {
	r := &obcert.Report{ReportVersion: obcert.ReportVersion, Spec: "Open Badges 2.0"}
	r.Summarize()
	page := renderHTML(t, r)
	if !strings.Contains(page, "CONFORMANT") || !strings.Contains(page, "No role was tested.") {
		t.Error("an empty report does not render its verdict and say no role was tested")
	}
}

func TestCatalogueTextEscapesBeforeMarkup(t *testing.T) {
	got := string(catalogueText("**Import** a `<b>` & <i>x</i>"))
	want := "<strong>Import</strong> a <code>&lt;b&gt;</code> &amp; &lt;i&gt;x&lt;/i&gt;"
	if got != want {
		t.Errorf("catalogueText = %q, want %q", got, want)
	}
}

func TestHTMLHasALevelLegend(t *testing.T) {
	page := renderHTML(t, sampleReport())
	at := strings.Index(page, `<h2 id="levels">`)
	if at < 0 {
		t.Fatal("report.html has no Levels section")
	}
	legend := page[at:]
	for _, want := range []string{"MUST(cert)", "MUST(imp)", "X-SHOULD, X-MAY", "beyond the IMS certification guide",
		"the candidate has to show this to pass IMS certification"} {
		if !strings.Contains(legend, want) {
			t.Errorf("the level legend of report.html lacks %q", want)
		}
	}
}
