package reports

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

type xSuites struct {
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Suites   []xSuite `xml:"testsuite"`
}

type xSuite struct {
	Name     string  `xml:"name,attr"`
	Tests    int     `xml:"tests,attr"`
	Failures int     `xml:"failures,attr"`
	Errors   int     `xml:"errors,attr"`
	Skipped  int     `xml:"skipped,attr"`
	Time     float64 `xml:"time,attr"`
	Cases    []xCase `xml:"testcase"`
}

type xCase struct {
	Name       string      `xml:"name,attr"`
	Classname  string      `xml:"classname,attr"`
	Time       float64     `xml:"time,attr"`
	Properties []xProperty `xml:"properties>property"`
	Failure    *xProblem   `xml:"failure"`
	Error      *xProblem   `xml:"error"`
	Skipped    *xProblem   `xml:"skipped"`
	SystemOut  string      `xml:"system-out"`
}

type xProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type xProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

func parseJUnit(t *testing.T, r *obcert.Report) xSuites {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	var doc xSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("junit.xml does not parse: %v\n%s", err, buf.String())
	}
	return doc
}

func TestJUnitCountsFollowTheStates(t *testing.T) {
	doc := parseJUnit(t, sampleReport())
	// issuer: passed, failed, warning, skipped. host: review, error, interrupted, flaky, passed.
	want := []xSuite{
		{Name: "issuer", Tests: 4, Failures: 1, Errors: 0, Skipped: 1},
		{Name: "host", Tests: 5, Failures: 0, Errors: 3, Skipped: 1},
	}
	if len(doc.Suites) != len(want) {
		t.Fatalf("got %d testsuites, want %d", len(doc.Suites), len(want))
	}
	for i, w := range want {
		s := doc.Suites[i]
		if s.Name != w.Name || s.Tests != w.Tests || s.Failures != w.Failures || s.Errors != w.Errors || s.Skipped != w.Skipped {
			t.Errorf("suite %d = %s tests=%d failures=%d errors=%d skipped=%d; want %+v",
				i, s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, w)
		}
		if len(s.Cases) != s.Tests {
			t.Errorf("suite %s says tests=%d but holds %d testcases", s.Name, s.Tests, len(s.Cases))
		}
	}
	if doc.Tests != 9 || doc.Failures != 1 || doc.Errors != 3 || doc.Skipped != 2 {
		t.Errorf("testsuites totals tests=%d failures=%d errors=%d skipped=%d; want 9 1 3 2",
			doc.Tests, doc.Failures, doc.Errors, doc.Skipped)
	}
	if got := doc.Suites[0].Time; got < 1.548 || got > 1.550 {
		t.Errorf("issuer suite time = %v s, want 1.549 (the sum of its durations)", got)
	}
}

func TestJUnitTestcases(t *testing.T) {
	r := sampleReport()
	doc := parseJUnit(t, r)
	cases := map[string]xCase{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Classname != "obcert."+s.Name {
				t.Errorf("%s: classname %q, want obcert.%s", c.Name, c.Classname, s.Name)
			}
			cases[c.Name] = c
		}
	}
	for _, res := range r.Results {
		name := "[" + strings.Join(res.Requirements, " ") + "] " + res.Title + " (" + res.ID + ")"
		c, ok := cases[name]
		if !ok {
			t.Errorf("no testcase named %q", name)
			continue
		}
		for _, id := range res.Requirements {
			if !strings.Contains(c.Name, id) {
				t.Errorf("testcase %q does not name %s", c.Name, id)
			}
		}
		checkJUnitProperties(t, c, res)
		checkJUnitOutcome(t, c, res)
	}
}

func checkJUnitProperties(t *testing.T, c xCase, res obcert.Result) {
	t.Helper()
	props := map[string]string{}
	for _, p := range c.Properties {
		props[p.Name] = p.Value
	}
	if props["requirements"] != strings.Join(res.Requirements, " ") || props["level"] != string(res.Level) ||
		props["state"] != string(res.State) {
		t.Errorf("%s: properties %v do not match the result", c.Name, props)
	}
	if want := float64(res.DurationMs) / 1000; c.Time != want {
		t.Errorf("%s: time %v, want %v", c.Name, c.Time, want)
	}
}

func checkJUnitOutcome(t *testing.T, c xCase, res obcert.Result) {
	t.Helper()
	got := outcome(c)
	switch res.State {
	case obcert.StatePassed:
		expect(t, c.Name, got == "passed" && c.SystemOut == "", "a plain passing testcase")
	case obcert.StateFailed:
		expect(t, c.Name, got == "failure" && c.Failure.Type == "MUST" && c.Failure.Message == res.Message,
			`<failure type="MUST"> with the message`)
		expect(t, c.Name, got == "failure" && strings.Contains(c.Failure.Body, res.Hint), "the hint in the failure body")
	case obcert.StateWarning:
		expect(t, c.Name, got == "passed" && strings.HasPrefix(c.SystemOut, "WARNING (SHOULD): "+res.Message),
			"a passing testcase with WARNING (SHOULD) in system-out")
	case obcert.StateSkipped:
		expect(t, c.Name, got == "skipped" && c.Skipped.Message == res.Message, "<skipped> with the reason")
	case obcert.StateReview:
		expect(t, c.Name, got == "skipped" && c.Skipped.Message == "pending review: "+res.Message,
			`<skipped message="pending review: …">`)
	case obcert.StateError, obcert.StateInterrupted:
		expect(t, c.Name, got == "error" && c.Error.Message == res.Message, "<error> with the message")
	case obcert.StateFlaky: // never a pass: CI must not go green on it
		expect(t, c.Name, got == "error" && c.Error.Type == "flaky" && c.Error.Message == res.Message, `<error type="flaky"> with the message`)
	default:
		t.Errorf("%s: sample has a state the test does not know: %s", c.Name, res.State)
	}
}

func outcome(c xCase) string {
	n := 0
	out := "passed"
	for name, p := range map[string]*xProblem{"failure": c.Failure, "error": c.Error, "skipped": c.Skipped} {
		if p != nil {
			n++
			out = name
		}
	}
	if n > 1 {
		return "several outcomes"
	}
	return out
}

func expect(t *testing.T, name string, ok bool, want string) {
	t.Helper()
	if !ok {
		t.Errorf("%s: want %s", name, want)
	}
}

func TestJUnitEscapesCandidateText(t *testing.T) {
	r := sampleReport()
	r.Results[1].Message = "bad \x00\x1b[31m byte & <tag> \"quote\""
	doc := parseJUnit(t, r) // parseJUnit fails the test if the XML is not well formed
	if doc.Failures != 1 {
		t.Errorf("failures = %d, want 1", doc.Failures)
	}
}
