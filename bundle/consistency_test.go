package bundle

import (
	"bytes"
	"strings"
	"testing"
)

// TestVerifyReportConsistency: a report that disagrees with itself or with the files beside it
// is caught, each rule with its own message about report.json, even when every digest matches.
func TestVerifyReportConsistency(t *testing.T) {
	for name, tc := range map[string]struct{ from, to, want string }{
		"overall verdict":     {`"verdict":"CONFORMANT","roles"`, `"verdict":"NOT_CONFORMANT","roles"`, "the verdict is NOT_CONFORMANT, but the results make it CONFORMANT"},
		"role verdict":        {`"role":"issuer","verdict":"CONFORMANT"`, `"role":"issuer","verdict":"INCOMPLETE"`, "role issuer: the verdict is INCOMPLETE"},
		"counts":              {`"counts":{"passed":1}`, `"counts":{"passed":2}`, "role issuer: the counts"},
		"unknown requirement": {`"ISSUER-07"`, `"ISSUER-999"`, "requirements the catalogue does not hold: ISSUER-999"},
		"dangling evidence":   {`exchanges.har#entry=0`, `exchanges.har#entry=7`, "names no entry of exchanges.har"},
		"missing evidence":    {`exchanges.har#entry=0`, `shots/1.png`, "names a file the bundle does not hold"},
	} {
		t.Run(name, func(t *testing.T) {
			files := testFiles()
			if !bytes.Contains(files[0].Data, []byte(tc.from)) {
				t.Fatalf("the test report lacks %s", tc.from)
			}
			files[0].Data = bytes.Replace(files[0].Data, []byte(tc.from), []byte(tc.to), 1)
			var buf bytes.Buffer
			if err := Write(&buf, files, nil); err != nil {
				t.Fatal(err)
			}
			b, err := Read(&buf, DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			v := b.Verify(nil)
			if len(v.Problems) != 1 || v.Problems[0].File != ReportFile || !strings.Contains(v.Problems[0].Message, tc.want) {
				t.Errorf("problems %v, want one about %s saying %q", v.Problems, ReportFile, tc.want)
			}
		})
	}
}
