package runner

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reference"
	"github.com/obcert/obcert/suites"
)

// target is what a run certifies, resolved from Config: the candidate file (or the running
// reference candidate), its settings and the selected specs.
type target struct {
	cf        obcert.CandidateFile
	sha256    string
	baseDir   string
	reference string // "reference" or "reference (fault: NAME)" when the reference is certified
	refOpts   []reference.Option
	server    *reference.Server
	pool      *x509.CertPool // roots for the candidate's TLS, nil for the system's
	set       settings
	specs     []suites.Spec
}

// plan resolves cfg without starting anything: the candidate file is loaded and checked, the
// specs are selected.
func plan(cfg Config) (*target, error) {
	t := &target{}
	if err := t.loadCandidate(cfg); err != nil {
		return nil, err
	}
	var err error
	if t.set, err = resolve(cfg, t.cf); err != nil {
		return nil, err
	}
	if t.pool, err = t.rootCAs(); err != nil {
		return nil, err
	}
	keep, err := filters(cfg, t.set.profile)
	if err != nil {
		return nil, err
	}
	catalogue, err := catalogueOf(cfg)
	if err != nil {
		return nil, err
	}
	if t.specs = apply(keep, catalogue); len(t.specs) == 0 {
		return nil, usageErrorf("no spec is selected: profile %s and the filters given match none ('obcert list' shows the catalogue)", t.set.profile)
	}
	return t, nil
}

func catalogueOf(cfg Config) ([]suites.Spec, error) {
	if cfg.Specs == nil {
		return LoadCatalogue()
	}
	if err := suites.Validate(cfg.Specs); err != nil {
		return nil, &UsageError{Err: err}
	}
	if err := checkLabels(cfg.Specs); err != nil {
		return nil, &UsageError{Err: err}
	}
	return cfg.Specs, nil
}

// loadCandidate loads the candidate file, or names the reference candidate and its fault.
func (t *target) loadCandidate(cfg Config) error {
	if cfg.CandidateFile == "" {
		return t.useReference(cfg)
	}
	if cfg.ReferenceFault != "" {
		return usageErrorf("a reference fault (%q) applies only to the reference candidate, not with a candidate file", cfg.ReferenceFault)
	}
	cf, sum, err := LoadCandidate(cfg.CandidateFile)
	if err != nil {
		return &UsageError{Err: err}
	}
	t.cf, t.sha256, t.baseDir = cf, sum, filepath.Dir(cfg.CandidateFile)
	return nil
}

func (t *target) useReference(cfg Config) error {
	t.reference = "reference"
	t.cf.Candidate.Name = "obcert reference issuer"
	if cfg.Now != nil {
		t.refOpts = append(t.refOpts, reference.WithClock(cfg.Now))
	}
	if cfg.ReferenceFault == "" {
		return nil
	}
	f, ok := reference.LookupFault(cfg.ReferenceFault)
	if !ok {
		return usageErrorf("unknown reference fault %q: 'obcert reference faults' lists them", cfg.ReferenceFault)
	}
	t.reference = fmt.Sprintf("reference (fault: %s)", f.Name)
	t.refOpts = append(t.refOpts, reference.WithFault(f))
	return nil
}

// start starts the reference candidate on loopback when it is the target, and takes its
// candidate file; the hash is that of the candidate file's YAML.
func (t *target) start() error {
	if t.reference == "" {
		return nil
	}
	srv, err := reference.Start(t.refOpts...)
	if err != nil {
		return fmt.Errorf("starting the reference candidate: %w", err)
	}
	t.server, t.cf = srv, srv.CandidateFile()
	b, err := yaml.Marshal(t.cf)
	if err != nil {
		return fmt.Errorf("encoding the reference's candidate file: %w", err)
	}
	sum := sha256.Sum256(b)
	t.sha256 = hex.EncodeToString(sum[:])
	return nil
}

func (t *target) close() {
	if t.server != nil {
		_ = t.server.Close()
	}
}

// rootCAs is the system pool plus the candidate file's tls.caFile, if it names one.
func (t *target) rootCAs() (*x509.CertPool, error) {
	if t.cf.TLS.CAFile == "" {
		return nil, nil
	}
	pem, err := readLimited(resolvePath(t.baseDir, t.cf.TLS.CAFile), MaxCandidateFileBytes)
	if err != nil {
		return nil, usageErrorf("tls.caFile: %v", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, usageErrorf("tls.caFile: %q holds no PEM certificate", t.cf.TLS.CAFile)
	}
	return pool, nil
}
