package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/obcert/obcert"
)

// junitSuite is the root of junit.xml: one testsuite, as Maven Surefire writes and its XSD
// (surefire-test-report-3.0.xsd) requires; Jenkins' JUnit schema accepts the same document. The
// XSD allows properties on the testsuite only, so each result's requirements, level and state are
// properties named after its spec ID.
type junitSuite struct {
	XMLName    xml.Name        `xml:"testsuite"`
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Failures   int             `xml:"failures,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

// junitCase is one result. The XSD fixes the order of its children: failure, skipped, error,
// system-out.
type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure"`
	Skipped   *junitSkip    `xml:"skipped"`
	Error     *junitProblem `xml:"error"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// junitProblem is a failure or an error: the XSD requires its type.
type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

// junitSkip is a skipped testcase, with its reason; the XSD gives it no type.
type junitSkip struct {
	Message string `xml:"message,attr"`
	Body    string `xml:",chardata"`
}

// WriteJUnit writes r as JUnit XML: one testsuite, one testcase per result, classname
// obcert.<role>. A warning is a passing testcase with a WARNING line in system-out; a result
// awaiting review, or a waived failure, is skipped with its reason; a flaky result is an error.
func WriteJUnit(w io.Writer, r *obcert.Report) error {
	if r == nil {
		return errNilReport
	}
	doc := junitSuite{Name: strings.TrimSpace("obcert " + r.Spec), Properties: junitRunProperties(r)}
	var ms int64
	for _, res := range r.Results {
		c := junitCaseOf(res)
		doc.Tests++
		doc.Failures += boolInt(c.Failure != nil)
		doc.Errors += boolInt(c.Error != nil)
		doc.Skipped += boolInt(c.Skipped != nil)
		ms += max(res.DurationMs, 0)
		doc.Cases = append(doc.Cases, c)
		doc.Properties = append(doc.Properties, junitResultProperties(res)...)
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

// junitRunProperties are the run's facts: the verdict, each role's, the profile, the run.
func junitRunProperties(r *obcert.Report) []junitProperty {
	props := []junitProperty{{"verdict", string(r.Verdict)}}
	for _, rr := range r.Roles {
		props = append(props, junitProperty{"verdict." + string(rr.Role), string(rr.Verdict)})
	}
	props = append(props, junitProperty{"profile", r.Run.Profile}, junitProperty{"run.id", r.Run.ID})
	if !r.Run.StartedAt.IsZero() {
		props = append(props, junitProperty{"run.startedAt", r.Run.StartedAt.UTC().Format(time.RFC3339)})
	}
	for i, u := range r.Run.Waivers {
		props = append(props, junitProperty{fmt.Sprintf("waiver.%d", i+1), waiverUseText(u)})
	}
	return props
}

// junitResultProperties are a result's requirement IDs, level and state (and waiver), named
// "<spec id>.requirements" and so on.
func junitResultProperties(res obcert.Result) []junitProperty {
	props := []junitProperty{
		{res.ID + ".requirements", strings.Join(res.Requirements, " ")},
		{res.ID + ".level", string(res.Level)},
		{res.ID + ".state", string(res.State)},
	}
	if res.Waived != nil {
		props = append(props, junitProperty{res.ID + ".waived", waiverText(res.Waived)})
	}
	if res.Review != nil {
		props = append(props, junitProperty{res.ID + ".review", reviewText(res.Review)})
	}
	return props
}

func junitCaseOf(res obcert.Result) junitCase {
	c := junitCase{Name: junitName(res), Classname: "obcert." + string(res.Role), Time: seconds(res.DurationMs)}
	body := junitBody(res, true)
	switch res.State {
	case obcert.StatePassed:
	case obcert.StateFailed:
		if res.Waived != nil { // a known, tracked failure must not turn the CI job red
			c.Skipped = &junitSkip{Message: "waived failure, " + waiverText(res.Waived) + ": " + res.Message, Body: body}
			break
		}
		c.Failure = &junitProblem{Message: res.Message, Type: levelOr(res.Level, obcert.MUST), Body: body}
	case obcert.StateWarning:
		c.SystemOut = fmt.Sprintf("WARNING (%s): %s\n%s", levelOr(res.Level, obcert.SHOULD), res.Message, junitBody(res, false))
	case obcert.StateSkipped:
		c.Skipped = &junitSkip{Message: res.Message}
	case obcert.StateReview:
		switch {
		case res.Review != nil && res.Review.Decision == obcert.ReviewAccepted:
			c.SystemOut = capitalFirst(reviewText(res.Review)) + ": " + res.Message
		case res.Review != nil:
			c.Failure = &junitProblem{Message: reviewText(res.Review) + ": " + res.Message, Type: levelOr(res.Level, obcert.MUST), Body: body}
		default:
			c.Skipped = &junitSkip{Message: "pending review: " + res.Message, Body: body}
		}
	default: // error, interrupted, flaky, and any state this renderer does not know: undecided
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
