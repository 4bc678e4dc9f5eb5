package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/obcert/obcert"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
	ms         int64
}

type junitCase struct {
	Name       string          `xml:"name,attr"`
	Classname  string          `xml:"classname,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Failure    *junitProblem   `xml:"failure"`
	Error      *junitProblem   `xml:"error"`
	Skipped    *junitProblem   `xml:"skipped"`
	SystemOut  string          `xml:"system-out,omitempty"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Body    string `xml:",chardata"`
}

// WriteJUnit writes r as JUnit XML: one testsuite per role, one testcase per result. A warning is
// a passing testcase with a WARNING line in system-out; a result awaiting review is skipped.
func WriteJUnit(w io.Writer, r *obcert.Report) error {
	if r == nil {
		return errNilReport
	}
	doc := junitSuites{Name: strings.TrimSpace("obcert " + r.Spec)}
	var ms int64
	for _, role := range obcert.RolesIn(r.Results) {
		s := junitSuiteOf(r, role)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
		ms += s.ms
		doc.Suites = append(doc.Suites, s)
	}
	doc.Time = seconds(ms)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("writing JUnit XML: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("writing JUnit XML: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func junitSuiteOf(r *obcert.Report, role obcert.Role) junitSuite {
	s := junitSuite{Name: string(role)}
	if !r.Run.StartedAt.IsZero() {
		s.Timestamp = r.Run.StartedAt.UTC().Format("2006-01-02T15:04:05")
	}
	for _, rr := range r.Roles {
		if rr.Role == role {
			s.Properties = []junitProperty{{Name: "verdict", Value: string(rr.Verdict)}}
		}
	}
	for _, res := range r.Results {
		if res.Role != role {
			continue
		}
		c := junitCaseOf(res)
		s.Tests++
		s.Failures += boolInt(c.Failure != nil)
		s.Errors += boolInt(c.Error != nil)
		s.Skipped += boolInt(c.Skipped != nil)
		s.ms += max(res.DurationMs, 0)
		s.Cases = append(s.Cases, c)
	}
	s.Time = seconds(s.ms)
	return s
}

func junitCaseOf(res obcert.Result) junitCase {
	c := junitCase{
		Name:      junitName(res),
		Classname: "obcert." + string(res.Role),
		Time:      seconds(res.DurationMs),
		Properties: []junitProperty{
			{Name: "requirements", Value: strings.Join(res.Requirements, " ")},
			{Name: "level", Value: string(res.Level)},
			{Name: "state", Value: string(res.State)},
		},
	}
	if res.Waived != nil {
		c.Properties = append(c.Properties, junitProperty{Name: "waived", Value: waiverText(res.Waived)})
	}
	body := junitBody(res, true)
	switch res.State {
	case obcert.StatePassed:
	case obcert.StateFailed:
		if res.Waived != nil { // a known, tracked failure must not turn the CI job red
			c.Skipped = &junitProblem{Message: "waived failure, " + waiverText(res.Waived) + ": " + res.Message, Body: body}
			break
		}
		c.Failure = &junitProblem{Message: res.Message, Type: levelOr(res.Level, obcert.MUST), Body: body}
	case obcert.StateWarning:
		c.SystemOut = fmt.Sprintf("WARNING (%s): %s\n%s", levelOr(res.Level, obcert.SHOULD), res.Message, junitBody(res, false))
	case obcert.StateSkipped:
		c.Skipped = &junitProblem{Message: res.Message}
	case obcert.StateReview:
		c.Skipped = &junitProblem{Message: "pending review: " + res.Message, Body: body}
	default: // error, interrupted, and any state this renderer does not know: undecided
		c.Error = &junitProblem{Message: res.Message, Type: string(res.State), Body: body}
	}
	return c
}

// junitName is "[REQ-1 REQ-2] title (id)".
func junitName(res obcert.Result) string {
	title := res.Title
	if title == "" {
		title = res.ID
	} else {
		title += " (" + res.ID + ")"
	}
	return "[" + strings.Join(res.Requirements, " ") + "] " + title
}

// junitBody is the text a CI system shows under a failure: the requirements, the message (unless
// it is shown elsewhere), the hint, the findings and the evidence.
func junitBody(res obcert.Result, withMessage bool) string {
	var b strings.Builder
	for _, id := range res.Requirements {
		if req, ok := obcert.LookupRequirement(id); ok {
			fmt.Fprintf(&b, "%s (%s): %s\n", id, req.Level, req.Text)
		} else {
			fmt.Fprintf(&b, "%s: not in the requirement catalogue\n", id)
		}
	}
	if withMessage && res.Message != "" {
		fmt.Fprintf(&b, "\n%s\n", res.Message)
	}
	if res.Hint != "" {
		fmt.Fprintf(&b, "\nHint: %s\n", res.Hint)
	}
	for _, f := range res.Findings {
		fmt.Fprintf(&b, "\n%s %s [%s]: %s", f.Severity, f.Check, strings.Join(f.Requirements, " "), f.Message)
	}
	for _, e := range res.Evidence {
		fmt.Fprintf(&b, "\nEvidence: %s", e)
	}
	return strings.TrimSpace(b.String())
}

func levelOr(l, def obcert.Level) string {
	if l == "" {
		return string(def)
	}
	return string(l)
}

func seconds(ms int64) string {
	return fmt.Sprintf("%.3f", (time.Duration(max(ms, 0)) * time.Millisecond).Seconds())
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
