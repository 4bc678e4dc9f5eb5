package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/runner"
)

// loadWaivers reads the --waivers file into cfg; a file that cannot be read or decoded is a
// usage error.
func loadWaivers(cfg *runner.Config, path string) error {
	if path == "" {
		return nil
	}
	ws, err := runner.LoadWaivers(path)
	if err != nil {
		return usageErr("--waivers: %v", err)
	}
	cfg.Waivers = ws
	return nil
}

// staleWaivers is one sentence per stale waiver of r, or an empty error when there is none (the
// exit status alone then speaks).
func staleWaivers(r *obcert.Report) error {
	stale := r.StaleWaivers()
	if len(stale) == 0 {
		return errors.New("")
	}
	lines := make([]string, len(stale))
	for i, w := range stale {
		lines[i] = fmt.Sprintf("stale waiver (%s): %s", w.Target(), w.Note)
	}
	return errors.New(strings.Join(lines, "\nobcert: "))
}
