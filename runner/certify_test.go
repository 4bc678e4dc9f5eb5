package runner

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/obcert/obcert"
)

// TestCertifyRefusals: a certification run refuses every relaxation Config can carry, each with
// a message that names it, before anything starts.
func TestCertifyRefusals(t *testing.T) {
	dir := t.TempDir()
	cand := writeFile(t, dir, "candidate.yaml", jwsCandidate)
	nameless := writeFile(t, dir, "nameless.yaml", strings.Replace(jwsCandidate, "  vendor: tests\n", "", 1))
	cases := map[string]struct {
		cfg  Config
		want string
	}{
		"label filter": {Config{CandidateFile: cand, LabelFilter: "MUST"}, "a label filter"},
		"focus":        {Config{CandidateFile: cand, Focus: []string{"x"}}, "a focus"},
		"requirement":  {Config{CandidateFile: cand, Requirements: []string{"ISSUER-07"}}, "a requirement filter"},
		"role":         {Config{CandidateFile: cand, Roles: []obcert.Role{obcert.RoleIssuer}}, "a role filter"},
		"pinned clock": {Config{CandidateFile: cand, Now: time.Now}, "a pinned clock"},
		"transport":    {Config{CandidateFile: cand, Transport: http.DefaultTransport}, "a replay transport"},
		"waivers":      {Config{CandidateFile: cand, Waivers: []obcert.Waiver{{Spec: "issuer/x", Reason: "r"}}}, "the waivers"},
		"skip":         {Config{CandidateFile: cand, Skip: []string{"ISSUER-07"}}, "a skip list"},
		"rerun":        {Config{CandidateFile: cand, SpecIDs: []string{"issuer/recipient"}}, "a rerun"},
		"retries":      {Config{CandidateFile: cand, Retries: 2}, "the retries"},
		"no vendor":    {Config{CandidateFile: nameless}, "candidate.vendor"},
	}
	for name, tc := range cases {
		cfg := tc.cfg
		cfg.Certify, cfg.Out, cfg.Suites = true, filepath.Join(dir, "out"), suitesOf(stateCatalogue()...)
		_, err := Run(context.Background(), cfg)
		var ue *UsageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want a *UsageError naming %q", name, err, tc.want)
		}
	}
}
