package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/limits"
	"github.com/obcert/obcert/internal/redact"
	"github.com/obcert/obcert/runner"
	"github.com/obcert/obcert/suites"
)

// One redactor serves a command line: it wraps stdout and stderr (the terminal summary, the
// progress lines, validate's JSON) and redacts the Report before any report is rendered, then
// the files written beside them (exchanges.har, ginkgo.log). It knows URL userinfo, credential
// parameters and headers, and the values of the environment variables the candidate file names.

// addCandidateSecrets adds to rd the values of the environment variables the candidate file at
// path names (its fields ending in Env). A file that does not load is left to the runner to report.
func addCandidateSecrets(rd *redact.Redactor, path string, ss []suites.Suite) {
	cf, _, err := runner.LoadCandidate(path, ss)
	if err != nil {
		return
	}
	addValueSecrets(rd, &cf)
}

// addValueSecrets adds to rd the values of the environment variables cf names (the running
// reference candidate's own, say its test account's password).
func addValueSecrets(rd *redact.Redactor, cf *obcert.CandidateFile) {
	if cf == nil {
		return
	}
	for _, name := range redact.EnvNames(cf) {
		rd.Add(os.Getenv(name))
	}
}

// redactRun redacts the report in place, before it is rendered.
func redactRun(rd *redact.Redactor, r *obcert.Report) { rd.Value(r) }

// redactFiles rewrites the named files of dir through rd.
func redactFiles(rd *redact.Redactor, dir string, stderr io.Writer, names ...string) {
	for _, n := range names {
		p := filepath.Join(dir, n)
		b, err := limits.ReadFile(p, 1<<30)
		if os.IsNotExist(err) {
			continue
		}
		if err == nil {
			err = os.WriteFile(p, rd.Bytes(b), 0o644)
		}
		if err != nil {
			fmt.Fprintf(stderr, "obcert: redacting %s: %v; remove the file before sharing the report\n", p, err)
		}
	}
}

// unwrapWriter returns the writer a redacting writer writes into, to tell a terminal.
func unwrapWriter(w io.Writer) io.Writer {
	if u, ok := w.(interface{ Unwrap() io.Writer }); ok {
		return u.Unwrap()
	}
	return w
}

// findingsFiles lists the full lists of findings (evidence/findings/) the results name.
func findingsFiles(r *obcert.Report) []string {
	var out []string
	for _, res := range r.Results {
		for _, e := range res.Evidence {
			if strings.HasPrefix(e, runner.FindingsDir+"/") && !slices.Contains(out, e) {
				out = append(out, filepath.FromSlash(e))
			}
		}
	}
	return out
}
