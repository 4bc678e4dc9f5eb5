package bundle

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"strings"
	"testing"
)

// testReport is the smallest report a bundle accepts.
const testReport = `{"reportVersion":"1","harness":{"name":"obcert","version":"t"},"run":{"id":"r1","candidateFileSha256":"CANDIDATE"},` +
	`"verdict":"CONFORMANT","roles":[{"role":"issuer","verdict":"CONFORMANT","counts":{"passed":1}}],` +
	`"results":[{"id":"issuer/a","role":"issuer","requirements":["ISSUER-07"],"level":"MUST","state":"passed","evidence":["exchanges.har#entry=0"]}]}`

func testFiles() []File {
	cand := []byte("candidate: {name: x}\n")
	report := strings.Replace(testReport, "CANDIDATE", sha256Hex(cand), 1)
	return []File{{Name: ReportFile, Data: []byte(report)},
		{Name: HARFile, Data: []byte(`{"log":{"entries":[{}]}}`)},
		{Name: "candidate.yaml", Data: cand}}
}

// TestEnvelopeVerifiesIndependently checks the attestation the way any DSSE tool does, with the
// standard library alone and the PAE written out by hand from the DSSE spec: the signature is the
// key's over "DSSEv1 SP LEN(type) SP type SP LEN(body) SP body", the payload is an in-toto
// Statement v1 whose subjects are the bundle's files with their SHA-256.
func TestEnvelopeVerifiesIndependently(t *testing.T) {
	for _, kind := range []string{KeyEd25519, KeyP256} {
		t.Run(kind, func(t *testing.T) {
			privPEM, pubPEM, err := GenerateKey(kind)
			if err != nil {
				t.Fatal(err)
			}
			key, err := ParsePrivateKey(privPEM)
			if err != nil {
				t.Fatal(err)
			}
			all, err := withManifest(testFiles(), key)
			if err != nil {
				t.Fatal(err)
			}
			att := all[len(all)-1]
			if att.Name != AttestationFile {
				t.Fatalf("last file is %s", att.Name)
			}
			var env struct {
				PayloadType string `json:"payloadType"`
				Payload     string `json:"payload"`
				Signatures  []struct {
					KeyID string `json:"keyid"`
					Sig   string `json:"sig"`
				} `json:"signatures"`
			}
			if err := json.Unmarshal(att.Data, &env); err != nil {
				t.Fatal(err)
			}
			body, _ := base64.StdEncoding.DecodeString(env.Payload)
			sig, _ := base64.StdEncoding.DecodeString(env.Signatures[0].Sig)
			pae := fmt.Sprintf("DSSEv1 %d %s %d %s", len(env.PayloadType), env.PayloadType, len(body), body)
			block, _ := pem.Decode(pubPEM)
			pub, err := x509.ParsePKIXPublicKey(block.Bytes)
			if err != nil {
				t.Fatal(err)
			}
			var ok bool
			switch pub := pub.(type) {
			case ed25519.PublicKey:
				ok = ed25519.Verify(pub, []byte(pae), sig)
			case *ecdsa.PublicKey:
				sum := sha256.Sum256([]byte(pae))
				ok = ecdsa.VerifyASN1(pub, sum[:], sig)
			}
			if !ok || env.PayloadType != "application/vnd.in-toto+json" {
				t.Fatalf("the signature does not verify over the PAE (payloadType %q)", env.PayloadType)
			}
			keyID := sha256.Sum256(block.Bytes)
			if env.Signatures[0].KeyID != hex.EncodeToString(keyID[:]) {
				t.Errorf("keyid %s is not the SHA-256 of the PKIX key", env.Signatures[0].KeyID)
			}
			checkStatement(t, body, all[:len(all)-1])
		})
	}
}

func checkStatement(t *testing.T, body []byte, files []File) {
	t.Helper()
	var st struct {
		Type    string `json:"_type"`
		Subject []struct {
			Name   string            `json:"name"`
			Digest map[string]string `json:"digest"`
		} `json:"subject"`
		PredicateType string         `json:"predicateType"`
		Predicate     map[string]any `json:"predicate"`
	}
	if err := json.Unmarshal(body, &st); err != nil {
		t.Fatal(err)
	}
	if st.Type != "https://in-toto.io/Statement/v1" || st.PredicateType != PredicateType || st.Predicate["verdict"] != "CONFORMANT" {
		t.Errorf("statement %s", body)
	}
	if len(st.Subject) != len(files) {
		t.Fatalf("%d subjects for %d files", len(st.Subject), len(files))
	}
	for i, f := range files {
		sum := sha256.Sum256(f.Data)
		if st.Subject[i].Name != f.Name || st.Subject[i].Digest["sha256"] != hex.EncodeToString(sum[:]) {
			t.Errorf("subject %d = %v, want %s", i, st.Subject[i], f.Name)
		}
	}
}

// TestVerifyRefusesAnotherKey: a bundle signed by one key does not verify with another.
func TestVerifyRefusesAnotherKey(t *testing.T) {
	privPEM, _, _ := GenerateKey(KeyEd25519)
	_, otherPEM, _ := GenerateKey(KeyEd25519)
	key, _ := ParsePrivateKey(privPEM)
	other, _ := ParsePublicKey(otherPEM)
	var buf bytes.Buffer
	if err := Write(&buf, testFiles(), key); err != nil {
		t.Fatal(err)
	}
	b, err := Read(&buf, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	v := b.Verify(other)
	if v.OK() || v.Problems[0].File != AttestationFile {
		t.Errorf("problems %v", v.Problems)
	}
}

// TestVerifyNamesAddedAndRemovedFiles: a file slipped into a signed bundle, or taken out of it,
// is named.
func TestVerifyNamesAddedAndRemovedFiles(t *testing.T) {
	privPEM, pubPEM, _ := GenerateKey(KeyP256)
	key, _ := ParsePrivateKey(privPEM)
	pub, _ := ParsePublicKey(pubPEM)
	all, err := withManifest(testFiles(), key)
	if err != nil {
		t.Fatal(err)
	}
	b := &Bundle{Files: map[string][]byte{}}
	for _, f := range all {
		b.Names, b.Files[f.Name] = append(b.Names, f.Name), f.Data
	}
	if err := b.readManifest(); err != nil {
		t.Fatal(err)
	}
	if v := b.Verify(pub); !v.OK() || !v.SignatureChecked {
		t.Fatalf("the untouched bundle: %v", v.Problems)
	}
	b.Names, b.Files["extra.txt"] = append(b.Names, "extra.txt"), []byte("x")
	if v := b.Verify(pub); len(v.Problems) == 0 || v.Problems[0].File != "extra.txt" {
		t.Errorf("added file: %v", v.Problems)
	}
	delete(b.Files, "candidate.yaml")
	if err := b.readManifest(); err == nil || !strings.Contains(err.Error(), "candidate.yaml") {
		t.Errorf("removed file: %v", err)
	}
}
