package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reports"
)

// newDiffCmd is `obcert diff OLD NEW`: what changed between two runs.
func newDiffCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Compare two reports (folders or report.json files): fixed, regressed, new and removed specs",
		Long: `Compare two conformance reports of a candidate, each a report folder or its report.json:
the specs regressed (they count against the candidate now and did not before: failed and not
waived, error, interrupted, flaky), fixed, changed in another way, new and removed, and the
verdict change.

Exit status: 0 no regression, 1 at least one regression, 2 usage error (a report cannot be read).`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDiff(cmd.OutOrStdout(), format, args[0], args[1])
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, markdown or json")
	return cmd
}

func runDiff(w io.Writer, format, oldPath, newPath string) error {
	write, ok := map[string]func(io.Writer, reports.Diff) error{
		"text": reports.WriteDiffText, "markdown": reports.WriteDiffMarkdown, "json": reports.WriteDiffJSON,
	}[format]
	if !ok {
		return usageErr("unknown --format %q: use text, markdown or json", format)
	}
	old, err := readReportAt(oldPath)
	if err != nil {
		return err
	}
	cur, err := readReportAt(newPath)
	if err != nil {
		return err
	}
	d := reports.Compare(old, cur)
	if err := write(w, d); err != nil {
		return err
	}
	if len(d.Regressed) > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%d of the specs regressed", len(d.Regressed))}
	}
	return nil
}

// readReportAt reads the report.json of a report folder, or the report file path names. A
// report that cannot be read is a usage error.
func readReportAt(path string) (*obcert.Report, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, reports.JSONFile)
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, usageErr("%s: no such report (give a report folder or its report.json)", path)
		}
		return nil, usageErr("%v", err)
	}
	defer f.Close()
	r, err := reports.ReadJSON(f)
	if err != nil {
		return nil, usageErr("%s: %v", path, err)
	}
	return r, nil
}
