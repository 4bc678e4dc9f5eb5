package runner

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/obcert/obcert"
)

// Size limits of the files a candidate file names.
const (
	MaxCandidateFileBytes = 1 << 20
	MaxBadgeFileBytes     = 16 << 20
)

// LoadCandidate reads a candidate file (YAML, or JSON), strictly: an unknown field is an error.
// It then checks the file: every badge sets exactly one of url, file and jws; urls are http(s);
// files exist beside the candidate file and hold at most 16 MiB; the profile is known; the
// timeouts parse. Every message names the field's path. It also returns the SHA-256 of the
// file's bytes, in hex.
func LoadCandidate(path string) (obcert.CandidateFile, string, error) {
	var cf obcert.CandidateFile
	raw, err := readLimited(path, MaxCandidateFileBytes)
	if err != nil {
		return cf, "", err
	}
	sum := sha256.Sum256(raw)
	if cf, err = decodeCandidate(raw); err != nil {
		return cf, "", fmt.Errorf("%s: %w", path, err)
	}
	if err := checkCandidate(cf, filepath.Dir(path)); err != nil {
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

// checkCandidate checks what decoding cannot: badge references, profile, timeouts, TLS files.
func checkCandidate(cf obcert.CandidateFile, dir string) error {
	var errs []error
	if cf.Profile != "" && !knownProfile(cf.Profile) {
		errs = append(errs, fmt.Errorf("profile: unknown profile %q", cf.Profile))
	}
	errs = append(errs, checkTimeouts(cf.Timeouts)...)
	if cf.TLS.CAFile != "" {
		if err := checkFile(dir, cf.TLS.CAFile, MaxCandidateFileBytes); err != nil {
			errs = append(errs, fmt.Errorf("tls.caFile: %w", err))
		}
	}
	if cf.Issuer != nil {
		errs = append(errs, checkBadges("issuer.badges", cf.Issuer.Badges, dir)...)
		errs = append(errs, checkBadges("issuer.revoked", cf.Issuer.Revoked, dir)...)
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

func checkBadges(path string, refs []obcert.BadgeRef, dir string) []error {
	var errs []error
	for i, ref := range refs {
		if err := checkBadge(ref, dir); err != nil {
			errs = append(errs, fmt.Errorf("%s[%d]: %w", path, i, err))
		}
	}
	return errs
}

func checkBadge(ref obcert.BadgeRef, dir string) error {
	set := 0
	for _, v := range []string{ref.URL, ref.File, ref.JWS} {
		if v != "" {
			set++
		}
	}
	switch {
	case set != 1:
		return errors.New("set exactly one of url, file, jws")
	case ref.URL != "":
		return checkURL(ref.URL)
	case ref.File != "":
		if err := checkFile(dir, ref.File, MaxBadgeFileBytes); err != nil {
			return fmt.Errorf("file: %w", err)
		}
	}
	return nil
}

func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("url: %q does not parse: %v", raw, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("url: %q is not an absolute http(s) URL", raw)
	}
	return nil
}

// checkFile checks that name, relative to dir unless absolute, is a regular file of at most
// limit bytes.
func checkFile(dir, name string, limit int64) error {
	st, err := os.Stat(resolvePath(dir, name))
	if err != nil {
		return fmt.Errorf("%q: %w", name, errors.Unwrap(err))
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%q is not a regular file", name)
	}
	if st.Size() > limit {
		return fmt.Errorf("%q is larger than %d bytes", name, limit)
	}
	return nil
}

func resolvePath(dir, name string) string {
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(dir, name)
}
