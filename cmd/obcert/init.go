package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/runner"
	"github.com/obcert/obcert/suites"
)

// initFlags are what `obcert init` writes into the candidate file.
type initFlags struct {
	roles                 []string
	name, version, vendor string
	profile, recipient    string
	urls, files, revoked  []string
	force, interactive    bool
}

// newInitCmd is `obcert init [FILE]`: write an annotated candidate file.
func newInitCmd(ss []suites.Suite) *cobra.Command {
	var f initFlags
	cmd := &cobra.Command{
		Use:   "init [FILE]",
		Short: "Write an annotated candidate file (default candidate.yaml; - for standard output)",
		Long: `Write an annotated candidate file for 'obcert run -c FILE' from the flags, for example:

  obcert init --role issuer --url https://badges.example.com/assertions/1 --recipient conformance@imsglobal.org

The file is checked as 'obcert run' would load it before it is written. An existing file is not
overwritten unless --force is given. With --interactive (or on a terminal when no badge is
given) obcert asks for what the flags did not say.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := "candidate.yaml"
			if len(args) == 1 {
				path = args[0]
			}
			if f.interactive || (len(f.urls)+len(f.files) == 0 && isTerminal(cmd.InOrStdin()) && isTerminal(cmd.OutOrStdout())) {
				if err := askInit(cmd.InOrStdin(), cmd.OutOrStdout(), &f); err != nil {
					return err
				}
			}
			return runInit(cmd, ss, f, path)
		},
	}
	addInitFlags(cmd, &f)
	return cmd
}

func addInitFlags(cmd *cobra.Command, f *initFlags) {
	fl := cmd.Flags()
	fl.StringSliceVar(&f.roles, "role", []string{string(obcert.RoleIssuer)}, "the roles the product is certified for (issuer)")
	fl.StringVar(&f.name, "name", "", "the product's name, as the report shows it")
	fl.StringVar(&f.version, "version", "", "the product's version")
	fl.StringVar(&f.vendor, "vendor", "", "the product's vendor")
	fl.StringVar(&f.profile, "profile", string(obcert.ProfileFull), "profile: cert-2.0, full or connect-2.1")
	fl.StringVar(&f.recipient, "recipient", "conformance@imsglobal.org", "the identity the badges were issued to: an email, URL or telephone number")
	fl.StringArrayVar(&f.urls, "url", nil, "a badge the product issued to the recipient: a hosted Assertion or a baked image URL (repeatable)")
	fl.StringArrayVar(&f.files, "file", nil, "a badge file (baked PNG or SVG, JSON, JWS), relative to the candidate file (repeatable)")
	fl.StringArrayVar(&f.revoked, "revoked", nil, "a badge the product issued and then revoked, by URL (repeatable)")
	fl.BoolVar(&f.force, "force", false, "overwrite FILE if it exists")
	fl.BoolVarP(&f.interactive, "interactive", "i", false, "ask for what the flags do not say")
}

func runInit(cmd *cobra.Command, ss []suites.Suite, f initFlags, path string) error {
	if err := checkInitFlags(f, roleNames(ss)); err != nil {
		return err
	}
	raw, err := candidateYAML(f)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if path == "-" {
		dir = "."
	}
	if _, _, err := runner.LoadCandidateBytes(raw, "the candidate file", dir, ss); err != nil {
		return usageErr("the candidate file would not load: %v", err)
	}
	if path == "-" {
		_, err := cmd.OutOrStdout().Write(raw)
		return err
	}
	if err := writeNew(path, raw, f.force); err != nil {
		return err
	}
	if !quiet(cmd) {
		fmt.Fprintf(cmd.OutOrStdout(), "Wrote %s. Check it with: obcert run --dry-run -c %s\n", path, path)
	}
	return nil
}

func checkInitFlags(f initFlags, known []string) error {
	for _, r := range f.roles {
		if !slices.Contains(known, strings.ToLower(strings.TrimSpace(r))) {
			return usageErr("--role %q: obcert certifies the roles %s", r, strings.Join(known, ", "))
		}
	}
	if len(f.urls)+len(f.files) == 0 {
		return usageErr("name at least one badge the product issued: --url or --file (or run with --interactive)")
	}
	if !obcert.Profile(f.profile).Known() {
		return usageErr("--profile %q: use %s, %s or %s", f.profile, obcert.ProfileCert20, obcert.ProfileFull, obcert.ProfileConnect21)
	}
	return nil
}

// writeNew writes raw to path, refusing to replace a file unless force.
func writeNew(path string, raw []byte, force bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	fh, err := os.OpenFile(path, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		return usageErr("%s exists: give another FILE, or --force to overwrite it", path)
	}
	if err != nil {
		return usageErr("writing %s: %v", path, errors.Unwrap(err))
	}
	_, werr := fh.Write(raw)
	return errors.Join(werr, fh.Close())
}
