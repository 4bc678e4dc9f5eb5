package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reference"
	"github.com/obcert/obcert/suites/connect"
)

// consumerSpecIDs are the ids of the Badge Connect consumer specs.
func consumerSpecIDs() []string {
	var out []string
	for _, s := range connect.Specs() {
		if strings.HasPrefix(s.ID, "connect/consumer-") {
			out = append(out, s.ID)
		}
	}
	return out
}

// runConsumer runs the consumer specs of the reference (with fault, unless "") and returns the
// exit code, the report, and the consumer results by id.
func runConsumer(t *testing.T, fault string) (int, *obcert.Report, map[string]obcert.Result, string) {
	t.Helper()
	dir := t.TempDir()
	args := []string{"run", "--out", dir, "--role", "connect", "--focus", "connect/consumer-"}
	if fault != "" {
		args = append(args, "--reference-fault", fault)
	}
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(""), &stdout, &stderr)
	r := readReport(t, dir)
	res := map[string]obcert.Result{}
	for _, x := range r.Results {
		if strings.HasPrefix(x.ID, "connect/consumer-") {
			res[x.ID] = x
		}
	}
	checkNoConnectSecret(t, dir)
	return code, r, res, stdout.String() + "\nstderr:\n" + stderr.String()
}

// TestConnectConsumerReference runs `obcert run --role connect` against the reference: every
// consumer spec passes; under each consumer fault, exactly the fault's specs fail (or warn),
// one of them naming the fault's requirement, and a MUST fault makes the run exit 1.
func TestConnectConsumerReference(t *testing.T) {
	ids := consumerSpecIDs()
	if len(ids) != 9 {
		t.Fatalf("%d consumer specs: %v", len(ids), ids)
	}
	_, _, res, out := runConsumer(t, "")
	for _, id := range ids {
		if res[id].State != obcert.StatePassed {
			t.Errorf("%s is %s on the clean reference: %s\n%s", id, res[id].State, res[id].Message, out)
		}
	}
	caught := map[string]bool{}
	for _, f := range reference.Faults() {
		if f.Role != obcert.RoleConnect || !strings.HasPrefix(f.Name, "consumer-") {
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			code, _, res, out := runConsumer(t, f.Name)
			var got []string
			named := false
			for _, id := range ids {
				if st := res[id].State; st == obcert.StateFailed || st == obcert.StateWarning {
					got = append(got, id)
					named = named || slices.Contains(res[id].Requirements, f.Requirements[0])
				}
			}
			slices.Sort(got)
			checkSpecs(t, f, got)
			if !named {
				t.Errorf("no failed consumer spec names %s:\n%s", f.Requirements[0], out)
			}
			if f.Level == obcert.MUST && code != 1 {
				t.Errorf("exit %d, want 1:\n%s", code, out)
			}
			for _, id := range got {
				caught[id] = true
			}
		})
	}
	for _, id := range ids {
		if !caught[id] {
			t.Errorf("consumer spec %s is failed by no fault of the reference consumer", id)
		}
	}
}

// connectSecret matches a secret value of a Badge Connect exchange written out in the clear.
var connectSecret = regexp.MustCompile(`(?i)(client_secret|access_token|refresh_token|code_verifier|[?&]code)("?\s*[:=]\s*"?)([A-Za-z0-9_\-.~]{16,})|(Bearer|Basic) ([A-Za-z0-9_\-.~+/=]{16,})`)

// checkNoConnectSecret checks no file of the output directory holds a client secret, verifier,
// code or token in the clear.
func checkNoConnectSecret(t *testing.T, dir string) {
	t.Helper()
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		for _, m := range connectSecret.FindAllSubmatch(b, -1) {
			if !bytes.Contains(m[0], []byte("REDACTED")) {
				t.Errorf("%s holds a Badge Connect secret in the clear: %.40s…", filepath.Base(p), m[0])
			}
		}
		return nil
	})
}
