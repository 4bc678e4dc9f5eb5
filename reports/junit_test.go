package reports

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

type xSuite struct {
	XMLName    xml.Name    `xml:"testsuite"`
	Name       string      `xml:"name,attr"`
	Tests      int         `xml:"tests,attr"`
	Failures   int         `xml:"failures,attr"`
	Errors     int         `xml:"errors,attr"`
	Skipped    int         `xml:"skipped,attr"`
	Time       float64     `xml:"time,attr"`
	Properties []xProperty `xml:"properties>property"`
	Cases      []xCase     `xml:"testcase"`
}

// property returns the value of the suite property name.
func (s xSuite) property(name string) string {
	for _, p := range s.Properties {
		if p.Name == name {
			return p.Value
		}
	}
	return ""
}

type xCase struct {
	Name      string    `xml:"name,attr"`
	Classname string    `xml:"classname,attr"`
	Time      float64   `xml:"time,attr"`
	Failure   *xProblem `xml:"failure"`
	Error     *xProblem `xml:"error"`
	Skipped   *xProblem `xml:"skipped"`
	SystemOut string    `xml:"system-out"`
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

func parseJUnit(t *testing.T, r *obcert.Report) xSuite {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	var doc xSuite
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("junit.xml does not parse: %v\n%s", err, buf.String())
	}
	return doc
}

func TestJUnitCountsFollowTheStates(t *testing.T) {
	r := sampleReport()
	doc := parseJUnit(t, r)
	// passed 2, failed 1, warning 1 (a pass), skipped 1, review 1 (skipped), error, interrupted and
	// flaky (errors).
	if doc.Tests != 9 || doc.Failures != 1 || doc.Errors != 3 || doc.Skipped != 2 || len(doc.Cases) != doc.Tests {
		t.Errorf("testsuite tests=%d failures=%d errors=%d skipped=%d with %d testcases; want 9 1 3 2",
			doc.Tests, doc.Failures, doc.Errors, doc.Skipped, len(doc.Cases))
	}
	if got := doc.Time; got < 12.458 || got > 12.460 {
		t.Errorf("testsuite time = %v s, want 12.459 (the sum of the durations)", got)
	}
	if doc.property("verdict") != string(r.Verdict) || doc.property("verdict.host") != string(r.Roles[1].Verdict) {
		t.Errorf("the verdicts are not testsuite properties: %v", doc.Properties)
	}
}

func TestJUnitTestcases(t *testing.T) {
	r := sampleReport()
	doc := parseJUnit(t, r)
	cases := map[string]xCase{}
	for _, c := range doc.Cases {
		cases[c.Name] = c
	}
	for _, res := range r.Results {
		name := "[" + strings.Join(res.Requirements, " ") + "] " + res.Title + " (" + res.ID + ")"
		c, ok := cases[name]
		if !ok {
			t.Errorf("no testcase named %q", name)
			continue
		}
		if c.Classname != "obcert."+string(res.Role) {
			t.Errorf("%s: classname %q, want obcert.%s", c.Name, c.Classname, res.Role)
		}
		checkJUnitProperties(t, doc, c, res)
		checkJUnitOutcome(t, c, res)
	}
}

func checkJUnitProperties(t *testing.T, doc xSuite, c xCase, res obcert.Result) {
	t.Helper()
	if doc.property(res.ID+".requirements") != strings.Join(res.Requirements, " ") || doc.property(res.ID+".level") != string(res.Level) ||
		doc.property(res.ID+".state") != string(res.State) {
		t.Errorf("%s: the testsuite properties of %s do not match the result", c.Name, res.ID)
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
