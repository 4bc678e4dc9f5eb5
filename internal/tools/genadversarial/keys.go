package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
)

// keySet holds the corpus's test-only key pairs, read from (or first written to) keys/*.pem.
type keySet struct {
	issuerRSA, issuerRSA2 *rsa.PrivateKey
	attackerRSA           *rsa.PrivateKey
	issuerEC, attackerEC  *ecdsa.PrivateKey
}

func loadKeys(dir string) (*keySet, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	ks := &keySet{}
	var err error
	if ks.issuerRSA, err = rsaKey(filepath.Join(dir, "issuer-rsa.pem")); err != nil {
		return nil, err
	}
	if ks.issuerRSA2, err = rsaKey(filepath.Join(dir, "issuer-rsa-2.pem")); err != nil {
		return nil, err
	}
	if ks.attackerRSA, err = rsaKey(filepath.Join(dir, "attacker-rsa.pem")); err != nil {
		return nil, err
	}
	if ks.issuerEC, err = ecKey(filepath.Join(dir, "issuer-ec.pem")); err != nil {
		return nil, err
	}
	if ks.attackerEC, err = ecKey(filepath.Join(dir, "attacker-ec.pem")); err != nil {
		return nil, err
	}
	return ks, nil
}

func readOrCreate(path string, create func() (any, error)) (any, error) {
	if b, err := os.ReadFile(path); err == nil {
		block, _ := pem.Decode(b)
		if block == nil {
			return nil, fmt.Errorf("%s: no PEM block", path)
		}
		return x509.ParsePKCS8PrivateKey(block.Bytes)
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	k, err := create()
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return nil, err
	}
	return k, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o644)
}

func rsaKey(path string) (*rsa.PrivateKey, error) {
	k, err := readOrCreate(path, func() (any, error) { return rsa.GenerateKey(rand.Reader, 2048) })
	if err != nil {
		return nil, err
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%s is not an RSA key", path)
	}
	return rk, nil
}

func ecKey(path string) (*ecdsa.PrivateKey, error) {
	k, err := readOrCreate(path, func() (any, error) { return ecdsa.GenerateKey(elliptic.P256(), rand.Reader) })
	if err != nil {
		return nil, err
	}
	ek, ok := k.(*ecdsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%s is not an ECDSA key", path)
	}
	return ek, nil
}

// publicPEM is the SubjectPublicKeyInfo PEM a CryptographicKey publishes.
func publicPEM(priv crypto.Signer) string {
	der, err := x509.MarshalPKIXPublicKey(priv.Public())
	if err != nil {
		panic(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// jwkOf is the public JWK of an RSA key (for the embedded-jwk header case).
func jwkOf(k *rsa.PrivateKey) map[string]any {
	b64 := base64.RawURLEncoding.EncodeToString
	return map[string]any{"kty": "RSA", "n": b64(k.N.Bytes()), "e": b64(big.NewInt(int64(k.E)).Bytes())}
}

func b64url(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// signingInput returns base64url(header).base64url(payload); header keys come out sorted.
func signingInput(header map[string]any, payload []byte) string {
	h, err := json.Marshal(header)
	if err != nil {
		panic(err)
	}
	return b64url(h) + "." + b64url(payload)
}

// sign makes a compact JWS with the header's alg. key is an *rsa.PrivateKey, an
// *ecdsa.PrivateKey, a []byte HMAC secret, or nil for alg none.
func sign(header map[string]any, payload []byte, key any) string {
	alg, _ := header["alg"].(string)
	if alg == "ES256-DER" {
		header = map[string]any{"alg": "ES256"}
	}
	in := signingInput(header, payload)
	var sig []byte
	var err error
	switch alg {
	case "none":
		return in + "."
	case "HS256":
		m := hmac.New(sha256.New, key.([]byte))
		m.Write([]byte(in))
		sig = m.Sum(nil)
	case "RS256":
		d := sha256.Sum256([]byte(in))
		sig, err = rsa.SignPKCS1v15(nil, key.(*rsa.PrivateKey), crypto.SHA256, d[:])
	case "RS512":
		d := sha512.Sum512([]byte(in))
		sig, err = rsa.SignPKCS1v15(nil, key.(*rsa.PrivateKey), crypto.SHA512, d[:])
	case "PS256":
		d := sha256.Sum256([]byte(in))
		sig, err = rsa.SignPSS(rand.Reader, key.(*rsa.PrivateKey), crypto.SHA256, d[:], &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	case "ES256-DER": // an ES256 header with an ASN.1 DER signature instead of R||S (RFC 7518 §3.4)
		d := sha256.Sum256([]byte(in))
		sig, err = ecdsa.SignASN1(rand.Reader, key.(*ecdsa.PrivateKey), d[:])
	case "ES256":
		d := sha256.Sum256([]byte(in))
		var r, s *big.Int
		r, s, err = ecdsa.Sign(rand.Reader, key.(*ecdsa.PrivateKey), d[:])
		if err == nil {
			sig = make([]byte, 64)
			r.FillBytes(sig[:32])
			s.FillBytes(sig[32:])
		}
	default:
		panic("unsupported alg " + alg)
	}
	if err != nil {
		panic(err)
	}
	return in + "." + b64url(sig)
}
