package reference

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"io"
	"strings"

	"github.com/go-jose/go-jose/v4"
)

// keyBits is the size of the RSA keys the reference signs with.
const keyBits = 2048

// ensureKeys generates the signing keys that no option supplied.
func ensureKeys(c *config) error {
	for i := range c.keys {
		if c.keys[i] != nil {
			continue
		}
		k, err := rsa.GenerateKey(rand.Reader, keyBits)
		if err != nil {
			return fmt.Errorf("generating signing key %d: %w", i+1, err)
		}
		c.keys[i] = k
	}
	return nil
}

// publicKeyPEM encodes the public half of k as a PKIX "PUBLIC KEY" PEM block.
func publicKeyPEM(k *rsa.PrivateKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		return "", fmt.Errorf("encoding public key: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})), nil
}

// ISSUER-13: "JWS payload = the JSON-LD Assertion. RS256 is recommended for compatibility."
// signCompact signs payload with alg (RS256 but under a fault) and returns the compact serialization.
func signCompact(k *rsa.PrivateKey, payload []byte, alg jose.SignatureAlgorithm) (string, error) {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: k}, nil)
	if err != nil {
		return "", fmt.Errorf("creating signer: %w", err)
	}
	sig, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("signing assertion: %w", err)
	}
	return sig.CompactSerialize()
}

// corruptSignature flips the bits of the signature segment of a compact JWS, keeping it base64url.
func corruptSignature(jws string) (string, error) {
	parts := strings.Split(jws, ".")
	if len(parts) != 3 {
		return "", fmt.Errorf("not a compact JWS: %d parts", len(parts))
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return "", fmt.Errorf("decoding signature: %w", err)
	}
	for i := range sig {
		sig[i] ^= 0xFF
	}
	parts[2] = base64.RawURLEncoding.EncodeToString(sig)
	return strings.Join(parts, "."), nil
}

// uuidV4 reads a random (version 4) UUID from r.
func uuidV4(r io.Reader) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("reading random bytes: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}

// randomHex reads n random bytes from r and returns them in hex.
func randomHex(r io.Reader, n int) (string, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", fmt.Errorf("reading random bytes: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// signingKey is the private key of the CryptographicKey that d's verification.creator names:
// the reference signs with the key it says it signs with.
func (b *builder) signingKey(d doc) *rsa.PrivateKey {
	v, _ := d["verification"].(doc)
	if v["creator"] == b.url(pathKey2) {
		return b.c.keys[1]
	}
	return b.c.keys[0]
}

// sign signs the JSON of d with key and returns the compact JWS.
func sign(key *rsa.PrivateKey, d doc, alg jose.SignatureAlgorithm) (string, error) {
	payload, err := marshal(d)
	if err != nil {
		return "", err
	}
	return signCompact(key, payload, alg)
}
