package reference

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDoesNotImportTheVerifier keeps the reference apart from the verification core: a bug in one
// must not hide the same bug in the other.
func TestDoesNotImportTheVerifier(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps listed only %v", deps)
	}
	for _, d := range deps {
		if strings.HasPrefix(d, "github.com/obcert/obcert/openbadges/verify") || strings.Contains(d, "ginkgo") {
			t.Errorf("reference depends on %s", d)
		}
	}
}
