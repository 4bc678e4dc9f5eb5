package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/limits"
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
	raw, err := limits.ReadFile(path, MaxCandidateFileBytes)
	if err != nil {
		return obcert.CandidateFile{}, "", err
	}
	return LoadCandidateBytes(raw, path, filepath.Dir(path), ss)
}

// LoadCandidateBytes is LoadCandidate over a candidate file's bytes (read from standard input,
// say): name labels it in errors, and its relative paths resolve from dir.
func LoadCandidateBytes(raw []byte, name, dir string, ss []suites.Suite) (obcert.CandidateFile, string, error) {
	if len(raw) > MaxCandidateFileBytes {
		return obcert.CandidateFile{}, "", fmt.Errorf("%s is larger than %d bytes", name, MaxCandidateFileBytes)
	}
	sum := sha256.Sum256(raw)
	cf, err := decodeCandidate(raw)
	if err != nil {
		return cf, "", fmt.Errorf("%s: %w", name, err)
	}
	if err := checkCandidate(cf, dir, ss); err != nil {
		return cf, "", fmt.Errorf("%s: %w", name, err)
	}
	return cf, hex.EncodeToString(sum[:]), nil
}

// decodeCandidate decodes exactly one YAML (or JSON) document, refusing unknown fields.
func decodeCandidate(raw []byte) (obcert.CandidateFile, error) {
	var cf obcert.CandidateFile
	root, err := decodeOneDocument(raw, "candidate file")
	if err != nil {
		return cf, err
	}
	if err := unknownFields(root, "", typeOfCandidateFile); err != nil {
		return cf, err
	}
	if err := root.Decode(&cf); err != nil {
		return cf, typeError(root, err)
	}
	return cf, nil
}

// checkCandidate checks what decoding cannot: profile, timeouts, TLS files, and each suite's section.
func checkCandidate(cf obcert.CandidateFile, dir string, ss []suites.Suite) error {
	var errs []error
	if cf.Profile != "" && !obcert.Profile(cf.Profile).Known() {
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
