package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// scenarios are the reference validator's end-to-end tests, in the module's testdata (its README
// says where they came from).
const scenarios = "../../testdata/validator-core-testfiles/scenarios"

type scenario struct {
	Input            string          `json:"input"`
	RecipientProfile json.RawMessage `json:"recipient_profile"`
	ObservedHere     struct {
		Valid             bool   `json:"valid"`
		ValidationSubject string `json:"validationSubject"`
		OpenBadgesVersion string `json:"openBadgesVersion"`
	} `json:"observed_here"`
}

// TestValidatorCoreScenarios runs obcert validate from inside each scenario folder of the reference
// validator's end-to-end tests, as an auditor would, and compares the verdict with the one recorded.
func TestValidatorCoreScenarios(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(scenarios, "*"))
	if len(dirs) != 14 {
		t.Fatalf("expected 14 scenarios under %s, found %d", scenarios, len(dirs))
	}
	for _, dir := range dirs {
		dir, _ := filepath.Abs(dir)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, "scenario.json"))
			if err != nil {
				t.Fatal(err)
			}
			var sc scenario
			if err := json.Unmarshal(raw, &sc); err != nil {
				t.Fatal(err)
			}
			t.Chdir(dir)
			args := []string{"validate", "--format", "json", "--offline-map", "mocks.json"}
			if p := strings.TrimSpace(string(sc.RecipientProfile)); p != "" && p != "null" {
				args = append(args, "--recipient", p)
			}
			args = append(args, sc.Input)
			var stdout, stderr bytes.Buffer
			code := run(args, strings.NewReader(""), &stdout, &stderr)
			var out struct {
				Report struct {
					Valid             bool `json:"valid"`
					ValidationSubject string
					OpenBadgesVersion string
					Messages          []struct {
						Name         string
						MessageLevel string
						Result       string
						Requirements []string
					}
				} `json:"report"`
			}
			if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
				t.Fatalf("output is not JSON (exit %d): %v\n%s\n%s", code, err, stdout.String(), stderr.String())
			}
			if out.Report.Valid != sc.ObservedHere.Valid {
				t.Errorf("valid = %v, recorded %v; messages:\n%s", out.Report.Valid, sc.ObservedHere.Valid, stdout.String())
			}
			wantCode := 0
			if !sc.ObservedHere.Valid {
				wantCode = 1
			}
			if code != wantCode {
				t.Errorf("exit %d, want %d (stderr %s)", code, wantCode, stderr.String())
			}
			if out.Report.ValidationSubject != sc.ObservedHere.ValidationSubject {
				t.Errorf("validationSubject %q, recorded %q", out.Report.ValidationSubject, sc.ObservedHere.ValidationSubject)
			}
			if out.Report.OpenBadgesVersion != sc.ObservedHere.OpenBadgesVersion {
				t.Errorf("openBadgesVersion %q, recorded %q", out.Report.OpenBadgesVersion, sc.ObservedHere.OpenBadgesVersion)
			}
			for _, m := range out.Report.Messages {
				if (m.MessageLevel == "ERROR" || m.MessageLevel == "WARNING") && len(m.Requirements) == 0 {
					t.Errorf("message without requirement: %+v", m)
				}
			}
		})
	}
}
