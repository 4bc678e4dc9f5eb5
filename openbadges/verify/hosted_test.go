package verify

import (
	"testing"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges/bake"
)

// urnBadge is a HostedBadge Assertion whose Assertion, BadgeClass and issuer have urn:uuid ids.
func urnBadge() map[string]any {
	h := newHosted()
	issuer := copyMap(h.issuer)
	issuer["id"] = "urn:uuid:1b9c1b1c-9c2e-4a8e-8f0a-1c2d3e4f5a6b"
	badge := copyMap(h.badge)
	badge["id"] = "urn:uuid:0b9c1b1c-9c2e-4a8e-8f0a-1c2d3e4f5a6b"
	badge["issuer"] = issuer
	a := copyMap(h.assertion)
	a["id"] = "urn:uuid:2b9c1b1c-9c2e-4a8e-8f0a-1c2d3e4f5a6b"
	a["badge"] = badge
	return a
}

// Item 3. A HostedBadge Assertion, however delivered, is verified where it is hosted.
func TestHostedBadgeFollowsTheAssertion(t *testing.T) {
	w := newHosted().web()
	t.Run("JSON hosted nowhere", func(t *testing.T) {
		res := verifyWith(t, w, Input{Value: mustJSON(urnBadge())})
		wantInvalid(t, res)
		wantFinding(t, res, obcert.Error, "ISSUER-11", "is not hosted")
		wantFinding(t, res, obcert.Error, "VERIFY-10", "is not hosted")
	})
	t.Run("baked PNG hosted nowhere", func(t *testing.T) {
		png, err := bake.BakePNG(heartPNG, mustJSON(urnBadge()))
		if err != nil {
			t.Fatal(err)
		}
		res := verifyWith(t, w, Input{Data: png, Name: "badge.png"})
		wantInvalid(t, res)
		wantFinding(t, res, obcert.Error, "VERIFY-11", "is not hosted")
	})
	t.Run("delivered copy differs from the hosted one", func(t *testing.T) {
		h := newHosted()
		delivered := copyMap(h.assertion)
		delivered["recipient"] = map[string]any{"type": "email", "hashed": false, "identity": "mallory@example.org"}
		res := verifyWith(t, h.web(), Input{Value: mustJSON(delivered)})
		wantInvalid(t, res)
		wantFinding(t, res, obcert.Error, "VERIFY-10", "recipient")
	})
	t.Run("delivered copy equal to the hosted one", func(t *testing.T) {
		h := newHosted()
		png, _ := bake.BakePNG(heartPNG, mustJSON(h.assertion))
		wantValid(t, verifyWith(t, h.web(), Input{Data: png}))
	})
}
