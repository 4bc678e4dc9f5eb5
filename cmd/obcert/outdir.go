package main

import (
	"errors"
	"os"
	"path/filepath"
	"slices"

	"github.com/obcert/obcert/reports"
	"github.com/obcert/obcert/runner"
)

// reportFiles are the files a run writes into its folder: the reports, the HAR and Ginkgo's log.
func reportFiles(dir string) []string {
	return append(outputFiles(dir), filepath.Join(dir, runner.GinkgoLog))
}

// prepareOut makes dir ready for a run's report before anything runs: a new or empty folder is
// used as it is, an earlier report folder (it holds report.json or ginkgo.log) loses its old report
// files, and anything else (a file, a folder of other files, a folder that cannot be written) is a
// usage error.
func prepareOut(dir string) error {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return usageErr("--out %s cannot be created: %v", dir, errors.Unwrap(err))
		}
	case err != nil:
		return usageErr("--out %s cannot be used: %v", dir, errors.Unwrap(err))
	case !st.IsDir():
		return usageErr("--out %s is a file, not a folder: give a new or empty folder, or an earlier report folder", dir)
	default:
		if err := clearReportFolder(dir); err != nil {
			return err
		}
	}
	return checkWritable(dir)
}

// clearReportFolder removes an earlier run's report files from dir, and refuses a folder that
// holds other files and no report.
func clearReportFolder(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return usageErr("--out %s cannot be read: %v", dir, errors.Unwrap(err))
	}
	if len(entries) == 0 {
		return nil
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	if !slices.Contains(names, reports.JSONFile) && !slices.Contains(names, runner.GinkgoLog) {
		return usageErr("--out %s is not empty and is not an obcert report folder (it has no %s): give a new or empty folder so that no file of yours is overwritten",
			dir, reports.JSONFile)
	}
	for _, p := range reportFiles(dir) {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return usageErr("--out %s: the earlier report's %s cannot be removed: %v", dir, filepath.Base(p), errors.Unwrap(err))
		}
	}
	// The earlier run's evidence (operator's files, screenshots) is obcert's own copy.
	if err := os.RemoveAll(filepath.Join(dir, evidenceDir)); err != nil {
		return usageErr("--out %s: the earlier report's %s/ cannot be removed: %v", dir, evidenceDir, errors.Unwrap(err))
	}
	return nil
}

// checkWritable creates and removes a file in dir.
func checkWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".obcert-write-check-*")
	if err != nil {
		return usageErr("--out %s cannot be written: %v", dir, errors.Unwrap(err))
	}
	name := f.Name()
	_ = f.Close()
	_ = os.Remove(name)
	return nil
}
