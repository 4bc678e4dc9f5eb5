package runner

import (
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/obcert/obcert"
)

// SpecVersion is the specification the harness certifies against.
const SpecVersion = "Open Badges 2.0"

func newReport(cfg Config, t *target, started time.Time, results []obcert.Result) *obcert.Report {
	r := &obcert.Report{
		ReportVersion: obcert.ReportVersion,
		Harness:       obcert.Harness{Name: "obcert", Version: firstNonEmpty(cfg.Version, "dev")},
		Spec:          SpecVersion,
		Run: obcert.Run{ID: runID(), StartedAt: started, FinishedAt: time.Now().UTC(),
			Profile: string(t.set.profile), CandidateFileSha256: t.sha256, Reference: t.reference},
		Candidate: t.cf.Candidate,
		Results:   results,
	}
	recordCertify(cfg, &r.Run)
	return r
}

// runID is 16 random bytes in hex.
func runID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
