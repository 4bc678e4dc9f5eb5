package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/runner"
	"github.com/obcert/obcert/suites"
)

// specView is one spec as `obcert list` prints it; the JSON form is the reviewed catalogue
// (suites/testdata/catalogue.golden.json).
type specView struct {
	ID           string   `json:"id" yaml:"id"`
	Role         string   `json:"role" yaml:"role"`
	Requirements []string `json:"requirements" yaml:"requirements"`
	Level        string   `json:"level" yaml:"level"`
	Profiles     []string `json:"profiles" yaml:"profiles"`
	Title        string   `json:"title" yaml:"title"`
}

// newListCmd is `obcert list`: the spec catalogue of the suites ss.
func newListCmd(ss []suites.Suite) *cobra.Command {
	var format, profile string
	cmd := &cobra.Command{
		Use:   "list [flags]",
		Short: "List the conformance specs: id, role, requirements, level, profiles, title",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			views, err := catalogueViews(ss, profile)
			if err != nil {
				return err
			}
			return writeSpecs(cmd.OutOrStdout(), format, views)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table, json or yaml")
	cmd.Flags().StringVar(&profile, "profile", "", "list only the specs of this profile (cert-2.0, full, connect-2.1)")
	return cmd
}

// catalogueViews lists the catalogue in declaration order, only profile's specs when it is set.
func catalogueViews(ss []suites.Suite, profile string) ([]specView, error) {
	specs, err := runner.LoadCatalogue(ss)
	if err != nil {
		return nil, err
	}
	if profile != "" {
		if specs, err = runner.Select(specs, runner.Config{Suites: ss}, obcert.Profile(profile)); err != nil {
			return nil, usageErr("%v", err)
		}
	}
	views := make([]specView, 0, len(specs))
	for _, s := range specs {
		views = append(views, viewOf(s))
	}
	return views, nil
}

func viewOf(s suites.Spec) specView {
	return specView{ID: s.ID, Role: string(s.Role), Requirements: append([]string{}, s.Requirements...),
		Level: string(s.Level), Profiles: profileNames(s.Profiles), Title: s.Title}
}

func writeSpecs(w io.Writer, format string, views []specView) error {
	switch format {
	case "table":
		return writeSpecTable(w, views)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(views)
	case "yaml":
		enc := yaml.NewEncoder(w)
		enc.SetIndent(2)
		if err := enc.Encode(views); err != nil {
			return err
		}
		return enc.Close()
	}
	return usageErr("unknown --format %q: use table, json or yaml", format)
}

func writeSpecTable(w io.Writer, views []specView) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tROLE\tLEVEL\tREQUIREMENTS\tPROFILES\tTITLE")
	for _, v := range views {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", v.ID, v.Role, v.Level, strings.Join(v.Requirements, ","),
			strings.Join(v.Profiles, ","), v.Title)
	}
	return tw.Flush()
}

func profileNames(ps []obcert.Profile) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p)
	}
	return out
}
