package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reports"
)

// TestHostDroppedPropertyShowsTheStatements is issue 13's third "done when": under the fault that
// drops expires on export, report.json and report.html show the lost statement of each badge as
// N-Quads, and nothing else: no added statement, no other failed result.
func TestHostDroppedPropertyShowsTheStatements(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", "--out", dir, "--reference-fault", "host-drops-property"}, strings.NewReader(""), &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, stdout.String(), stderr.String())
	}
	r := readReport(t, dir)
	lost := regexp.MustCompile(`^fixture [a-z-]+: the export lost the statement <[^>]+> <https://w3id.org/security#expiration> "[^"]+"\^\^<http://www.w3.org/2001/XMLSchema#dateTime> \.$`)
	var statements []string
	for _, res := range r.Results {
		if res.State == obcert.StatePassed || res.State == obcert.StateSkipped {
			continue
		}
		if res.ID != "host/round-trip" || res.State != obcert.StateFailed {
			t.Errorf("%s is %s: %s", res.ID, res.State, res.Message)
			continue
		}
		for _, f := range res.Findings {
			if !lost.MatchString(f.Message) {
				t.Errorf("a finding that is not a lost expires statement: %s", f.Message)
			}
			statements = append(statements, strings.SplitN(f.Message, "the statement ", 2)[1])
		}
	}
	if len(statements) != 6 { // the valid imports: png, svg, url, jws, json, extended
		t.Fatalf("%d lost statements listed, want 6: %v", len(statements), statements)
	}
	html, err := os.ReadFile(filepath.Join(dir, reports.HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range statements {
		subject := strings.Fields(s)[0]
		if !bytes.Contains(html, []byte(strings.Trim(subject, "<>"))) || !bytes.Contains(html, []byte("security#expiration")) {
			t.Errorf("report.html does not show the statement %s", s)
		}
	}
	if bytes.Contains(html, []byte("the export added")) {
		t.Error("report.html lists an added statement")
	}
}
