package runner

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// Size limits of the files a candidate file names.
const (
	MaxCandidateFileBytes = 1 << 20
)

// LoadCandidate reads a candidate file (YAML, or JSON), strictly: an unknown field is an error.
// It then checks the file: the profile is known, the timeouts parse, the TLS file exists, and each
// suite checks its own section. Every message names the field's path. It also returns the
// SHA-256 of the file's bytes, in hex.
func LoadCandidate(path string, ss []suites.Suite) (obcert.CandidateFile, string, error) {
	var cf obcert.CandidateFile
	raw, err := readLimited(path, MaxCandidateFileBytes)
	if err != nil {
		return cf, "", err
	}
	sum := sha256.Sum256(raw)
	if cf, err = decodeCandidate(raw); err != nil {
		return cf, "", fmt.Errorf("%s: %w", path, err)
	}
	if err := checkCandidate(cf, filepath.Dir(path), ss); err != nil {
		return cf, "", fmt.Errorf("%s: %w", path, err)
	}
	return cf, hex.EncodeToString(sum[:]), nil
}

// readLimited reads a regular file of at most limit bytes.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return b, nil
}

// decodeCandidate decodes exactly one YAML (or JSON) document, refusing unknown fields.
func decodeCandidate(raw []byte) (obcert.CandidateFile, error) {
	var cf obcert.CandidateFile
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return cf, errors.New("the candidate file is empty")
		}
		return cf, err
	}
	if err := dec.Decode(new(yaml.Node)); !errors.Is(err, io.EOF) {
		return cf, errors.New("the candidate file must hold one YAML document, not several")
	}
	if err := unknownFields(&root, "", typeOfCandidateFile); err != nil {
		return cf, err
	}
	strict := yaml.NewDecoder(bytes.NewReader(raw))
	strict.KnownFields(true)
	if err := strict.Decode(&cf); err != nil {
		return cf, err
	}
	return cf, nil
}

// checkCandidate checks what decoding cannot: profile, timeouts, TLS files, and each suite's section.
func checkCandidate(cf obcert.CandidateFile, dir string, ss []suites.Suite) error {
	var errs []error
	if cf.Profile != "" && !suites.KnownProfile(cf.Profile) {
		errs = append(errs, fmt.Errorf("profile: unknown profile %q", cf.Profile))
	}
	errs = append(errs, checkTimeouts(cf.Timeouts)...)
	if cf.TLS.CAFile != "" {
		if err := suites.CheckFile(dir, cf.TLS.CAFile, MaxCandidateFileBytes); err != nil {
			errs = append(errs, fmt.Errorf("tls.caFile: %w", err))
		}
	}
	for _, s := range ss {
		if s.Check != nil {
			errs = append(errs, s.Check(cf, dir))
		}
	}
	return errors.Join(errs...)
}

func checkTimeouts(t obcert.Timeouts) []error {
	var errs []error
	for _, f := range []struct{ name, value string }{
		{"timeouts.request", t.Request}, {"timeouts.spec", t.Spec}, {"timeouts.run", t.Run},
	} {
		if f.value == "" {
			continue
		}
		if _, err := parseTimeout(f.value); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.name, err))
		}
	}
	return errs
}
