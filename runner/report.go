package runner

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/reports"
)

// SpecVersion is the specification the harness certifies against.
const SpecVersion = "Open Badges 2.0"

// OutputFiles are the paths of the files a run writes into dir, in the order reports list them.
func OutputFiles(dir string) []string {
	names := []string{reports.JSONFile, reports.HTMLFile, reports.JUnitFile, reports.MarkdownFile, HARFile}
	paths := make([]string, len(names))
	for i, n := range names {
		paths[i] = filepath.Join(dir, n)
	}
	return paths
}

func newReport(cfg Config, t *target, started time.Time, results []obcert.Result) *obcert.Report {
	return &obcert.Report{
		ReportVersion: obcert.ReportVersion,
		Harness:       obcert.Harness{Name: "obcert", Version: firstNonEmpty(cfg.Version, "dev")},
		Spec:          SpecVersion,
		Run: obcert.Run{ID: runID(), StartedAt: started, FinishedAt: time.Now().UTC(),
			Profile: t.set.profile, CandidateFileSha256: t.sha256, Reference: t.reference},
		Candidate: t.cf.Candidate,
		Results:   results,
	}
}

// runID is 16 random bytes in hex.
func runID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// writeOutputs writes the reports and the HAR. Only a missing report.json is an error; any
// other file that could not be written is said on progress.
func writeOutputs(dir string, r *obcert.Report, rec *httpx.Recorder, p *progress) error {
	paths, err := reports.WriteAll(dir, r)
	if err != nil && !slices.Contains(paths, filepath.Join(dir, reports.JSONFile)) {
		return fmt.Errorf("writing the report: %w", err)
	}
	if err != nil {
		p.printf("obcert: some report files were not written: %v\n", err)
	}
	if err := writeHAR(filepath.Join(dir, HARFile), rec); err != nil {
		p.printf("obcert: %v\n", err)
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
