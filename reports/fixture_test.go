package reports

import (
	"time"

	"github.com/obcert/obcert"
)

// hostileMessage is a candidate-controlled message that must be shown as text everywhere.
const hostileMessage = `served <script>alert("x")</script> from https://evil.example/a.js | not a cell`

// sampleReport has one result of every state across the issuer and host roles. Its times are
// fixed and in a non-UTC zone, so nothing depends on the clock and time zones are exercised.
func sampleReport() *obcert.Report {
	zone := time.FixedZone("UTC+2", 2*60*60)
	r := &obcert.Report{
		ReportVersion: obcert.ReportVersion,
		Harness:       obcert.Harness{Name: "obcert", Version: "0.9.0-test"},
		Spec:          "Open Badges 2.0",
		Run: obcert.Run{
			ID:                  "run-20250102-abcdef",
			StartedAt:           time.Date(2025, 1, 2, 10, 0, 0, 0, zone),
			FinishedAt:          time.Date(2025, 1, 2, 10, 0, 42, 500_000_000, zone),
			Profile:             "full",
			CandidateFileSha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
			Interrupted:         "suite timeout after 40s",
		},
		Candidate: obcert.Candidate{Name: "Example Badger", Version: "1.2.3", Vendor: "Example & Sons"},
		Results:   sampleResults(),
	}
	r.Summarize()
	return r
}

func sampleResults() []obcert.Result {
	return []obcert.Result{
		{ID: "issuer/baked-png-valid", Role: obcert.RoleIssuer, Requirements: []string{"ISSUER-01", "BAKE-06"},
			Level: obcert.MUST, State: obcert.StatePassed, Title: "The issuer bakes a valid PNG", DurationMs: 12,
			Evidence: []string{"artifacts/badge.png"}},
		{ID: "issuer/hosted-id-in-scope", Role: obcert.RoleIssuer, Requirements: []string{"ISSUER-11", "VERIFY-11"},
			Level: obcert.MUST, State: obcert.StateFailed, Title: "The hosted assertion id is in the issuer's scope",
			Message: hostileMessage, Hint: "Serve the assertion from the issuer Profile's origin.", DurationMs: 1534,
			Evidence: []string{"exchanges.har#entry=3", "https://evil.example/steal.js"},
			Findings: []obcert.Finding{{Check: "HOSTED_ID_IN_VERIFICATION_SCOPE", Severity: obcert.Error,
				Message: "id https://other.example/a/1 is outside https://issuer.example", Node: "_:b0",
				Property: "id", Requirements: []string{"VERIFY-11"}, Hint: "use allowedOrigins"}}},
		{ID: "issuer/utc-timestamps", Role: obcert.RoleIssuer, Requirements: []string{"ISSUER-20"},
			Level: obcert.SHOULD, State: obcert.StateWarning, Title: "Timestamps are in UTC",
			Message: "issuedOn 2025-01-02T12:00:00+02:00 is not UTC", Hint: "Publish timestamps in UTC.", DurationMs: 3},
		{ID: "issuer/signed-urn-uuid", Role: obcert.RoleIssuer, Requirements: []string{"ISSUER-12"},
			Level: obcert.SHOULD, State: obcert.StateSkipped, Title: "Signed assertions use urn:uuid ids",
			Message: "the candidate declares no signed badges"},
		{ID: "host/import-baked-png", Role: obcert.RoleHost, Requirements: []string{"HOST-01"},
			Level: obcert.MUST, State: obcert.StateReview, Title: "The host imports a baked PNG",
			Message: "confirm the video shows the imported badge", DurationMs: 800,
			Evidence: []string{"artifacts/import.webm"}},
		{ID: "host/round-trip", Role: obcert.RoleHost, Requirements: []string{"HOST-05"},
			Level: obcert.MUST, State: obcert.StateError, Title: "Exported badges keep their metadata",
			Message: "export endpoint timed out after 10s", Hint: "Check that the adapter's export answers.",
			DurationMs: 10000, Evidence: []string{"exchanges.har#entry=9"}},
		{ID: "host/import-jws", Role: obcert.RoleHost, Requirements: []string{"HOST-10"},
			Level: obcert.SHOULD, State: obcert.StateInterrupted, Title: "The host imports signed assertions",
			Message: "interrupted by the suite timeout"},
		{ID: "host/paged-export", Role: obcert.RoleHost, Requirements: []string{"HOST-05"},
			Level: obcert.MUST, State: obcert.StateFlaky, Title: "Exports page reliably",
			Message:    "passed only on attempt 2, so it is flaky, which is not a pass; attempt 1 could not complete: timed out",
			DurationMs: 70},
		{ID: "host/list-links", Role: obcert.RoleHost, Requirements: []string{"CONNECT-62"},
			Level: obcert.MUST, State: obcert.StatePassed, Title: "Paged lists carry Link relations", DurationMs: 40},
	}
}

// resultsIn returns the results of sampleReport in the given state.
func resultsIn(r *obcert.Report, s obcert.State) []obcert.Result { return byState(r.Results, s) }
