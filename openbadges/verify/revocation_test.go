package verify

import (
	"testing"

	"github.com/obcert/obcert"
)

// Item 5. VERIFY-20 and ISSUER-17.
func TestRevocationMatching(t *testing.T) {
	s := newSigner(t)
	t.Run("urn:uuid compared without case", func(t *testing.T) {
		h, a := signedWeb(t, s)
		a["id"] = "urn:uuid:11111111-2222-4333-8444-5555555555aa"
		h.extra.json("https://example.org/rl.json", revocationList("https://example.org/rl.json", "URN:UUID:11111111-2222-4333-8444-5555555555AA"))
		res := verifyWith(t, h.web(), Input{Value: s.sign(t, a)})
		if !res.Revoked {
			t.Fatalf("not revoked:\n%s", dump(res))
		}
	})
	t.Run("http ids compared exactly", func(t *testing.T) {
		h, a := signedWeb(t, s)
		a["id"] = "https://example.org/signed/abc"
		h.extra.json("https://example.org/rl.json", revocationList("https://example.org/rl.json", "https://example.org/signed/ABC"))
		res := verifyWith(t, h.web(), Input{Value: s.sign(t, a)})
		if res.Revoked {
			t.Fatalf("revoked by another id:\n%s", dump(res))
		}
	})
	t.Run("every RevocationList is read", func(t *testing.T) {
		h, a := signedWeb(t, s)
		h.issuer["revocationList"] = []any{"https://example.org/rl.json", "https://example.org/rl2.json"}
		h.extra.json("https://example.org/rl2.json", revocationList("https://example.org/rl2.json",
			map[string]any{"id": a["id"], "revocationReason": "second list"}))
		res := verifyWith(t, h.web(), Input{Value: s.sign(t, a)})
		if !res.Revoked || res.RevocationReason != "second list" {
			t.Fatalf("revoked=%v reason=%q\n%s", res.Revoked, res.RevocationReason, dump(res))
		}
	})
	for name, body := range map[string]string{
		"410 body without id":      `{"revoked":true}`,
		"410 body without revoked": `{"id":"https://example.org/a.json"}`,
	} {
		t.Run(name, func(t *testing.T) {
			w := newHosted().web()
			w["https://example.org/a.json"] = doc{status: 410, body: []byte(body)}
			res := verifyWith(t, w, Input{Value: "https://example.org/a.json"})
			if !res.Revoked {
				t.Fatal("not revoked")
			}
			wantFinding(t, res, obcert.Warning, "ISSUER-17", "revoked")
		})
	}
}
