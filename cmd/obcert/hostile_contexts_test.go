package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/obcert/obcert"
)

// contextCases are hostile remote JSON-LD contexts an Assertion names at /ctx0.
func contextCases() map[string]hostileDocs {
	chain := hostileDocs{}
	for i := range 1000 {
		chain[fmt.Sprintf("/ctx%d", i)] = fmt.Sprintf(`{"@context":"{{O}}/ctx%d"}`, i+1)
	}
	chain["/ctx1000"] = `{"@context":{}}`
	return map[string]hostileDocs{
		"self-including context": {"/ctx0": `{"@context":["{{O}}/ctx0",{"a":"http://e.org/a"}]}`},
		"context chain of 1000":  chain,
	}
}

var contextCauses = []string{"JSON-LD context cycle", "more than 8 levels deep"}

func TestValidateHostileContexts(t *testing.T) {
	for name, ctxDocs := range contextCases() {
		t.Run(name, func(t *testing.T) {
			const origin = "http://hostile.test"
			mocks := offlineMapOf(t, origin, badgeDocs(t, []string{"/ctx0"}, ctxDocs))
			var code int
			var out, errs string
			bounded(t, 5*time.Second, 200, func() {
				code, out, errs = validate(t, "", "--offline-map", mocks, origin+"/assertion")
			})
			rep := readValidateReport(t, out)
			if code != 1 || rep.Report.Valid || !containsAny(out, contextCauses) {
				t.Errorf("exit %d valid %v; want 1, false and the cause:\n%s\n%s", code, rep.Report.Valid, out, errs)
			}
		})
	}
}

func TestRunHostileContexts(t *testing.T) {
	for name, ctxDocs := range contextCases() {
		t.Run(name, func(t *testing.T) {
			origin := serveDocs(t, badgeDocs(t, []string{"/ctx0"}, ctxDocs))
			dir := t.TempDir()
			cand := writeCandidate(t, dir, "candidate: {name: hostile}\nissuer:\n  badges:\n    - url: "+origin+"/assertion\n")
			out := filepath.Join(dir, "out")
			var code int
			var stdout, stderr string
			bounded(t, 5*time.Second, 200, func() {
				code, stdout, stderr = runWith(t, registered(), "run", "-c", cand, "--out", out, "--request-timeout", "2s")
			})
			r := readReport(t, out)
			if code == 0 || r.Verdict == obcert.Conformant || !resultNames(r, contextCauses) {
				t.Errorf("exit %d verdict %s; want a failed result naming the cause\n%s\n%s", code, r.Verdict, stdout, stderr)
			}
		})
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// resultNames reports a failed or error result whose message names one of causes.
func resultNames(r *obcert.Report, causes []string) bool {
	for _, res := range r.Results {
		if (res.State == obcert.StateFailed || res.State == obcert.StateError) && containsAny(res.Message, causes) {
			return true
		}
	}
	return false
}
