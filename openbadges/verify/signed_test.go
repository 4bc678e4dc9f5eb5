package verify

import (
	"encoding/base64"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/obcert/obcert"
)

func TestSignedBadge(t *testing.T) {
	s := newSigner(t)
	h, a := signedWeb(t, s)
	t.Run("valid", func(t *testing.T) {
		res := verifyWith(t, h.web(), Input{Value: s.sign(t, a)})
		if !res.Valid || res.Signed == nil || !res.Signed.Verified || res.Signed.KeyID != "https://example.org/k.json" {
			t.Fatalf("valid=%v signed=%+v\n%s", res.Valid, res.Signed, dump(res))
		}
		if res.InputType != "jws" || res.Subject != a["id"] {
			t.Errorf("input %s subject %s", res.InputType, res.Subject)
		}
	})
	t.Run("creator omitted: every listed key is tried", func(t *testing.T) {
		b := copyMap(a)
		b["verification"] = map[string]any{"type": "signed"}
		res := verifyWith(t, h.web(), Input{Value: s.sign(t, b)})
		if !res.Valid {
			t.Fatalf("no creator: %s", dump(res))
		}
	})
	t.Run("tampered payload", func(t *testing.T) {
		tok := s.sign(t, a)
		parts := strings.Split(tok, ".")
		other := copyMap(a)
		other["issuedOn"] = "2017-01-01T00:00:00Z"
		body := s.sign(t, other)
		parts[1] = strings.Split(body, ".")[1]
		res := verifyWith(t, h.web(), Input{Value: strings.Join(parts, ".")})
		wantFinding(t, res, obcert.Error, "VERIFY-19", "does not verify")
	})
	t.Run("key not listed by the issuer", func(t *testing.T) {
		other := newSigner(t)
		b := copyMap(a)
		b["verification"] = map[string]any{"type": "SignedBadge", "creator": "https://example.org/k2.json"}
		res := verifyWith(t, h.web(), Input{Value: other.sign(t, b)})
		wantFinding(t, res, obcert.Error, "ISSUER-16", "does not list")
	})
	t.Run("revoked in the RevocationList", func(t *testing.T) {
		b := copyMap(a)
		b["id"] = "urn:uuid:11111111-2222-4333-8444-555555555555"
		res := verifyWith(t, h.web(), Input{Value: s.sign(t, b)})
		if res.Valid || !res.Revoked || res.RevocationReason != "cheating" {
			t.Fatalf("valid=%v revoked=%v %q", res.Valid, res.Revoked, res.RevocationReason)
		}
		wantFinding(t, res, obcert.Error, "VERIFY-20", "with reason: cheating")
	})
	t.Run("RevocationList unreachable", func(t *testing.T) {
		w := h.web()
		delete(w, "https://example.org/rl.json")
		res := verifyWith(t, w, Input{Value: s.sign(t, a)})
		wantFinding(t, res, obcert.Error, "VERIFY-20", "cannot be ruled out")
	})
	t.Run("payload not JSON", func(t *testing.T) {
		sig, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: s.key}, nil)
		obj, _ := sig.Sign([]byte("not json"))
		tok, _ := obj.CompactSerialize()
		res := verifyWith(t, h.web(), Input{Value: tok})
		wantFinding(t, res, obcert.Error, "VERIFY-15", "")
	})
}

func TestSignedBadgeRejectsUnsafeAlgorithms(t *testing.T) {
	s := newSigner(t)
	h, a := signedWeb(t, s)
	payload := base64.RawURLEncoding.EncodeToString([]byte(mustJSON(a)))
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`)) + "." + payload + "."
	res := verifyWith(t, h.web(), Input{Value: none})
	if res.Valid {
		t.Fatal("alg none accepted")
	}
	wantFinding(t, res, obcert.Error, "VERIFY-19", "not accepted")

	// HS256 keyed with the public PEM: the classic algorithm-confusion attack.
	hs, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: []byte(s.pem)}, nil)
	obj, _ := hs.Sign([]byte(mustJSON(a)))
	tok, _ := obj.CompactSerialize()
	res = verifyWith(t, h.web(), Input{Value: tok})
	if res.Valid {
		t.Fatal("HS256 with the public key as secret accepted")
	}
	wantFinding(t, res, obcert.Error, "VERIFY-19", "not accepted")
}

func TestSignedBadgeEmbeddedIssuerKeysNotTrusted(t *testing.T) {
	s := newSigner(t)
	h, a := signedWeb(t, s)
	b := copyMap(a)
	badge := copyMap(h.badge)
	badge["id"] = "urn:uuid:0b9c1b1c-9c2e-4a8e-8f0a-1c2d3e4f5a6b"
	issuer := copyMap(h.issuer)
	issuer["id"] = "urn:uuid:1b9c1b1c-9c2e-4a8e-8f0a-1c2d3e4f5a6b"
	issuer["publicKey"] = "https://example.org/k.json"
	badge["issuer"] = issuer
	b["badge"] = badge
	res := verifyWith(t, h.web(), Input{Value: s.sign(t, b)})
	wantFinding(t, res, obcert.Error, "VERIFY-22", "not hosted")
}
