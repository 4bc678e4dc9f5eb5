package issuer

import (
	"strings"
	"testing"
)

// TestIncompleteVerificationIsUnread: a badge whose verification ran out of budget is not
// checked by any spec that needs its Assertion; the spec fails with the reason.
func TestIncompleteVerificationIsUnread(t *testing.T) {
	c := hostedRead("big")
	c.Result.Incomplete, c.Result.IncompleteReason = true, "the badge's graph holds more than 64 Badge Objects"
	o := run(t, "issuer/recipient", c)
	if len(o.Checked) != 0 || len(o.Unread) != 1 || !strings.Contains(o.Unread[0].Reason, "its verification is incomplete: the badge's graph") {
		t.Fatalf("checked %v, unread %+v; want the badge unread with the reason", o.Checked, o.Unread)
	}
}
