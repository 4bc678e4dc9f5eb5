package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/internal/redact"
	"github.com/obcert/obcert/runner"
)

// addCertifyFlags adds to `obcert run` the flags of a certification run and of its bundle.
func addCertifyFlags(cmd *cobra.Command, f *runFlags) {
	fl := cmd.Flags()
	fl.BoolVar(&f.certify, "certify", false, "a certification run: every spec of the profile, no filter, no fault, the real clock, a candidate with name, version and vendor")
	fl.StringVar(&f.bundle, "bundle", "", "also pack the report folder into a bundle: --bundle=FILE, or --bundle alone for <out>.tar.gz")
	fl.Lookup("bundle").NoOptDefVal = defaultBundle
	fl.StringVar(&f.signKey, "sign-key", "", "sign the bundle with this PKCS#8 PEM key, Ed25519 or ECDSA P-256 (default: the file "+signKeyEnv+" names)")
}

// defaultBundle stands for --bundle given without a file name.
const defaultBundle = "<out>.tar.gz"

// checkCertifyFlags refuses what cmd alone knows a certification run may not have: a fault of the
// reference. The runner refuses the rest (runner/certify.go).
func checkCertifyFlags(f runFlags) error {
	if f.certify && f.fault != "" {
		return usageErr("--certify certifies a product as it is: drop --reference-fault")
	}
	if f.certify && f.dryRun {
		return usageErr("--certify runs every spec; --dry-run runs none: drop one")
	}
	if f.signKey != "" && f.bundle == "" {
		return usageErr("--sign-key signs the bundle: add --bundle")
	}
	return nil
}

// bundlePath is where --bundle writes: the name given, or <out>.tar.gz.
func bundlePath(f runFlags) string {
	if f.bundle != defaultBundle {
		return f.bundle
	}
	return strings.TrimRight(filepath.Clean(f.out), string(filepath.Separator)) + ".tar.gz"
}

// finishBundle leaves the candidate file in the report folder and, with --bundle, packs it.
func finishBundle(f runFlags, cfg runner.Config, rd *redact.Redactor, stderr io.Writer) error {
	if err := writeCandidateCopy(f.out, cfg, rd, stderr); err != nil {
		return &exitError{code: obcert.Incomplete.ExitCode(), err: err}
	}
	if f.bundle == "" {
		return nil
	}
	key, err := loadSignKey(f.signKey)
	if err != nil {
		return err
	}
	path := bundlePath(f)
	if err := writeBundle(f.out, path, key); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "obcert: bundle written: %s (%s)\n", path, signedWord(key))
	return nil
}

// runRecorder keeps bodies whole up to the client's cap on an audit run (--certify or --bundle),
// so `obcert replay` can answer every request from the HAR; other runs keep the first 256 KiB.
func runRecorder(f runFlags) *httpx.Recorder {
	if f.certify || f.bundle != "" {
		return httpx.NewRecorder(httpx.CreatorVersion(version), httpx.KeepBodies(httpx.DefaultMaxBodyBytes))
	}
	return httpx.NewRecorder(httpx.CreatorVersion(version))
}
