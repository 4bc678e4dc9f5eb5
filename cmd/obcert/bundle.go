package main

import (
	"bytes"
	"crypto"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/bundle"
	"github.com/obcert/obcert/internal/redact"
	"github.com/obcert/obcert/reports"
	"github.com/obcert/obcert/runner"
)

// signKeyEnv names the environment variable that names the signing key file when --sign-key
// is not given.
const signKeyEnv = "OBCERT_SIGN_KEY"

// newBundleCmd is `obcert bundle DIR -o NAME.tar.gz`: pack a report folder into one bundle.
func newBundleCmd() *cobra.Command {
	var out, signKey string
	cmd := &cobra.Command{
		Use:   "bundle DIR -o NAME.tar.gz",
		Short: "Pack a report folder (reports, HAR, evidence, candidate file) into one bundle with a manifest, signed with --sign-key",
		Long: `Pack the report folder DIR of a run into one tar.gz: report.json, report.html, junit.xml,
summary.md, exchanges.har, every evidence file the report references, the candidate file, and
manifest.json with every file's SHA-256 and size. With --sign-key (or ` + signKeyEnv + ` naming
the key file), attestation.dsse.json holds a DSSE envelope over an in-toto statement naming
every file and its digest, with the verdict summary as its predicate.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return usageErr("give the bundle's file name with -o NAME.tar.gz")
			}
			key, err := loadSignKey(signKey)
			if err != nil {
				return err
			}
			if err := writeBundle(args[0], out, key); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "bundle written: %s (%s)\n", out, signedWord(key))
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "the bundle to write (NAME.tar.gz)")
	cmd.Flags().StringVar(&signKey, "sign-key", "", "sign with this PKCS#8 PEM key, Ed25519 or ECDSA P-256 (default: the file "+signKeyEnv+" names)")
	return cmd
}

func signedWord(key crypto.Signer) string {
	if key == nil {
		return "unsigned"
	}
	return "signed"
}

// loadSignKey reads the key file path names, or the one signKeyEnv names; no key is nil.
func loadSignKey(path string) (crypto.Signer, error) {
	if path == "" {
		path = os.Getenv(signKeyEnv)
	}
	if path == "" {
		return nil, nil
	}
	return readKey(path, "signing key", bundle.ParsePrivateKey)
}

// readKey reads and parses the key file at path; what names it in messages.
func readKey[K any](path, what string, parse func([]byte) (K, error)) (K, error) {
	var zero K
	b, err := os.ReadFile(path)
	if err != nil {
		return zero, usageErr("reading the %s: %v", what, err)
	}
	k, err := parse(b)
	if err != nil {
		return zero, usageErr("the %s %s: %v", what, path, err)
	}
	return k, nil
}

// writeBundle packs dir into the bundle at path, signed with key when it is not nil.
func writeBundle(dir, path string, key crypto.Signer) error {
	files, err := bundleFiles(dir)
	if err != nil {
		return usageErr("%v", err)
	}
	var buf bytes.Buffer
	if err := bundle.Write(&buf, files, key); err != nil {
		return usageErr("%v", err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return &exitError{code: obcert.Incomplete.ExitCode(), err: fmt.Errorf("writing the bundle: %w", err)}
	}
	return nil
}

// bundleFiles reads from dir the report files, the candidate file, the local files it names
// (copied there by the run) and every evidence file the report references. Every file must be there; evidence is read only from inside dir.
func bundleFiles(dir string) ([]bundle.File, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("the report folder: %w", err)
	}
	defer root.Close()
	names := outputNames()
	cand, err := candidateIn(root)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	names = append(names, cand)
	if raw, err := readIn(root, cand); err == nil {
		names = append(names, inputsIn(root, raw)...)
	}
	r, err := readReportIn(root)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	names = append(names, evidenceFiles(r)...)
	files := make([]bundle.File, 0, len(names))
	for _, n := range names {
		data, err := readIn(root, n)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
		files = append(files, bundle.File{Name: n, Data: data})
	}
	return files, nil
}

// candidateIn names the candidate file the run left in the folder.
func candidateIn(root *os.Root) (string, error) {
	for _, n := range bundle.CandidateNames {
		if _, err := root.Lstat(n); err == nil {
			return n, nil
		}
	}
	return "", errors.New("no candidate file (candidate.yaml or candidate.json): 'obcert run' leaves one in its report folder")
}

func readReportIn(root *os.Root) (*obcert.Report, error) {
	f, err := root.Open(reports.JSONFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return reports.ReadJSON(f)
}

// evidenceFiles lists the files (not recorded exchanges) the results reference, once each.
func evidenceFiles(r *obcert.Report) []string {
	var out []string
	seen := map[string]bool{harFile: true}
	for _, res := range r.Results {
		for _, ref := range res.Evidence {
			file, _, _ := strings.Cut(ref, "#")
			if !seen[file] {
				seen[file] = true
				out = append(out, file)
			}
		}
	}
	return out
}

// inputsIn lists the files the candidate file raw names that the folder holds.
func inputsIn(root *os.Root, raw []byte) []string {
	var out []string
	for _, ref := range candidateInputs(raw) {
		name, err := bundledInput(ref)
		if err != nil || slices.Contains(out, name) {
			continue
		}
		if _, err := root.Lstat(filepath.FromSlash(name)); err == nil {
			out = append(out, name)
		}
	}
	return out
}

// readIn reads the regular file name under root; a link or a name leaving root is refused.
func readIn(root *os.Root, name string) ([]byte, error) {
	if err := bundle.CheckName(name); err != nil {
		return nil, err
	}
	fi, err := root.Lstat(filepath.FromSlash(name))
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file: refused", name)
	}
	f, err := root.Open(filepath.FromSlash(name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, bundle.DefaultLimits.MaxFileBytes+1))
	if err == nil && int64(len(data)) > bundle.DefaultLimits.MaxFileBytes {
		err = fmt.Errorf("%s is larger than the %d bytes a bundle file may hold", name, bundle.DefaultLimits.MaxFileBytes)
	}
	return data, err
}

// writeCandidateCopy leaves in dir the candidate file the run used, byte for byte, so the
// folder can be bundled: the file given (with the local files it names), or the reference's
// own as YAML (the bytes whose digest the report records).
func writeCandidateCopy(dir string, cfg runner.Config, rd *redact.Redactor, stderr io.Writer) error {
	var data []byte
	name := "candidate.yaml"
	switch {
	case cfg.CandidateFile != "":
		b, err := os.ReadFile(cfg.CandidateFile)
		if err != nil {
			return fmt.Errorf("copying the candidate file: %w", err)
		}
		data = b
		if strings.EqualFold(filepath.Ext(cfg.CandidateFile), ".json") {
			name = "candidate.json"
		}
		copyInputs(dir, cfg.CandidateFile, b, stderr)
	case cfg.Candidate != nil:
		b, err := yaml.Marshal(cfg.Candidate)
		if err != nil {
			return fmt.Errorf("writing the candidate file: %w", err)
		}
		data = b
	default:
		return nil
	}
	for _, stale := range bundle.CandidateNames {
		_ = os.Remove(filepath.Join(dir, stale)) // a candidate file an earlier run left
	}
	// A copy must hold the bytes its digest in the report names, and no secret: a candidate file
	// with a credential in it (a password or token in a URL) is not copied at all.
	if !bytes.Equal(rd.Bytes(data), data) {
		fmt.Fprintf(stderr, "obcert: the candidate file holds credentials (in a URL); it is not copied into %s, and a bundle of this run cannot be replayed\n", dir)
		return nil
	}
	return os.WriteFile(filepath.Join(dir, name), data, 0o644)
}
