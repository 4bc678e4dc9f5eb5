package reference

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

// servedKey fetches the CryptographicKey at path and parses its publicKeyPem.
func servedKey(t *testing.T, s *Server, path string) *rsa.PublicKey {
	t.Helper()
	d := getDoc(t, s, path)
	pemText, _ := d["publicKeyPem"].(string)
	block, _ := pem.Decode([]byte(pemText))
	if block == nil || block.Type != "PUBLIC KEY" {
		t.Fatalf("%s: publicKeyPem is not a PUBLIC KEY PEM block: %q", path, pemText)
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		t.Fatalf("%s: parsing publicKeyPem: %v", path, err)
	}
	rk, ok := k.(*rsa.PublicKey)
	if !ok || rk.N.BitLen() != keyBits {
		t.Fatalf("%s: key is %T, want a %d-bit RSA key", path, k, keyBits)
	}
	return rk
}

// verifies reports whether the compact JWS is an RS256 signature by key.
func verifies(t *testing.T, jws string, key *rsa.PublicKey) bool {
	t.Helper()
	sig, err := jose.ParseSignedCompact(jws, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatalf("parsing JWS: %v", err)
	}
	_, err = sig.Verify(key)
	return err == nil
}

// payload decodes the payload of a compact JWS without verifying it.
func payload(t *testing.T, jws string) map[string]any {
	t.Helper()
	sig, err := jose.ParseSignedCompact(jws, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatalf("parsing JWS: %v", err)
	}
	var d map[string]any
	if err := json.Unmarshal(sig.UnsafePayloadWithoutVerification(), &d); err != nil {
		t.Fatalf("JWS payload is not JSON: %v", err)
	}
	return d
}

// jwsOf returns the JWS of the named badge in the candidate file.
func jwsOf(t *testing.T, s *Server, name string) string {
	t.Helper()
	cf := s.CandidateFile()
	for _, b := range append(cf.Issuer.Badges, cf.Issuer.Revoked...) {
		if b.Name == name && b.JWS != "" {
			return b.JWS
		}
	}
	t.Fatalf("candidate file has no JWS badge %q", name)
	return ""
}

func TestSignedBadgesVerifyWithListedKey(t *testing.T) {
	s := start(t)
	k1, k2 := servedKey(t, s, pathKey1), servedKey(t, s, pathKey2)
	for _, name := range []string{"signed", "revoked-signed"} {
		jws := jwsOf(t, s, name)
		if !verifies(t, jws, k1) || verifies(t, jws, k2) {
			t.Errorf("%s: want a signature by /keys/1 only", name)
		}
		d := payload(t, jws)
		id, _ := d["id"].(string)
		if !strings.HasPrefix(id, "urn:uuid:") || len(id) != len("urn:uuid:")+36 || id[len("urn:uuid:")+14] != '4' {
			t.Errorf("%s: id %q is not a urn:uuid v4", name, id)
		}
		v, _ := d["verification"].(map[string]any)
		if v["type"] != "SignedBadge" || v["creator"] != s.URL()+pathKey1 {
			t.Errorf("%s: verification = %v", name, v)
		}
		if d["badge"] != s.URL()+pathBadgeClass {
			t.Errorf("%s: badge = %v", name, d["badge"])
		}
	}
	if jwsOf(t, s, "signed") == jwsOf(t, s, "revoked-signed") {
		t.Error("the signed and the revoked signed badge are the same JWS")
	}
}

func TestUnlistedSigningKeySignsWithKey2(t *testing.T) {
	s := startFault(t, "unlisted-signing-key")
	k1, k2 := servedKey(t, s, pathKey1), servedKey(t, s, pathKey2)
	for _, name := range []string{"signed", "revoked-signed"} {
		jws := jwsOf(t, s, name)
		if verifies(t, jws, k1) || !verifies(t, jws, k2) {
			t.Errorf("%s: want a signature by /keys/2 only", name)
		}
		v, _ := payload(t, jws)["verification"].(map[string]any)
		if v["creator"] != s.URL()+pathKey2 {
			t.Errorf("%s: creator = %v, want /keys/2", name, v["creator"])
		}
	}
	if pk := getDoc(t, s, pathIssuer)["publicKey"]; pk != s.URL()+pathKey1 {
		t.Errorf("issuer publicKey = %v, want only /keys/1", pk)
	}
}

func TestBadSignatureVerifiesWithNoKey(t *testing.T) {
	clean := start(t)
	cleanJWS := jwsOf(t, clean, "signed")
	addr := addrOf(clean)
	clean.Close()
	s := start(t, WithAddr(addr), WithFault(mustFault(t, "bad-signature")))
	k1, k2 := servedKey(t, s, pathKey1), servedKey(t, s, pathKey2)
	jws := jwsOf(t, s, "signed")
	if verifies(t, jws, k1) || verifies(t, jws, k2) {
		t.Error("the corrupted signature verifies")
	}
	if !verifies(t, jwsOf(t, s, "revoked-signed"), k1) {
		t.Error("bad-signature also broke the revoked signed badge")
	}
	if head := jws[:strings.LastIndex(jws, ".")]; head != cleanJWS[:strings.LastIndex(cleanJWS, ".")] {
		t.Error("bad-signature changed the header or payload, not only the signature")
	}
}

// algOf is the alg header of a compact JWS.
func algOf(t *testing.T, jws string) string {
	t.Helper()
	sig, err := jose.ParseSignedCompact(jws, []jose.SignatureAlgorithm{jose.RS256, jose.RS512})
	if err != nil || len(sig.Signatures) != 1 {
		t.Fatalf("parsing JWS: %v", err)
	}
	return sig.Signatures[0].Header.Algorithm
}
