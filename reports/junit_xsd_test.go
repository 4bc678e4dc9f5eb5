package reports

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

const surefireXSD = "testdata/junit/surefire-test-report.xsd"

// xsdRules are the rules of surefireXSD, element by element: the attributes allowed and those
// required, and the children allowed, in the order the XSD's sequences fix (with the most each
// may appear; 0 is unbounded).
var xsdRules = map[string]struct {
	attrs, required []string
	children        []string
	most            map[string]int
}{
	"testsuite": {attrs: []string{"version", "name", "time", "tests", "errors", "skipped", "failures", "group"},
		required: []string{"name", "tests", "errors", "skipped", "failures"}, children: []string{"properties", "testcase"}},
	"properties": {children: []string{"property"}},
	"property":   {attrs: []string{"name", "value"}, required: []string{"name", "value"}},
	"testcase": {attrs: []string{"name", "classname", "group", "time"}, required: []string{"name", "time"},
		children: []string{"failure", "rerunFailure", "flakyFailure", "skipped", "error", "rerunError", "flakyError", "system-out", "system-err"},
		most:     map[string]int{"skipped": 1, "error": 1, "system-out": 1, "system-err": 1}},
	"failure":    {attrs: []string{"message", "type"}, required: []string{"type"}},
	"error":      {attrs: []string{"message", "type"}, required: []string{"type"}},
	"skipped":    {attrs: []string{"message"}},
	"system-out": {},
}

var surefireTime = regexp.MustCompile(`^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]{0,3})?$`)

// xmlNode is an element with its attributes and child elements.
type xmlNode struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []xmlNode  `xml:",any"`
}

// checkSurefire checks doc against xsdRules, as a schema validator would.
func checkSurefire(doc []byte) []error {
	var root xmlNode
	if err := xml.Unmarshal(doc, &root); err != nil {
		return []error{err}
	}
	if root.XMLName.Local != "testsuite" {
		return []error{fmt.Errorf("the root element is <%s>; the XSD allows only <testsuite>", root.XMLName.Local)}
	}
	return checkNode(root, "testsuite")
}

func checkNode(n xmlNode, path string) []error {
	rule, ok := xsdRules[n.XMLName.Local]
	if !ok {
		return []error{fmt.Errorf("%s: the XSD has no element <%s> here", path, n.XMLName.Local)}
	}
	var errs []error
	var names []string
	for _, a := range n.Attrs {
		names = append(names, a.Name.Local)
		if !slices.Contains(rule.attrs, a.Name.Local) {
			errs = append(errs, fmt.Errorf("%s: attribute %s is not allowed", path, a.Name.Local))
		}
		if a.Name.Local == "time" && !surefireTime.MatchString(a.Value) {
			errs = append(errs, fmt.Errorf("%s: time %q is not a SUREFIRE_TIME", path, a.Value))
		}
	}
	for _, req := range rule.required {
		if !slices.Contains(names, req) {
			errs = append(errs, fmt.Errorf("%s: required attribute %s is missing", path, req))
		}
	}
	return append(errs, checkChildren(n, path, rule.children, rule.most)...)
}

func checkChildren(n xmlNode, path string, order []string, most map[string]int) []error {
	var errs []error
	last, count := -1, map[string]int{}
	for i, c := range n.Children {
		at := slices.Index(order, c.XMLName.Local)
		sub := fmt.Sprintf("%s/%s[%d]", path, c.XMLName.Local, i)
		switch {
		case at < 0:
			errs = append(errs, fmt.Errorf("%s: not allowed inside <%s>", sub, n.XMLName.Local))
			continue
		case at < last:
			errs = append(errs, fmt.Errorf("%s: out of the order %v", sub, order))
		}
		last = at
		if count[c.XMLName.Local]++; most[c.XMLName.Local] > 0 && count[c.XMLName.Local] > most[c.XMLName.Local] {
			errs = append(errs, fmt.Errorf("%s: at most %d allowed", sub, most[c.XMLName.Local]))
		}
		errs = append(errs, checkNode(c, sub)...)
	}
	return errs
}

// TestJUnitIsValidAgainstTheSurefireXSD validates junit.xml of a report with every state (and a
// waived failure) against the Surefire XSD: by the structural check always, and by xmllint
// --schema when it is installed (.ci/run installs it).
func TestJUnitIsValidAgainstTheSurefireXSD(t *testing.T) {
	r := sampleReport()
	r.Results = append(r.Results, obcert.Result{ID: "issuer/waived", Role: obcert.RoleIssuer, Requirements: []string{"ISSUER-16"},
		Level: obcert.MUST, State: obcert.StateFailed, Title: "a waived failure", Message: "tracked",
		Waived: &obcert.Waiver{Spec: "issuer/waived", Reason: "key rotation", Expires: "2099-01-01"}})
	r.Summarize()
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	for _, err := range checkSurefire(buf.Bytes()) {
		t.Error(err)
	}
	xmllint(t, buf.Bytes())
}

// TestSurefireCheckRefusesWhatTheXSDRefuses: the structural check finds each kind of mistake
// the XSD refuses, so its silence above means something.
func TestSurefireCheckRefusesWhatTheXSDRefuses(t *testing.T) {
	for name, doc := range map[string]string{
		"testsuites root":        `<testsuites><testsuite name="a" tests="0" errors="0" skipped="0" failures="0"/></testsuites>`,
		"missing attribute":      `<testsuite name="a" tests="0" errors="0" failures="0"/>`,
		"timestamp":              `<testsuite name="a" tests="0" errors="0" skipped="0" failures="0" timestamp="2025-01-01T00:00:00"/>`,
		"testcase properties":    `<testsuite name="a" tests="1" errors="0" skipped="0" failures="0"><testcase name="x" time="1"><properties/></testcase></testsuite>`,
		"failure without a type": `<testsuite name="a" tests="1" errors="0" skipped="0" failures="1"><testcase name="x" time="1"><failure message="m"/></testcase></testsuite>`,
		"error before skipped":   `<testsuite name="a" tests="1" errors="1" skipped="1" failures="0"><testcase name="x" time="1"><error type="e"/><skipped/></testcase></testsuite>`,
		"bad time":               `<testsuite name="a" tests="1" errors="0" skipped="0" failures="0"><testcase name="x" time="1.5s"/></testsuite>`,
		"no time":                `<testsuite name="a" tests="1" errors="0" skipped="0" failures="0"><testcase name="x"/></testsuite>`,
	} {
		if errs := checkSurefire([]byte(doc)); len(errs) == 0 {
			t.Errorf("%s: the structural check accepts %s", name, doc)
		}
		if refuses, ran := xmllintRefuses(t, []byte(doc)); ran && !refuses {
			t.Errorf("%s: xmllint accepts %s, the structural check refuses it: they disagree", name, doc)
		}
	}
}

func xmllint(t *testing.T, doc []byte) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Log("xmllint is not installed (Debian's libxml2-utils): validated by the structural check only")
		return
	}
	if out, err := runXmllint(t, doc); err != nil {
		t.Errorf("xmllint --schema %s: %v\n%s", surefireXSD, err, out)
	}
}

func xmllintRefuses(t *testing.T, doc []byte) (refuses, ran bool) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		return false, false
	}
	_, err := runXmllint(t, doc)
	return err != nil, true
}

func runXmllint(t *testing.T, doc []byte) (string, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "junit.xml")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--schema", surefireXSD, path).CombinedOutput()
	return strings.TrimSpace(string(out)), err
}
