package main

import (
	"fmt"
	"io"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/runner"
)

// rerunStates are the states --rerun-failed runs again.
var rerunStates = []obcert.State{obcert.StateFailed, obcert.StateError, obcert.StateInterrupted, obcert.StateFlaky}

// useRerun narrows cfg to the specs that were failed, error, interrupted or flaky in the report
// at path (a folder or its report.json), in that report's profile unless --profile is given. It
// returns false, having said why, when that report has no such spec.
func useRerun(cfg *runner.Config, path string, stderr io.Writer) (bool, error) {
	if path == "" {
		return true, nil
	}
	r, err := readReportAt(path)
	if err != nil {
		return false, err
	}
	for _, res := range r.Results {
		for _, s := range rerunStates {
			if res.State == s {
				cfg.SpecIDs = append(cfg.SpecIDs, res.ID)
			}
		}
	}
	if len(cfg.SpecIDs) == 0 {
		fmt.Fprintf(stderr, "obcert: %s has no failed, error, interrupted or flaky spec: nothing to rerun\n", path)
		return false, nil
	}
	if cfg.Profile == "" {
		cfg.Profile = r.Run.Profile
	}
	fmt.Fprintf(stderr, "obcert: rerunning the %d specs that did not pass in %s\n", len(cfg.SpecIDs), path)
	return true, nil
}
