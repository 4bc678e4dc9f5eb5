package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
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

// TestRunHostileContexts: issue 8's first condition for `obcert run`, within 5 s and 200 MB.
func TestRunHostileContexts(t *testing.T) {
	for name, ctxDocs := range contextCases() {
		t.Run(name, func(t *testing.T) {
			runHostile(t, runCase{name: name, handlers: badgeJSON(assertionWith("", "/ctx0")), docs: ctxDocs,
				causes: contextCauses, limit: 5 * time.Second, maxMB: 200})
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
