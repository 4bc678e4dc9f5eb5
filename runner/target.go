package runner

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/limits"
	"github.com/obcert/obcert/suites"
)

// target is what a run certifies, resolved from Config: the candidate file, its settings and
// the selected specs.
type target struct {
	cf        obcert.CandidateFile
	sha256    string
	baseDir   string
	reference string         // how the report names the reference candidate, when it is the target
	pool      *x509.CertPool // roots for the candidate's TLS, nil for the system's
	set       settings
	specs     []suites.Spec
}

// plan resolves cfg without starting anything: the candidate file is loaded and checked, the
// specs are selected.
func plan(cfg Config) (*target, error) {
	catalogue, err := LoadCatalogue(cfg.Suites)
	if err != nil {
		return nil, err
	}
	t := &target{reference: cfg.Reference}
	if err := t.loadCandidate(cfg); err != nil {
		return nil, err
	}
	if err := checkCertify(cfg, t.cf); err != nil {
		return nil, err
	}
	if t.set, err = resolve(cfg, t.cf); err != nil {
		return nil, err
	}
	if t.pool, err = t.rootCAs(cfg.RootCAsPEM); err != nil {
		return nil, err
	}
	keep, err := filters(cfg, t.set.profile)
	if err != nil {
		return nil, err
	}
	if t.specs = apply(keep, catalogue); len(t.specs) == 0 {
		return nil, usageErrorf("no spec is selected: profile %s and the filters given match none ('obcert list' shows the catalogue)", t.set.profile)
	}
	return t, nil
}

// loadCandidate loads the candidate file, or checks the candidate given as a value.
func (t *target) loadCandidate(cfg Config) error {
	switch {
	case cfg.CandidateFile != "":
		cf, sum, err := LoadCandidate(cfg.CandidateFile, cfg.Suites)
		if err != nil {
			return &UsageError{Err: err}
		}
		t.cf, t.sha256, t.baseDir = cf, sum, filepath.Dir(cfg.CandidateFile)
	case cfg.CandidateData != nil:
		cf, sum, err := LoadCandidateBytes(cfg.CandidateData, "the candidate file on standard input", ".", cfg.Suites)
		if err != nil {
			return &UsageError{Err: err}
		}
		t.cf, t.sha256, t.baseDir = cf, sum, "."
	case cfg.Candidate != nil:
		if err := checkCandidate(*cfg.Candidate, "", cfg.Suites); err != nil {
			return &UsageError{Err: fmt.Errorf("the candidate: %w", err)}
		}
		b, err := yaml.Marshal(cfg.Candidate)
		if err != nil {
			return fmt.Errorf("encoding the candidate file: %w", err)
		}
		sum := sha256.Sum256(b)
		t.cf, t.sha256 = *cfg.Candidate, hex.EncodeToString(sum[:])
	case !cfg.DryRun:
		return usageErrorf("no candidate: give a candidate file")
	}
	return nil
}

// rootCAs is the system pool plus the candidate file's tls.caFile and extra, if any.
func (t *target) rootCAs(extra []byte) (*x509.CertPool, error) {
	if t.cf.TLS.CAFile == "" && len(extra) == 0 {
		return nil, nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if len(extra) > 0 && !pool.AppendCertsFromPEM(extra) {
		return nil, fmt.Errorf("the extra roots hold no PEM certificate")
	}
	if t.cf.TLS.CAFile == "" {
		return pool, nil
	}
	pem, err := limits.ReadFile(suites.ResolvePath(t.baseDir, t.cf.TLS.CAFile), MaxCandidateFileBytes)
	if err != nil {
		return nil, usageErrorf("tls.caFile: %v", err)
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, usageErrorf("tls.caFile: %q holds no PEM certificate", t.cf.TLS.CAFile)
	}
	return pool, nil
}
