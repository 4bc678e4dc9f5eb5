package runner

import "testing"

// TestExampleCandidateFileLoads keeps the annotated example that ships with the project valid.
func TestExampleCandidateFileLoads(t *testing.T) {
	cf, sum, err := LoadCandidate("../examples/candidate.yaml", issuerOnly)
	if err != nil {
		t.Fatalf("examples/candidate.yaml: %v", err)
	}
	if cf.Issuer == nil || len(cf.Issuer.Badges) != 3 || len(cf.Issuer.Revoked) != 1 || len(sum) != 64 {
		t.Errorf("example candidate = %+v (sha256 %q)", cf, sum)
	}
}
