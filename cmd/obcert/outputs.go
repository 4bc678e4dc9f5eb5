package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"unicode/utf8"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/reports"
)

// harFile holds every HTTP exchange of a run, secrets redacted.
const harFile = "exchanges.har"

// outputNames are the files a run writes into its report folder, in the order reports list them.
func outputNames() []string {
	return []string{reports.JSONFile, reports.HTMLFile, reports.JUnitFile, reports.MarkdownFile, harFile}
}

// outputFiles are the paths of the files a run writes into dir, in the order reports list them.
func outputFiles(dir string) []string {
	names := outputNames()
	paths := make([]string, len(names))
	for i, n := range names {
		paths[i] = filepath.Join(dir, n)
	}
	return paths
}

// writeOutputs writes the reports and the HAR into dir. Only a missing report.json is an error;
// any other file that could not be written is said on stderr.
func writeOutputs(dir string, r *obcert.Report, rec *httpx.Recorder, stderr io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating the report directory: %w", err)
	}
	paths, err := reports.WriteAll(dir, r, reports.WithExchanges(exchangesOf(rec)), reports.WithScreenshots(dir, evidenceRefs(r)))
	if err != nil && !slices.Contains(paths, filepath.Join(dir, reports.JSONFile)) {
		return fmt.Errorf("writing the report: %w", err)
	}
	if err != nil {
		fmt.Fprintf(stderr, "obcert: some report files were not written: %v\n", err)
	}
	if err := writeHAR(filepath.Join(dir, harFile), rec); err != nil {
		fmt.Fprintf(stderr, "obcert: %v\n", err)
	}
	return nil
}

func writeHAR(path string, rec *httpx.Recorder) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return errors.Join(rec.WriteHAR(f), f.Close())
}

// exchangesOf is what report.html shows of each recorded exchange (already redacted).
func exchangesOf(rec *httpx.Recorder) []obcert.Exchange {
	entries := rec.Entries()
	out := make([]obcert.Exchange, len(entries))
	for i, e := range entries {
		ex := obcert.Exchange{Method: e.Method, URL: e.URL, Status: e.Status, Error: e.Error,
			ContentType: e.ResponseHeader.Get("Content-Type")}
		setBody(&ex, string(e.ResponseBody), utf8.Valid(e.ResponseBody), e.ResponseBodySize)
		out[i] = ex
	}
	return out
}

// setBody puts a response body in ex as report.html shows it: text as it is, other bytes named.
func setBody(ex *obcert.Exchange, body string, text bool, size int64) {
	switch {
	case body == "":
	case text:
		ex.Body = body
	default:
		ex.BodyNote = fmt.Sprintf("%d bytes that are not text (exchanges.har has them in base64)", size)
	}
}

// evidenceRefs lists every evidence reference of the report's results.
func evidenceRefs(r *obcert.Report) []string {
	var out []string
	for _, res := range r.Results {
		out = append(out, res.Evidence...)
	}
	return out
}
