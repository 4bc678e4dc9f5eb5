package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/obcert/obcert/bundle"
)

// newKeygenCmd is `obcert keygen -o PREFIX`: a key pair to sign bundles with.
func newKeygenCmd() *cobra.Command {
	var prefix, kind string
	cmd := &cobra.Command{
		Use:   "keygen -o PREFIX [--type ed25519|p256]",
		Short: "Write a key pair to sign bundles with: PREFIX.key (PKCS#8 PEM, private) and PREFIX.pub (PKIX PEM)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if prefix == "" {
				return usageErr("give the key files' prefix with -o PREFIX")
			}
			priv, pub, err := bundle.GenerateKey(kind)
			if err != nil {
				return usageErr("%v", err)
			}
			if err := writeKey(prefix+".key", priv, 0o600); err != nil {
				return err
			}
			if err := writeKey(prefix+".pub", pub, 0o644); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s.key (private: keep it secret) and %s.pub\n", prefix, prefix)
			return nil
		},
	}
	cmd.Flags().StringVarP(&prefix, "output", "o", "", "prefix of the key files")
	cmd.Flags().StringVar(&kind, "type", bundle.KeyEd25519, "key type: ed25519 or p256")
	return cmd
}

// writeKey writes a key file that must not exist yet: a key is never overwritten.
func writeKey(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return usageErr("writing the key: %v", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return usageErr("writing the key: %v", err)
	}
	return f.Close()
}
