package bundle

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"
)

// The key types a bundle may be signed with.
const (
	KeyEd25519 = "ed25519"
	KeyP256    = "p256"
)

// GenerateKey makes a key pair of kind (KeyEd25519 or KeyP256) and returns it as PEM: the
// private key in PKCS#8, the public key in PKIX.
func GenerateKey(kind string) (privatePEM, publicPEM []byte, err error) {
	var key crypto.Signer
	switch kind {
	case KeyEd25519:
		_, key, err = ed25519.GenerateKey(rand.Reader)
	case KeyP256:
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	default:
		return nil, nil, fmt.Errorf("unknown key type %q: use %s or %s", kind, KeyEd25519, KeyP256)
	}
	if err != nil {
		return nil, nil, err
	}
	priv, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	pub, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: priv}),
		pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), nil
}

// ParsePrivateKey reads a PKCS#8 PEM private key, Ed25519 or ECDSA P-256.
func ParsePrivateKey(b []byte) (crypto.Signer, error) {
	k, err := parseKey(b, "PRIVATE KEY", x509.ParsePKCS8PrivateKey)
	if err != nil {
		return nil, err
	}
	return k.(crypto.Signer), nil
}

// ParsePublicKey reads a PKIX PEM public key, Ed25519 or ECDSA P-256.
func ParsePublicKey(b []byte) (crypto.PublicKey, error) {
	return parseKey(b, "PUBLIC KEY", x509.ParsePKIXPublicKey)
}

// parseKey decodes the PEM block typ of b with parse and keeps an Ed25519 or P-256 key only.
func parseKey(b []byte, typ string, parse func([]byte) (any, error)) (any, error) {
	der, err := pemBlock(b, typ)
	if err != nil {
		return nil, err
	}
	k, err := parse(der)
	if err != nil {
		return nil, fmt.Errorf("the %s cannot be read: %w", strings.ToLower(typ), err)
	}
	switch k := k.(type) {
	case ed25519.PrivateKey, ed25519.PublicKey:
		return k, nil
	case *ecdsa.PrivateKey:
		if k.Curve == elliptic.P256() {
			return k, nil
		}
	case *ecdsa.PublicKey:
		if k.Curve == elliptic.P256() {
			return k, nil
		}
	}
	return nil, fmt.Errorf("the %s is neither Ed25519 nor ECDSA P-256", strings.ToLower(typ))
}

func pemBlock(b []byte, typ string) ([]byte, error) {
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, fmt.Errorf("no PEM block found (want %q)", typ)
	}
	if block.Type != typ {
		return nil, fmt.Errorf("the PEM block is %q, not %q", block.Type, typ)
	}
	return block.Bytes, nil
}
