package bundle

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
)

// The DSSE envelope and the in-toto statement it carries
// (https://github.com/secure-systems-lab/dsse/blob/master/envelope.md,
// https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md).
const (
	PayloadType   = "application/vnd.in-toto+json"
	StatementType = "https://in-toto.io/Statement/v1"
	PredicateType = "https://obcert.dev/conformance/v1"
)

// Envelope is a DSSE envelope.
type Envelope struct {
	PayloadType string      `json:"payloadType"`
	Payload     string      `json:"payload"` // base64 (standard, padded)
	Signatures  []Signature `json:"signatures"`
}

// Signature is one signature of an Envelope.
type Signature struct {
	KeyID string `json:"keyid,omitempty"`
	Sig   string `json:"sig"` // base64
}

// Statement is an in-toto Statement v1.
type Statement struct {
	Type          string    `json:"_type"`
	Subject       []Subject `json:"subject"`
	PredicateType string    `json:"predicateType"`
	Predicate     Predicate `json:"predicate"`
}

// Subject is one file a Statement is about.
type Subject struct {
	Name   string            `json:"name"`
	Digest map[string]string `json:"digest"`
}

// PAE is DSSE's pre-authentication encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body.
func PAE(payloadType string, body []byte) []byte {
	var b bytes.Buffer
	b.WriteString("DSSEv1 ")
	b.WriteString(strconv.Itoa(len(payloadType)))
	b.WriteByte(' ')
	b.WriteString(payloadType)
	b.WriteByte(' ')
	b.WriteString(strconv.Itoa(len(body)))
	b.WriteByte(' ')
	b.Write(body)
	return b.Bytes()
}

// Sign wraps payload in an Envelope signed by key (Ed25519 over the PAE; ECDSA P-256 over its
// SHA-256, ASN.1 DER).
func Sign(key crypto.Signer, payloadType string, payload []byte) (Envelope, error) {
	msg := PAE(payloadType, payload)
	var sig []byte
	var err error
	switch k := key.(type) {
	case ed25519.PrivateKey:
		sig = ed25519.Sign(k, msg)
	case *ecdsa.PrivateKey:
		sum := sha256.Sum256(msg)
		sig, err = ecdsa.SignASN1(rand.Reader, k, sum[:])
	default:
		err = errors.New("only an Ed25519 or ECDSA P-256 key can sign")
	}
	if err != nil {
		return Envelope{}, fmt.Errorf("signing the statement: %w", err)
	}
	id, err := KeyID(key.Public())
	if err != nil {
		return Envelope{}, err
	}
	return Envelope{PayloadType: payloadType, Payload: base64.StdEncoding.EncodeToString(payload),
		Signatures: []Signature{{KeyID: id, Sig: base64.StdEncoding.EncodeToString(sig)}}}, nil
}

// VerifyEnvelope checks that one signature of env is pub's over the PAE of its payload, and
// returns the payload.
func VerifyEnvelope(env Envelope, pub crypto.PublicKey) ([]byte, error) {
	payload, err := decodeStrict(env.Payload)
	if err != nil {
		return nil, fmt.Errorf("the payload is not base64: %w", err)
	}
	id, err := KeyID(pub)
	if err != nil {
		return nil, err
	}
	msg := PAE(env.PayloadType, payload)
	for _, s := range env.Signatures {
		sig, err := decodeStrict(s.Sig)
		if err != nil || s.KeyID != "" && s.KeyID != id {
			continue
		}
		if verifySig(pub, msg, sig) {
			return payload, nil
		}
	}
	return nil, errors.New("no signature is the key's over this payload")
}

func verifySig(pub crypto.PublicKey, msg, sig []byte) bool {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		return ed25519.Verify(k, msg, sig)
	case *ecdsa.PublicKey:
		sum := sha256.Sum256(msg)
		return ecdsa.VerifyASN1(k, sum[:], sig)
	}
	return false
}

// KeyID is the hex SHA-256 of the key's PKIX (SubjectPublicKeyInfo) DER encoding.
func KeyID(pub crypto.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("encoding the public key: %w", err)
	}
	return sha256Hex(der), nil
}

// encodeEnvelope is the one form obcert writes an envelope in; Verify refuses any other, so an
// edit that leaves the JSON meaning the same is still seen.
func encodeEnvelope(env Envelope) ([]byte, error) { return encodeJSON(env) }

func decodeStrict(s string) ([]byte, error) { return base64.StdEncoding.Strict().DecodeString(s) }
