package verify

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"testing"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/obcert/obcert"
)

// ecSigner makes an ECDSA key on curve c and its CryptographicKey.
func ecSigner(t testing.TB, c elliptic.Curve) (*ecdsa.PrivateKey, string) {
	k, err := ecdsa.GenerateKey(c, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k, pemOf(t, &k.PublicKey)
}

// es384WithP256 builds a token whose header says ES384 but that is signed with a P-256 key.
func es384WithP256(t testing.TB, k *ecdsa.PrivateKey, v any) string {
	head := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"ES384"}`))
	body := base64.RawURLEncoding.EncodeToString([]byte(mustJSON(v)))
	h := crypto.SHA384.New()
	h.Write([]byte(head + "." + body))
	r, sv, err := ecdsa.Sign(rand.Reader, k, h.Sum(nil))
	if err != nil {
		t.Fatal(err)
	}
	sig := make([]byte, 96)
	r.FillBytes(sig[:48])
	sv.FillBytes(sig[48:])
	return head + "." + body + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// Item 6. ISSUER-13: RS256 is recommended, not required; the key comes from the issuer Profile only.
func TestSignatureAlgorithms(t *testing.T) {
	s := newSigner(t)
	h, a := signedWeb(t, s)
	t.Run("RS512 with the listed RSA key", func(t *testing.T) {
		res := verifyWith(t, h.web(), Input{Value: signJWS(t, jose.RS512, s.key, a, nil)})
		wantValid(t, res)
		wantFinding(t, res, obcert.Warning, "ISSUER-13", "RS512")
	})
	t.Run("PS256 with the listed RSA key", func(t *testing.T) {
		wantValid(t, verifyWith(t, h.web(), Input{Value: signJWS(t, jose.PS256, s.key, a, nil)}))
	})
	t.Run("ES256 with a listed P-256 key", func(t *testing.T) {
		k, p := ecSigner(t, elliptic.P256())
		h.extra.json("https://example.org/k.json", keyDoc("https://example.org/k.json", "https://example.org/i.json", p))
		defer h.extra.json("https://example.org/k.json", keyDoc("https://example.org/k.json", "https://example.org/i.json", s.pem))
		res := verifyWith(t, h.web(), Input{Value: signJWS(t, jose.ES256, k, a, nil)})
		wantValid(t, res)
		wantFinding(t, res, obcert.Warning, "ISSUER-13", "ES256")
		t.Run("ES384 header with that P-256 key", func(t *testing.T) {
			res := verifyWith(t, h.web(), Input{Value: es384WithP256(t, k, a)})
			wantInvalid(t, res)
			wantFinding(t, res, obcert.Error, "VERIFY-19", "P-256")
		})
	})
	t.Run("ES256 header against the listed RSA key", func(t *testing.T) {
		k, _ := ecSigner(t, elliptic.P256())
		res := verifyWith(t, h.web(), Input{Value: signJWS(t, jose.ES256, k, a, nil)})
		wantInvalid(t, res)
		wantFinding(t, res, obcert.Error, "VERIFY-19", "RSA")
	})
	t.Run("attacker key in the jwk header is ignored", func(t *testing.T) {
		evil := newSigner(t)
		tok := signJWS(t, jose.RS256, evil.key, a, &jose.SignerOptions{EmbedJWK: true})
		wantInvalid(t, verifyWith(t, h.web(), Input{Value: tok}))
	})
	t.Run("WithAlgorithms narrows the set", func(t *testing.T) {
		res := verifyWith(t, h.web(), Input{Value: signJWS(t, jose.RS512, s.key, a, nil)}, WithAlgorithms(jose.RS256))
		wantInvalid(t, res)
		wantFinding(t, res, obcert.Error, "VERIFY-19", "not accepted")
	})
	t.Run("HS256 is never accepted, even when asked for", func(t *testing.T) {
		tok := signJWS(t, jose.HS256, []byte(s.pem), a, nil)
		wantInvalid(t, verifyWith(t, h.web(), Input{Value: tok}, WithAlgorithms(jose.HS256, jose.RS256)))
	})
}
