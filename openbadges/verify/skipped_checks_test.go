package verify

import (
	"testing"

	"github.com/obcert/obcert"
)

// The reference validator declares these checks but never runs them (VALIDATOR-CORE.md §9).
// Each test shows obcert catching what it lets through.

func TestCleanHostedBadgeIsValid(t *testing.T) {
	res := verifyWith(t, newHosted().web(), Input{Value: "https://example.org/a.json"})
	if !res.Valid || res.Count(obcert.Error) != 0 || res.Count(obcert.Warning) != 0 {
		t.Fatalf("clean badge: valid=%v\n%s", res.Valid, dump(res))
	}
	if len(res.Graph) != 3 {
		t.Errorf("graph has %d nodes, want 3", len(res.Graph))
	}
}

func TestSkippedCheckTypeOfLinkedObject(t *testing.T) {
	h := newHosted()
	h.badge["type"] = "Issuer" // VAL: "a BadgeClass typed Issuer passes"
	res := verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"})
	if res.Valid {
		t.Fatalf("a BadgeClass typed Issuer was accepted\n%s", dump(res))
	}
	wantFinding(t, res, obcert.Error, "OBJ-19", "")
}

func TestSkippedCheckProfileEmail(t *testing.T) {
	for name, email := range map[string]any{"missing": nil, "malformed": "not an email"} {
		t.Run(name, func(t *testing.T) {
			h := newHosted()
			if email == nil {
				delete(h.issuer, "email")
			} else {
				h.issuer["email"] = email
			}
			res := verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"})
			if res.Valid {
				t.Fatalf("issuer with %s email accepted\n%s", name, dump(res))
			}
			wantFinding(t, res, obcert.Error, "OBJ-20", "")
		})
	}
}

func TestSkippedCheckVerificationProperty(t *testing.T) {
	h := newHosted()
	h.issuer["verification"] = map[string]any{"verificationProperty": "email", "allowedOrigins": "example.org"}
	res := verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"})
	wantFinding(t, res, obcert.Error, "OBJ-29", "verificationProperty")
}

func TestSkippedCheckVerificationTypeVersusMode(t *testing.T) {
	t.Run("hosted fetch of a SignedBadge", func(t *testing.T) {
		h := newHosted()
		h.assertion["verification"] = map[string]any{"type": "SignedBadge"}
		res := verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"})
		wantFinding(t, res, obcert.Error, "VERIFY-19", "without its signature")
	})
	t.Run("JWS declaring HostedBadge", func(t *testing.T) {
		s := newSigner(t)
		h, a := signedWeb(t, s)
		a["verification"] = map[string]any{"type": "HostedBadge", "creator": "https://example.org/k.json"}
		res := verifyWith(t, h.web(), Input{Value: s.sign(t, a)})
		wantFinding(t, res, obcert.Error, "OBJ-28", "HostedBadge")
	})
}

func TestSkippedCheckHostedRevocation(t *testing.T) {
	t.Run("410 Gone", func(t *testing.T) {
		w := newHosted().web()
		w["https://example.org/a.json"] = doc{status: 410, body: []byte(`{"id":"https://example.org/a.json","revoked":true,"revocationReason":"cheating"}`)}
		res := verifyWith(t, w, Input{Value: "https://example.org/a.json"})
		if res.Valid || !res.Revoked || res.RevocationReason != "cheating" {
			t.Fatalf("410: valid=%v revoked=%v reason=%q", res.Valid, res.Revoked, res.RevocationReason)
		}
		wantFinding(t, res, obcert.Error, "VERIFY-12", "410")
	})
	t.Run("revoked: true with 200", func(t *testing.T) {
		h := newHosted()
		h.assertion = map[string]any{"@context": "https://w3id.org/openbadges/v2", "id": "https://example.org/a.json", "type": "Assertion", "revoked": true}
		res := verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"})
		if res.Valid || !res.Revoked {
			t.Fatalf("revoked:true accepted: %s", dump(res))
		}
		wantFinding(t, res, obcert.Error, "VERIFY-07", "revoked: true")
	})
}

func TestSkippedCheckHTTPErrorStatus(t *testing.T) {
	h := newHosted()
	w := h.web()
	w["https://example.org/b.json"] = doc{status: 404, body: w["https://example.org/b.json"].body}
	res := verifyWith(t, w, Input{Value: "https://example.org/a.json"})
	if res.Valid {
		t.Fatal("a BadgeClass served with 404 was accepted")
	}
	wantFinding(t, res, obcert.Error, "VERIFY-01", "HTTP 404")
}

func TestSkippedCheckEndorsementVerification(t *testing.T) {
	h := newHosted()
	h.badge["endorsement"] = "https://example.org/e.json"
	h.extra.json("https://example.org/e.json", map[string]any{
		"@context": "https://w3id.org/openbadges/v2", "type": "Endorsement", "id": "https://example.org/e.json",
		"claim":    map[string]any{"id": "https://example.org/b.json", "endorsementComment": "good"},
		"issuedOn": "2017-01-01T00:00:00Z", "issuer": "https://endorser.example.net/p.json",
		"verification": map[string]any{"type": "HostedBadge"},
	})
	h.extra.json("https://endorser.example.net/p.json", map[string]any{
		"@context": "https://w3id.org/openbadges/v2", "type": "Profile", "id": "https://endorser.example.net/p.json",
		"name": "Endorser", "url": "https://endorser.example.net", "email": "e@example.net",
	})
	t.Run("on the endorsed object it warns", func(t *testing.T) {
		res := verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"})
		if !res.Valid {
			t.Fatalf("a bad endorsement made the badge invalid:\n%s", dump(res))
		}
		wantFinding(t, res, obcert.Warning, "ENDORSE-05", "not hosted in allowed origins")
	})
	t.Run("as the subject it is invalid", func(t *testing.T) {
		res := verifyWith(t, h.web(), Input{Value: "https://example.org/e.json"})
		if res.Valid {
			t.Fatal("an out-of-scope endorsement was valid")
		}
		wantFinding(t, res, obcert.Error, "VERIFY-11", "not hosted in allowed origins")
	})
}

func TestSkippedCheckKeyOwner(t *testing.T) {
	s := newSigner(t)
	h, a := signedWeb(t, s)
	h.extra.json("https://example.org/k.json", map[string]any{
		"@context": "https://w3id.org/openbadges/v2", "type": "CryptographicKey", "id": "https://example.org/k.json",
		"owner": "https://elsewhere.example.net/p.json", "publicKeyPem": s.pem,
	})
	res := verifyWith(t, h.web(), Input{Value: s.sign(t, a)})
	if res.Valid {
		t.Fatal("a key owned by someone else verified the badge")
	}
	wantFinding(t, res, obcert.Error, "ISSUER-15", "names owner")
}

func TestSkippedCheckImageMIME(t *testing.T) {
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	t.Run("BadgeClass image", func(t *testing.T) {
		w := newHosted().web()
		w["https://example.org/b.png"] = doc{ctype: "image/jpeg", body: jpeg}
		res := verifyWith(t, w, Input{Value: "https://example.org/a.json"})
		wantFinding(t, res, obcert.Error, "OBJ-12", "image/jpeg")
	})
	t.Run("Profile image", func(t *testing.T) {
		h := newHosted()
		h.issuer["image"] = "https://example.org/logo.jpg"
		h.extra["https://example.org/logo.jpg"] = doc{ctype: "image/jpeg", body: jpeg}
		res := verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"})
		wantFinding(t, res, obcert.Error, "OBJ-12", "image/jpeg")
	})
}

func TestSkippedCheckMarkdownType(t *testing.T) {
	h := newHosted()
	h.assertion["narrative"] = 123 // VAL: "narrative=123 OK"
	res := verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"})
	if res.Valid {
		t.Fatalf("numeric narrative accepted\n%s", dump(res))
	}
}

func TestSkippedCheckEmbeddedCriteriaNarrative(t *testing.T) {
	h := newHosted()
	h.badge["criteria"] = map[string]any{} // VAL: "criteria:{} passes"
	res := verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"})
	wantFinding(t, res, obcert.Error, "OBJ-32", "")
}
