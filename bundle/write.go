package bundle

import (
	"archive/tar"
	"compress/gzip"
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/obcert/obcert"
)

// Predicate is the verdict summary a bundle's statement attests.
type Predicate struct {
	Verdict        obcert.Verdict       `json:"verdict"`
	Roles          []obcert.RoleResult  `json:"roles"`
	Counts         map[obcert.State]int `json:"counts"`
	RunID          string               `json:"runId"`
	Profile        string               `json:"profile"`
	Certify        bool                 `json:"certify"`
	HarnessVersion string               `json:"harnessVersion"`
	Candidate      obcert.Candidate     `json:"candidate"`
}

// PredicateOf summarizes r.
func PredicateOf(r *obcert.Report) Predicate {
	counts := map[obcert.State]int{}
	for _, res := range r.Results {
		counts[res.State]++
	}
	return Predicate{Verdict: r.Verdict, Roles: r.Roles, Counts: counts, RunID: r.Run.ID, Profile: r.Run.Profile,
		Certify: r.Run.Certify, HarnessVersion: r.Harness.Version, Candidate: r.Candidate}
}

// Write packs files into w as a tar.gz, with the manifest and, when key is not nil, the signed
// attestation. files must hold report.json; names must be safe and distinct.
func Write(w io.Writer, files []File, key crypto.Signer) error {
	all, err := withManifest(files, key)
	if err != nil {
		return err
	}
	zw := gzip.NewWriter(w)
	tw := tar.NewWriter(zw)
	for _, f := range all {
		hdr := &tar.Header{Name: f.Name, Mode: 0o644, Size: int64(len(f.Data)), Typeflag: tar.TypeReg,
			ModTime: time.Unix(0, 0), Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			return fmt.Errorf("writing the bundle: %w", err)
		}
		if _, err := tw.Write(f.Data); err != nil {
			return fmt.Errorf("writing the bundle: %w", err)
		}
	}
	return errors.Join(tw.Close(), zw.Close())
}

// withManifest checks files and appends the manifest and the attestation.
func withManifest(files []File, key crypto.Signer) ([]File, error) {
	m := Manifest{Version: manifestVersion}
	seen := map[string]bool{}
	var report []byte
	for _, f := range files {
		if why := nameProblem(f.Name); why != "" {
			return nil, fmt.Errorf("bundle: the file name %q %s", f.Name, why)
		}
		if seen[f.Name] || f.Name == ManifestFile || f.Name == AttestationFile {
			return nil, fmt.Errorf("bundle: %s is given twice or is a name the bundle keeps for itself", f.Name)
		}
		seen[f.Name] = true
		if f.Name == ReportFile {
			report = f.Data
		}
		m.Files = append(m.Files, digestOf(f))
	}
	if report == nil {
		return nil, fmt.Errorf("bundle: no %s to pack", ReportFile)
	}
	mb, err := encodeJSON(m)
	if err != nil {
		return nil, err
	}
	all := append(append([]File{}, files...), File{Name: ManifestFile, Data: mb})
	if key == nil {
		return all, nil
	}
	att, err := attest(all, report, key)
	if err != nil {
		return nil, err
	}
	return append(all, File{Name: AttestationFile, Data: att}), nil
}

// attest signs a statement whose subjects are files and whose predicate sums up the report.
func attest(files []File, report []byte, key crypto.Signer) ([]byte, error) {
	var r obcert.Report
	if err := json.Unmarshal(report, &r); err != nil {
		return nil, fmt.Errorf("bundle: reading %s: %w", ReportFile, err)
	}
	st := Statement{Type: StatementType, PredicateType: PredicateType, Predicate: PredicateOf(&r)}
	for _, f := range files {
		st.Subject = append(st.Subject, Subject{Name: f.Name, Digest: map[string]string{"sha256": sha256Hex(f.Data)}})
	}
	payload, err := json.Marshal(st)
	if err != nil {
		return nil, err
	}
	env, err := Sign(key, PayloadType, payload)
	if err != nil {
		return nil, err
	}
	return encodeEnvelope(env)
}

func encodeJSON(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
