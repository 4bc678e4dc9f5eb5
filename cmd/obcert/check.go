package main

import (
	"crypto"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/bundle"
	"github.com/obcert/obcert/runner"
	"github.com/obcert/obcert/suites"
)

// newCheckCmd is `obcert check BUNDLE --key PUB`: what a reviewer checks before a person looks.
func newCheckCmd(ss []suites.Suite) *cobra.Command {
	var keyFile string
	cmd := &cobra.Command{
		Use:   "check BUNDLE --key PUB",
		Short: "The pre-submission checklist of a bundle: one line per item, exit 0 when every item passes",
		Long: `Check a bundle the way a certification reviewer does before a person looks at it: the
signature verifies with --key, the files and the report are consistent, it is a certify run, the
profile covers the roles the candidate file claims, every cert-2.0 spec of those roles has a
result, no MUST was skipped or ended in error, every review result carries an auditor's decision,
the candidate's identity is complete, the harness version and catalogue digest are recorded,
every result that ran has evidence, and the verdict is CONFORMANT.

Exit status: 0 every item passes, 1 some item fails, 2 usage error.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pub, err := loadPublicKey(keyFile)
			if err != nil {
				return err
			}
			return checkBundle(cmd.OutOrStdout(), args[0], pub, ss)
		},
	}
	cmd.Flags().StringVar(&keyFile, "key", "", "the signer's public key (PKIX PEM); without it the signature item fails")
	return cmd
}

// checkItem is one line of the checklist: a name, whether it passed, and why.
type checkItem struct {
	name   string
	ok     bool
	detail string
}

func checkBundle(w io.Writer, path string, pub crypto.PublicKey, ss []suites.Suite) error {
	b, err := bundle.Open(path)
	if err != nil {
		fmt.Fprintf(w, "FAIL  bundle readable: %v\n", err)
		return errFailed
	}
	r, err := b.Report()
	if err != nil {
		fmt.Fprintf(w, "FAIL  bundle readable: %v\n", err)
		return errFailed
	}
	catalogue, err := runner.LoadCatalogue(ss)
	if err != nil {
		return err
	}
	items := checklist(b, r, pub, suites.RolesOf(ss), catalogue)
	failed := 0
	for _, it := range items {
		word := "PASS"
		if !it.ok {
			word, failed = "FAIL", failed+1
		}
		fmt.Fprintf(w, "%s  %s: %s\n", word, it.name, it.detail)
	}
	if failed > 0 {
		fmt.Fprintf(w, "%d of %d items fail: not ready for review\n", failed, len(items))
		return errFailed
	}
	fmt.Fprintf(w, "all %d items pass: ready for review\n", len(items))
	return nil
}

func checklist(b *bundle.Bundle, r *obcert.Report, pub crypto.PublicKey, roles []obcert.Role, catalogue []suites.Spec) []checkItem {
	v := b.Verify(pub)
	claimed := claimedRoles(b, roles)
	return []checkItem{
		signatureItem(v, pub),
		consistentItem(v),
		item("certify mode", r.Run.Certify, "the report says run.certify", "not a certify run: rerun with obcert run --certify"),
		coverageItem(r, claimed, catalogue),
		certSpecsItem(r, claimed, catalogue),
		resultsItem("no MUST skipped or in error", r, func(res obcert.Result) bool {
			return res.Level == obcert.MUST && slices.Contains([]obcert.State{obcert.StateSkipped, obcert.StateError, obcert.StateInterrupted}, res.State)
		}),
		resultsItem("every review result decided", r, undecided),
		identityItem(r.Candidate),
		item("harness version and catalogue digest known", r.Run.HarnessVersion != "" && r.Run.CatalogueSha256 != "",
			fmt.Sprintf("obcert %s, catalogue %s (%s)", r.Run.HarnessVersion, short(r.Run.CatalogueSha256), sameCatalogue(r.Run.CatalogueSha256)),
			"run.harnessVersion or run.catalogueSha256 is missing"),
		resultsItem("evidence for every result that ran", r, func(res obcert.Result) bool {
			return res.State != obcert.StateSkipped && len(res.Evidence) == 0
		}),
		item("verdict CONFORMANT", r.Verdict == obcert.Conformant, "CONFORMANT", "the verdict is "+string(r.Verdict)),
	}
}

func item(name string, ok bool, pass, fail string) checkItem {
	if ok {
		return checkItem{name, true, pass}
	}
	return checkItem{name, false, fail}
}

func signatureItem(v *bundle.Verification, pub crypto.PublicKey) checkItem {
	const name = "signature verified"
	switch {
	case !v.Signed:
		return checkItem{name, false, "the bundle is unsigned"}
	case pub == nil:
		return checkItem{name, false, "no --key given: the signature cannot be checked"}
	}
	for _, p := range v.Problems {
		if p.File == bundle.AttestationFile {
			return checkItem{name, false, p.Message}
		}
	}
	return item(name, v.SignatureChecked, "the signer's key signed the statement", "the signature was not checked")
}

func consistentItem(v *bundle.Verification) checkItem {
	if v.OK() {
		return checkItem{"files and report consistent", true, "every digest matches; the report agrees with itself"}
	}
	msgs := make([]string, len(v.Problems))
	for i, p := range v.Problems {
		msgs[i] = p.String()
	}
	return checkItem{"files and report consistent", false, strings.Join(msgs, "; ")}
}

// claimedRoles are the roles whose section the bundle's candidate file holds (a section is
// named after its role).
func claimedRoles(b *bundle.Bundle, known []obcert.Role) []obcert.Role {
	var sections map[string]any
	if err := yaml.Unmarshal(b.Files[b.CandidateFileName()], &sections); err != nil {
		return nil
	}
	var out []obcert.Role
	for _, r := range known {
		if _, ok := sections[string(r)]; ok {
			out = append(out, r)
		}
	}
	return out
}

func coverageItem(r *obcert.Report, claimed []obcert.Role, catalogue []suites.Spec) checkItem {
	const name = "the profile covers the roles claimed"
	if len(claimed) == 0 {
		return checkItem{name, false, "the candidate file claims no role"}
	}
	var missing []string
	for _, role := range claimed {
		if !slices.ContainsFunc(catalogue, func(s suites.Spec) bool {
			return s.Role == role && slices.Contains(s.Profiles, obcert.Profile(r.Run.Profile))
		}) {
			missing = append(missing, string(role))
		}
	}
	return item(name, len(missing) == 0, fmt.Sprintf("profile %s has specs for %s", r.Run.Profile, joinRoleNames(claimed)),
		fmt.Sprintf("profile %s has no spec for %s", r.Run.Profile, strings.Join(missing, ", ")))
}

func certSpecsItem(r *obcert.Report, claimed []obcert.Role, catalogue []suites.Spec) checkItem {
	ran := map[string]bool{}
	for _, res := range r.Results {
		ran[res.ID] = res.State != obcert.StateInterrupted
	}
	var want, missing []string
	for _, s := range catalogue {
		if slices.Contains(claimed, s.Role) && slices.Contains(s.Profiles, obcert.ProfileCert20) {
			want = append(want, s.ID)
			if !ran[s.ID] {
				missing = append(missing, s.ID)
			}
		}
	}
	return item("every cert-2.0 spec of the claimed roles has a result", len(missing) == 0,
		fmt.Sprintf("%d specs, each with a result", len(want)), "no result for "+listSome(missing))
}

// resultsItem passes when no result is bad, and names those that are.
// undecided reports whether res waits for an auditor's decision (obcert review).
func undecided(res obcert.Result) bool { return res.State == obcert.StateReview && !res.Decided() }

func resultsItem(name string, r *obcert.Report, bad func(obcert.Result) bool) checkItem {
	var ids []string
	for _, res := range r.Results {
		if bad(res) {
			ids = append(ids, fmt.Sprintf("%s (%s)", res.ID, res.State))
		}
	}
	return item(name, len(ids) == 0, fmt.Sprintf("%d results looked at", len(r.Results)), listSome(ids))
}

func identityItem(c obcert.Candidate) checkItem {
	var missing []string
	for _, f := range []struct{ name, v string }{{"name", c.Name}, {"version", c.Version}, {"vendor", c.Vendor}} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	return item("candidate identity complete", len(missing) == 0, fmt.Sprintf("%s %s by %s", c.Name, c.Version, c.Vendor),
		"the candidate has no "+strings.Join(missing, ", "))
}

func joinRoleNames(roles []obcert.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// listSome joins at most ten items, saying how many more there are.
func listSome(items []string) string {
	if len(items) > 10 {
		return fmt.Sprintf("%s and %d more", strings.Join(items[:10], ", "), len(items)-10)
	}
	return strings.Join(items, ", ")
}

func sameCatalogue(digest string) string {
	if digest == obcert.CatalogueSha256() {
		return "this obcert's"
	}
	return "not this obcert's: the requirement IDs were checked against this one"
}

func short(digest string) string {
	if len(digest) > 12 {
		return digest[:12]
	}
	return digest
}
