package main

import (
	"crypto"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/obcert/obcert/bundle"
)

// newVerifyCmd is `obcert verify BUNDLE [--key PUB]`: check a bundle offline.
func newVerifyCmd() *cobra.Command {
	var keyFile string
	cmd := &cobra.Command{
		Use:   "verify BUNDLE [--key PUB]",
		Short: "Check a bundle offline: its signature, every file's digest, and the report's own consistency",
		Long: `Check a bundle offline: the DSSE signature (with --key), the digest of every file against the
signed statement and the manifest, and the report's consistency: counts and verdicts follow from
the results, every evidence reference resolves, every requirement ID is in the catalogue, the
candidate file is the one the report names. Every changed file is named.

Exit status: 0 verified, 1 not verified (or unsigned when --key is given), 2 usage error.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pub, err := loadPublicKey(keyFile)
			if err != nil {
				return err
			}
			return verifyBundle(cmd.OutOrStdout(), args[0], pub)
		},
	}
	cmd.Flags().StringVar(&keyFile, "key", "", "the signer's public key (PKIX PEM); with it an unsigned bundle fails")
	return cmd
}

func loadPublicKey(path string) (crypto.PublicKey, error) {
	if path == "" {
		return nil, nil
	}
	return readKey(path, "public key", bundle.ParsePublicKey)
}

// errFailed makes a command exit 1 (not verified, an item failed, a result differs) after it
// printed why.
var errFailed = &exitError{code: 1, err: errors.New("")}

func verifyBundle(w io.Writer, path string, pub crypto.PublicKey) error {
	b, err := bundle.Open(path)
	if err != nil {
		fmt.Fprintf(w, "NOT VERIFIED: %v\n", err)
		return errFailed
	}
	v := b.Verify(pub)
	printVerification(w, b, v)
	if !v.OK() || pub != nil && !v.SignatureChecked {
		return errFailed
	}
	return nil
}

func printVerification(w io.Writer, b *bundle.Bundle, v *bundle.Verification) {
	for _, n := range v.Notes {
		fmt.Fprintln(w, "note:", n)
	}
	for _, p := range v.Problems {
		fmt.Fprintln(w, "FAIL", p)
	}
	switch {
	case !v.OK():
		fmt.Fprintf(w, "NOT VERIFIED: %d problems in %d files\n", len(v.Problems), len(b.Names))
	case !v.Signed:
		fmt.Fprintf(w, "unsigned: %d files match the manifest; the report is consistent\n", len(b.Names))
	case v.SignatureChecked:
		fmt.Fprintf(w, "VERIFIED: the signature, %d files and the report's consistency\n", len(b.Names))
	default:
		fmt.Fprintf(w, "signature not checked (no --key): %d files match the statement and the manifest; the report is consistent\n", len(b.Names))
	}
}
