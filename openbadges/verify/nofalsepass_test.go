package verify

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/obcert/obcert"
)

// Each test below is an adversarial badge the core once accepted (or a correct one it refused).

// signJWS signs payload v with key under alg (any go-jose signing algorithm).
func signJWS(t testing.TB, alg jose.SignatureAlgorithm, key any, v any, opts *jose.SignerOptions) string {
	t.Helper()
	sig, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := sig.Sign([]byte(mustJSON(v)))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := obj.CompactSerialize()
	return out
}

func pemOf(t testing.TB, pub any) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

func keyDoc(id, owner, pemText string) map[string]any {
	return map[string]any{"@context": "https://w3id.org/openbadges/v2", "type": "CryptographicKey",
		"id": id, "owner": owner, "publicKeyPem": pemText}
}

func wantInvalid(t *testing.T, res *Result) {
	t.Helper()
	if res.Valid {
		t.Fatalf("accepted:\n%s", dump(res))
	}
}

func wantValid(t *testing.T, res *Result) {
	t.Helper()
	if !res.Valid {
		t.Fatalf("refused:\n%s", dump(res))
	}
}

// wantHint fails unless some finding's hint contains text.
func wantHint(t *testing.T, res *Result, text string) {
	t.Helper()
	for _, f := range res.Findings {
		if strings.Contains(f.Hint, text) {
			return
		}
	}
	t.Errorf("no finding hints %q; findings:\n%s", text, dumpHints(res))
}

func dumpHints(res *Result) string {
	var b strings.Builder
	for _, f := range res.Findings {
		b.WriteString("  " + string(f.Severity) + " " + f.Message + "\n      hint: " + f.Hint + "\n")
	}
	return b.String()
}

// Item 1. SignedBadge step 4: "Do not trust a key that is not properly linked from the issuer Profile".
func TestTrustAnchorsAreNotRehomed(t *testing.T) {
	s, evil := newSigner(t), newSigner(t)
	for name, tc := range map[string]struct {
		web      func() (fakeWeb, Input)
		req, msg string
	}{
		"CryptographicKey declaring another id on another host": {func() (fakeWeb, Input) {
			h, a := signedWeb(t, s)
			h.extra.json("https://example.org/k.json", keyDoc("https://evil.example/k.json", "https://example.org/i.json", evil.pem))
			h.extra.json("https://evil.example/k.json", keyDoc("https://evil.example/k.json", "https://example.org/i.json", evil.pem))
			return h.web(), Input{Value: evil.sign(t, a)}
		}, "VERIFY-17", "declares id https://evil.example/k.json"},
		"issuer Profile declaring another id": {func() (fakeWeb, Input) {
			h := newHosted()
			return moved(h, h.issuer, "https://example.org/i.json", "https://example.org/i2.json"), Input{Value: "https://example.org/a.json"}
		}, "VERIFY-03", "declares id https://example.org/i2.json"},
		"RevocationList declaring another id": {func() (fakeWeb, Input) {
			h, a := signedWeb(t, s)
			h.extra.json("https://example.org/rl.json", revocationList("https://example.org/rl2.json", a["id"]))
			h.extra.json("https://example.org/rl2.json", revocationList("https://example.org/rl2.json"))
			return h.web(), Input{Value: s.sign(t, a)}
		}, "VERIFY-20", "declares id https://example.org/rl2.json"},
	} {
		t.Run(name, func(t *testing.T) {
			w, in := tc.web()
			res := verifyWith(t, w, in)
			wantInvalid(t, res)
			wantFinding(t, res, obcert.Error, tc.req, tc.msg)
		})
	}
	// Not trust anchors: the subject, BadgeClasses and Endorsements are fetched again from the id
	// they declare, with the reference validator's OBJ-38 warning (their scope is checked on that id).
	for name, tc := range map[string]struct {
		node     func(h *hostedWeb) map[string]any
		from, to string
	}{
		"Assertion subject": {func(h *hostedWeb) map[string]any { return h.assertion }, "https://example.org/a.json", "https://example.org/a2.json"},
		"BadgeClass":        {func(h *hostedWeb) map[string]any { return h.badge }, "https://example.org/b.json", "https://example.org/b2.json"},
		"Endorsement": {func(h *hostedWeb) map[string]any {
			h.badge["endorsement"] = "https://example.org/e.json"
			return map[string]any{
				"@context": "https://w3id.org/openbadges/v2", "type": "Endorsement", "issuer": "https://example.org/i.json",
				"claim":    map[string]any{"id": "https://example.org/b.json", "endorsementComment": "good"},
				"issuedOn": "2017-01-01T00:00:00Z", "verification": map[string]any{"type": "HostedBadge"},
			}
		}, "https://example.org/e.json", "https://example.org/e2.json"},
	} {
		t.Run(name+" is refetched from its declared id with a warning", func(t *testing.T) {
			h := newHosted()
			w := moved(h, tc.node(h), tc.from, tc.to)
			res := verifyWith(t, w, Input{Value: "https://example.org/a.json"})
			wantValid(t, res)
			wantFinding(t, res, obcert.Warning, "OBJ-38", "declared its id as "+tc.to)
		})
	}
}

// moved serves node at from, declaring id to, and at to as well.
func moved(h *hostedWeb, node map[string]any, from, to string) fakeWeb {
	m := copyMap(node)
	m["id"] = to
	w := h.web()
	w.json(from, m)
	w.json(to, m)
	return w
}

// revocationList is a RevocationList document with the given id and entries.
func revocationList(id string, entries ...any) map[string]any {
	return map[string]any{"@context": "https://w3id.org/openbadges/v2", "type": "RevocationList", "id": id,
		"revokedAssertions": append([]any{}, entries...)}
}

var jpegBytes = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9")

func dataURI(media string, b []byte) string {
	return "data:" + media + ";base64," + base64.StdEncoding.EncodeToString(b)
}

// Item 4. OBJ-12: "This must be a PNG or SVG image"; OBJ-31: Image id is "the URI or Data URI of the image".
func TestImagesCheckedByContent(t *testing.T) {
	t.Run("BadgeClass data URI declaring PNG but holding a JPEG", func(t *testing.T) {
		h := newHosted()
		h.badge["image"] = dataURI("image/png", jpegBytes)
		res := verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"})
		wantInvalid(t, res)
		wantFinding(t, res, obcert.Error, "OBJ-12", "not PNG or SVG")
	})
	t.Run("Assertion image as a PNG data URI", func(t *testing.T) {
		h := newHosted()
		h.assertion["image"] = dataURI("image/png", heartPNG)
		wantValid(t, verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"}))
	})
	t.Run("Assertion image as an SVG data URI, percent-encoded", func(t *testing.T) {
		h := newHosted()
		h.assertion["image"] = map[string]any{"id": "data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%2F%3E"}
		wantValid(t, verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"}))
	})
	t.Run("data URI too large", func(t *testing.T) {
		h := newHosted()
		h.badge["image"] = dataURI("image/png", append(append([]byte{}, heartPNG...), make([]byte, 3<<20)...))
		res := verifyWith(t, h.web(), Input{Value: "https://example.org/a.json"})
		wantInvalid(t, res)
		wantFinding(t, res, obcert.Error, "OBJ-12", "larger than")
	})
}

// An embedded key is the one the trusted Profile embeds, never a node of the same id from the payload.
func TestEmbeddedKeyIsNotTakenFromThePayload(t *testing.T) {
	s, evil := newSigner(t), newSigner(t)
	h, a := signedWeb(t, s)
	const keyID = "urn:uuid:3b9c1b1c-9c2e-4a8e-8f0a-1c2d3e4f5a6b"
	h.issuer["publicKey"] = map[string]any{"id": keyID, "type": "CryptographicKey", "owner": "https://example.org/i.json", "publicKeyPem": s.pem}
	a["verification"] = map[string]any{"type": "SignedBadge", "creator": keyID}
	a["evidence"] = map[string]any{"id": keyID, "publicKeyPem": evil.pem}
	a["endorsement"] = map[string]any{"id": keyID, "type": "CryptographicKey", "owner": "https://example.org/i.json", "publicKeyPem": evil.pem}
	wantInvalid(t, verifyWith(t, h.web(), Input{Value: evil.sign(t, a)}))
	delete(a, "endorsement")
	delete(a, "evidence")
	wantValid(t, verifyWith(t, h.web(), Input{Value: s.sign(t, a)}))
}
