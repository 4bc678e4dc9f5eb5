package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/bundle"
	"github.com/obcert/obcert/reports"
)

// newMatrixCmd is `obcert matrix BUNDLE...`: the interop table across candidates.
func newMatrixCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "matrix BUNDLE... [-o DIR]",
		Short: "Write the interop matrix (spec × candidate) of several bundles as matrix.html and matrix.md",
		Long: `Read the report of each bundle and write the spec × candidate table, the state in each cell
linking to the result's first evidence inside its bundle: DIR/matrix.html (self-contained) and
DIR/matrix.md. The bundles are read, not verified: 'obcert verify' each first.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cols, err := matrixColumns(args)
			if err != nil {
				return err
			}
			return writeMatrix(cmd.OutOrStdout(), out, cols)
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", ".", "folder to write matrix.html and matrix.md into")
	return cmd
}

func matrixColumns(paths []string) ([]reports.MatrixColumn, error) {
	cols := make([]reports.MatrixColumn, 0, len(paths))
	for _, p := range paths {
		b, err := bundle.Open(p)
		if err != nil {
			return nil, usageErr("%v", err)
		}
		r, err := b.Report()
		if err != nil {
			return nil, usageErr("%s: %v", p, err)
		}
		cols = append(cols, reports.MatrixColumn{Name: columnName(r), Source: filepath.Base(p), Report: r})
	}
	return cols, nil
}

// columnName is the candidate, its version and, for the reference, what ran ("reference (fault:
// x)").
func columnName(r *obcert.Report) string {
	name := r.Candidate.Name + " " + r.Candidate.Version
	if r.Run.Reference != "" && !strings.Contains(name, strings.TrimPrefix(r.Run.Reference, "reference")) {
		name += " — " + r.Run.Reference
	}
	return name
}

func writeMatrix(w io.Writer, dir string, cols []reports.MatrixColumn) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usageErr("%v", err)
	}
	for _, f := range []struct {
		name  string
		write func(io.Writer, []reports.MatrixColumn) error
	}{{"matrix.html", reports.WriteMatrixHTML}, {"matrix.md", reports.WriteMatrixMarkdown}} {
		var buf bytes.Buffer
		if err := f.write(&buf, cols); err != nil {
			return err
		}
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		fmt.Fprintln(w, path)
	}
	return nil
}
