package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestValidateOutOfTimeIsIncomplete: endorsements that answer too slowly for the validation's
// budget give valid: false, incomplete: true and exit 3, never valid.
func TestValidateOutOfTimeIsIncomplete(t *testing.T) {
	slow := hostileHandlers{}
	var links []string
	for i := range 5 {
		p := fmt.Sprintf("/endorsement%d", i)
		links = append(links, `"{{O}}`+p+`"`)
		slow[p] = sleepFor(5*time.Second, http.NotFound)
	}
	d := badgeDocs(t, nil, nil)
	d["/assertion"] = strings.Replace(d["/assertion"], `"type":"Assertion"`, `"type":"Assertion","endorsement":[`+strings.Join(links, ",")+`]`, 1)
	origin := serveHostile(t, d, slow)
	var code int
	var out, errs string
	bounded(t, 3*time.Second, 100, func() {
		code, out, errs = validate(t, "", "--timeout", "1s", origin+"/assertion")
	})
	rep := readValidateReport(t, out)
	if code != 3 || rep.Report.Valid || !rep.Report.Incomplete || !strings.Contains(rep.Report.IncompleteReason, "ran out of time") {
		t.Errorf("exit %d, report %+v; want 3, valid false, incomplete true with the reason\n%s", code, rep.Report, errs)
	}
	if !strings.Contains(errs, "incomplete") {
		t.Errorf("stderr does not say the validation is incomplete: %q", errs)
	}
}
