package main

import (
	"io"

	"github.com/obcert/obcert/runner"
)

// useStdinCandidate reads the candidate file from in when --candidate is "-".
func useStdinCandidate(cfg *runner.Config, in io.Reader) error {
	if cfg.CandidateFile != "-" {
		return nil
	}
	raw, err := io.ReadAll(io.LimitReader(in, runner.MaxCandidateFileBytes+1))
	if err != nil {
		return usageErr("reading the candidate file from standard input: %v", err)
	}
	if len(raw) > runner.MaxCandidateFileBytes {
		return usageErr("the candidate file on standard input is larger than %d bytes", runner.MaxCandidateFileBytes)
	}
	cfg.CandidateFile, cfg.CandidateData = "", append([]byte{}, raw...)
	return nil
}
