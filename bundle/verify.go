package bundle

import (
	"bytes"
	"crypto"
	"encoding/json"
	"fmt"
	"slices"
)

// Problem is one thing wrong with a bundle, naming the file it is in.
type Problem struct {
	File    string
	Message string
}

func (p Problem) String() string { return p.File + ": " + p.Message }

// Verification is what Verify found.
type Verification struct {
	// Signed says the bundle holds an attestation; SignatureChecked that it was checked with a key.
	Signed, SignatureChecked bool
	Problems                 []Problem
	// Notes are facts an auditor should know that are not problems.
	Notes []string
}

// OK reports whether nothing is wrong.
func (v *Verification) OK() bool { return len(v.Problems) == 0 }

func (v *Verification) problem(file, format string, a ...any) {
	v.Problems = append(v.Problems, Problem{File: file, Message: fmt.Sprintf(format, a...)})
}

// Verify checks b offline: the attestation (its signature when pub is not nil, its subjects
// against every file), every digest of the manifest, and the report's own consistency. A file
// changed in any byte is named in a Problem.
func (b *Bundle) Verify(pub crypto.PublicKey) *Verification {
	v := &Verification{}
	b.verifyAttestation(v, pub)
	b.verifyManifest(v)
	b.verifyReport(v)
	return v
}

// verifyManifest: every file but the manifest and the attestation is listed, with its digest
// and size.
func (b *Bundle) verifyManifest(v *Verification) {
	listed := map[string]FileDigest{}
	for _, f := range b.Manifest.Files {
		listed[f.Name] = f
	}
	for _, name := range b.Names {
		if name == ManifestFile || name == AttestationFile {
			continue
		}
		want, ok := listed[name]
		got := digestOf(File{Name: name, Data: b.Files[name]})
		switch {
		case !ok:
			v.problem(name, "the bundle holds it but %s does not list it", ManifestFile)
		case got != want:
			v.problem(name, "its SHA-256 %s (%d bytes) is not the %s (%d bytes) %s lists: the file was changed",
				got.Sha256, got.Size, want.Sha256, want.Size, ManifestFile)
		}
	}
}

// verifyAttestation checks the envelope, its signature and the statement it carries.
func (b *Bundle) verifyAttestation(v *Verification, pub crypto.PublicKey) {
	raw, ok := b.Files[AttestationFile]
	if !ok {
		v.Notes = append(v.Notes, "the bundle is unsigned: it holds no "+AttestationFile)
		return
	}
	v.Signed = true
	env, err := decodeEnvelope(raw)
	if err != nil {
		v.problem(AttestationFile, "%v", err)
		return
	}
	payload, err := b.envelopePayload(v, env, pub)
	if err != nil {
		v.problem(AttestationFile, "%v", err)
		return
	}
	b.verifyStatement(v, payload)
}

func decodeEnvelope(raw []byte) (Envelope, error) {
	var env Envelope
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&env); err != nil {
		return env, fmt.Errorf("not a DSSE envelope: %w", err)
	}
	if canon, err := encodeEnvelope(env); err != nil || !bytes.Equal(canon, raw) {
		return env, fmt.Errorf("the envelope is not in the form obcert writes it: it was edited")
	}
	if env.PayloadType != PayloadType {
		return env, fmt.Errorf("payloadType %q is not %q", env.PayloadType, PayloadType)
	}
	return env, nil
}

// envelopePayload checks the signature with pub, or, with no key, only decodes the payload.
func (b *Bundle) envelopePayload(v *Verification, env Envelope, pub crypto.PublicKey) ([]byte, error) {
	if pub == nil {
		v.Notes = append(v.Notes, "the bundle is signed, but no key was given: the signature was not checked")
		for _, s := range env.Signatures {
			if _, err := decodeStrict(s.Sig); err != nil {
				return nil, fmt.Errorf("a signature is not base64: %w", err)
			}
		}
		return decodeStrict(env.Payload)
	}
	payload, err := VerifyEnvelope(env, pub)
	if err != nil {
		return nil, fmt.Errorf("the signature does not verify with the key given: %w", err)
	}
	v.SignatureChecked = true
	return payload, nil
}

// verifyStatement: the statement's subjects are exactly the bundle's other files, with their
// digests, and its predicate is the report's summary.
func (b *Bundle) verifyStatement(v *Verification, payload []byte) {
	var st Statement
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		v.problem(AttestationFile, "the payload is not an in-toto statement: %v", err)
		return
	}
	if st.Type != StatementType || st.PredicateType != PredicateType {
		v.problem(AttestationFile, "the statement is of type %q with predicate %q, not %q with %q", st.Type, st.PredicateType, StatementType, PredicateType)
	}
	subjects := map[string]string{}
	for _, s := range st.Subject {
		subjects[s.Name] = s.Digest["sha256"]
		if _, ok := b.Files[s.Name]; !ok {
			v.problem(AttestationFile, "the statement names %s, which the bundle does not hold", s.Name)
		}
	}
	for _, name := range b.Names {
		want, ok := subjects[name]
		switch {
		case name == AttestationFile:
		case !ok:
			v.problem(name, "the signed statement does not name it: it was added after signing")
		case want != sha256Hex(b.Files[name]):
			v.problem(name, "its SHA-256 is not the one the signed statement holds: the file was changed")
		}
	}
	if r, err := b.Report(); err == nil && !samePredicate(st.Predicate, PredicateOf(r)) {
		v.problem(AttestationFile, "the signed verdict summary is not the summary of %s", ReportFile)
	}
}

func samePredicate(a, b Predicate) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// Has reports whether the bundle holds name.
func (b *Bundle) Has(name string) bool { return slices.Contains(b.Names, name) }
