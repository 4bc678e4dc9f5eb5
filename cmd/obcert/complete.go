package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reference"
	"github.com/obcert/obcert/runner"
	"github.com/obcert/obcert/suites"
)

// addRunCompletions makes shell completion (obcert completion bash|zsh|fish|powershell) suggest
// fault names, profiles, roles, spec IDs and requirement IDs for the flags of run.
func addRunCompletions(cmd *cobra.Command, ss []suites.Suite) {
	complete := func(flag string, values func() []string) {
		_ = cmd.RegisterFlagCompletionFunc(flag, func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
			return withPrefix(values(), prefix), cobra.ShellCompDirectiveNoFileComp
		})
	}
	complete("reference-fault", faultNames)
	complete("profile", func() []string { return profileNames(obcert.Profiles) })
	complete("role", func() []string { return roleNames(ss) })
	complete("focus", func() []string { return specIDs(ss) })
	complete("skip", func() []string { return append(specIDs(ss), requirementIDs()...) })
	complete("requirement", requirementIDs)
}

func faultNames() []string {
	var names []string
	for _, f := range reference.Faults() {
		names = append(names, f.Name+"\t"+f.Description)
	}
	return names
}

func roleNames(ss []suites.Suite) []string {
	var names []string
	for _, r := range suites.RolesOf(ss) {
		names = append(names, string(r))
	}
	return names
}

func specIDs(ss []suites.Suite) []string {
	specs, _ := runner.LoadCatalogue(ss) // a broken catalogue completes nothing; run says why
	ids := make([]string, 0, len(specs))
	for _, s := range specs {
		ids = append(ids, s.ID+"\t"+s.Title)
	}
	return ids
}

func requirementIDs() []string {
	var ids []string
	for _, r := range obcert.Requirements() {
		ids = append(ids, r.ID+"\t"+cut(strings.TrimSpace(plainText(r.Text)), 60))
	}
	return ids
}

// withPrefix keeps the suggestions that start with prefix, whatever its case.
func withPrefix(values []string, prefix string) []string {
	var out []string
	for _, v := range values {
		if strings.HasPrefix(strings.ToLower(v), strings.ToLower(prefix)) {
			out = append(out, v)
		}
	}
	return out
}
