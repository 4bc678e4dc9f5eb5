package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reports"
	"github.com/obcert/obcert/runner"
	"github.com/obcert/obcert/suites"
)

// newExplainCmd is `obcert explain [ID]`: a requirement of the embedded catalogue, or the list.
func newExplainCmd(ss []suites.Suite) *cobra.Command {
	return &cobra.Command{
		Use:   "explain [REQUIREMENT-ID]",
		Short: "Print a requirement's text, level and source and the specs that check it; with no ID, list the catalogue",
		Long: `Print one requirement of the catalogue shipped with obcert: its text, its level and what the
level means (MUST(cert): asked by the IMS certification guide; MUST(imp): the keyword is implied
by the source's wording; X-: beyond the certification guide, run in the full profile only), its
source and the specs that check it. With no ID, list every requirement with its level.`,
		Args: cobra.MaximumNArgs(1),
		ValidArgsFunction: func(_ *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return withPrefix(requirementIDs(), prefix), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return writeCatalogue(cmd.OutOrStdout())
			}
			return explain(cmd.OutOrStdout(), ss, args[0])
		},
	}
}

func explain(w io.Writer, ss []suites.Suite, arg string) error {
	id := strings.ToUpper(strings.TrimSpace(arg))
	req, ok := obcert.LookupRequirement(id)
	if !ok {
		return usageErr("%q is not a requirement ID of the catalogue%s; 'obcert explain' lists them", arg, nearIDs(id))
	}
	specs, err := runner.LoadCatalogue(ss)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s  %s\n\n%s\n\nLevel: %s", req.ID, req.Level, plainText(req.Text), req.Level)
	if m := reports.LevelMeaning(req.Level); m != "" {
		fmt.Fprintf(w, ": %s", m)
	}
	fmt.Fprintf(w, "\nSource: %s\n", orNone(req.Source))
	checked := false
	for _, s := range specs {
		how := ""
		switch {
		case slices.Contains(s.Requirements, req.ID):
		case slices.Contains(s.Checks, req.ID):
			how = " (looks for its findings)"
		default:
			continue
		}
		if !checked {
			fmt.Fprintln(w, "\nChecked by:")
			checked = true
		}
		fmt.Fprintf(w, "  %s  %s%s\n", s.ID, s.Title, how)
	}
	if !checked {
		fmt.Fprintf(w, "\nNo spec of this obcert checks it%s.\n", automation(req.Auto))
	}
	return nil
}

// writeCatalogue lists every requirement: ID, level, the start of its text.
func writeCatalogue(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLEVEL\tTEXT")
	for _, r := range obcert.Requirements() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Level, cut(plainText(r.Text), 90))
	}
	return tw.Flush()
}

// nearIDs suggests catalogue IDs of the same group whose number is written the same way.
func nearIDs(id string) string {
	group, num, _ := strings.Cut(id, "-")
	var near []string
	for _, r := range obcert.Requirements() {
		g, n, _ := strings.Cut(r.ID, "-")
		if g == group && strings.TrimLeft(n, "0") == strings.TrimLeft(num, "0") {
			near = append(near, r.ID)
		}
	}
	if len(near) == 0 {
		return ""
	}
	return " (did you mean " + strings.Join(near, " or ") + "?)"
}

// plainText drops the catalogue's light Markdown (**bold**, `code`) for a terminal.
func plainText(s string) string {
	return strings.NewReplacer("**", "", "`", "").Replace(s)
}

// automation says why no spec checks a requirement the catalogue marks as manual.
func automation(auto string) string {
	if auto == "M" {
		return ": it asks for manual evidence (a video or an attestation)"
	}
	return ""
}

func orNone(s string) string {
	if s == "" {
		return "not recorded"
	}
	return s
}

func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
