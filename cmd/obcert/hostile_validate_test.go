package main

import (
	"strings"
	"testing"
	"time"
)

// TestValidateMillionEntryRevocationList: validate --format json of a signed badge whose issuer's
// RevocationList holds 1,000,000 malformed entries ends in seconds with a few dozen messages.
func TestValidateMillionEntryRevocationList(t *testing.T) {
	const origin = "http://hostile.test"
	list := `{"@context":"https://w3id.org/openbadges/v2","type":"RevocationList","id":"{{O}}/revocations","revokedAssertions":[` +
		strings.TrimSuffix(strings.Repeat("7,", 1_000_000), ",") + `]}`
	mocks := offlineMapOf(t, origin, badgeDocs(t, nil, signedDocs(t, list)))
	jws := compactJWS(t, "", signedAssertion(origin), true)
	var code int
	var out, errs string
	bounded(t, 10*time.Second, 300, func() {
		code, out, errs = validate(t, "", "--offline-map", mocks, jws)
	})
	rep := readValidateReport(t, out)
	if code != 1 || rep.Report.Valid || len(rep.Report.Messages) > 40 {
		t.Errorf("exit %d, valid %v, %d messages; want 1, false and a few dozen at most\n%s", code, rep.Report.Valid, len(rep.Report.Messages), errs)
	}
	if !strings.Contains(out, "more findings like the above") {
		t.Errorf("no summary finding for the entries not listed:\n%.3000s", out)
	}
}
