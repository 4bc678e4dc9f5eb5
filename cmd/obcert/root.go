package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/obcert/obcert/internal/redact"

	"github.com/obcert/obcert/suites"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// exitError carries an exit status through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

func usageErr(format string, a ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, a...)}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintln(stderr, "obcert:", redact.Text(ee.err.Error()))
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "obcert:", redact.Text(err.Error()))
	return 2
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	return newRootCmdWith(registered(), stdin, stdout, stderr)
}

// newRootCmdWith is the command line over the role suites ss.
func newRootCmdWith(ss []suites.Suite, stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "obcert",
		Short:         "Open Badges 2.0 conformance certification harness",
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	rd := redact.New() // one redactor for every output (redact.go)
	root.SetIn(stdin)
	root.SetOut(rd.Writer(stdout))
	root.SetErr(rd.Writer(stderr))
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageErr("%v", err) })
	addOutputFlags(root)
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error { return checkOutputFlags(cmd) }
	root.AddCommand(newValidateCmd(), newReportCmd(rd))
	root.AddCommand(newRunCmd(ss, rd), newListCmd(ss), newReferenceCmd(), newFixturesCmd())
	root.AddCommand(newBundleCmd(), newKeygenCmd(), newVerifyCmd(), newCheckCmd(ss), newReplayCmd(ss), newMatrixCmd())
	root.AddCommand(newDiffCmd(), newReviewCmd(), newVersionCmd(), newExplainCmd(ss), newInitCmd(ss))
	root.SetVersionTemplate(readBuildFacts().String())
	return root
}
