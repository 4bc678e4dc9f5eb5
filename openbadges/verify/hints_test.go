package verify

import (
	"testing"

	"github.com/obcert/obcert"
)

// Item 7. Hints that name the vendor's actual mistake.
func TestHintsNameTheMistake(t *testing.T) {
	for _, status := range []int{401, 403} {
		t.Run("BadgeClass behind credentials", func(t *testing.T) {
			w := newHosted().web()
			w["https://example.org/b.json"] = doc{status: status, body: []byte(`{"error":"unauthorized"}`)}
			res := verifyWith(t, w, Input{Value: "https://example.org/a.json"})
			wantInvalid(t, res)
			wantHint(t, res, "must be public, without credentials")
		})
	}
	t.Run("badgeClass is not an OB 2.0 term", func(t *testing.T) {
		h := newHosted()
		h.assertion["badgeClass"] = h.assertion["badge"]
		delete(h.assertion, "badge")
		res := verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"})
		wantInvalid(t, res)
		wantFinding(t, res, obcert.Info, "OBJ-04", "badgeClass")
		wantHint(t, res, "`badgeClass` is not an OB 2.0 term; did you mean `badge`?")
	})
	t.Run("an OB 3.0 proof", func(t *testing.T) {
		h := newHosted()
		delete(h.assertion, "verification")
		h.assertion["proof"] = map[string]any{"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofValue": "z58DAdFfa9S"}
		res := verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"})
		wantInvalid(t, res)
		wantHint(t, res, "an OB 3.0 proof; OB 2.0 verifies HostedBadge or SignedBadge")
	})
}
