package obcert_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection writes the house's dependency rules down (STYLE.md): the verification
// core never imports Ginkgo or the harness; the reference candidate never imports the verifier;
// suites never import the reference; reports read our model, not Ginkgo's; the runner imports
// neither the reference, the reports nor any role's suite.
func TestDependencyDirection(t *testing.T) {
	rules := []struct {
		pkg       string
		forbidden []string
	}{
		{".", []string{"github.com/obcert/obcert/", "github.com/onsi/"}},
		{"./openbadges/...", []string{"github.com/onsi/", "github.com/obcert/obcert/suites", "github.com/obcert/obcert/runner",
			"github.com/obcert/obcert/reports", "github.com/obcert/obcert/reference", "github.com/go-resty/"}},
		{"./reference/...", []string{"github.com/obcert/obcert/openbadges/verify", "github.com/obcert/obcert/openbadges/jsonld", "github.com/onsi/", "github.com/obcert/obcert/suites"}},
		// The reference's Badge Connect provider and consumer stay apart from obcert's own Badge
		// Connect client and provider: a bug in one must not hide the same bug in the other.
		{"./reference/connect/...", []string{"github.com/obcert/obcert/openbadges/connect", "github.com/obcert/obcert/fixtures",
			"github.com/obcert/obcert/runner"}},
		{"./reference/connectconsumer/...", []string{"github.com/obcert/obcert/openbadges/connect", "github.com/obcert/obcert/fixtures",
			"github.com/obcert/obcert/runner"}},
		// The fixtures issuer is the counterparty the suites drive: it knows no suite, runner or reference.
		{"./fixtures/...", []string{"github.com/onsi/", "github.com/obcert/obcert/suites", "github.com/obcert/obcert/runner",
			"github.com/obcert/obcert/reference", "github.com/obcert/obcert/reports"}},
		{"./suites/...", []string{"github.com/obcert/obcert/reference", "github.com/obcert/obcert/runner", "github.com/obcert/obcert/reports"}},
		{"./reports/...", []string{"github.com/onsi/", "github.com/obcert/obcert/runner", "github.com/obcert/obcert/suites"}},
		// The bundle packs and checks reports with the vocabulary and the standard library alone.
		{"./bundle/...", []string{"github.com/obcert/obcert/internal", "github.com/obcert/obcert/runner", "github.com/obcert/obcert/suites",
			"github.com/obcert/obcert/reports", "github.com/obcert/obcert/openbadges", "github.com/obcert/obcert/reference",
			"github.com/obcert/obcert/cmd", "github.com/onsi/", "github.com/go-resty/", "github.com/spf13/", "go.yaml.in/"}},
		// The runner's fence: it drives whatever suites cmd hands it; cmd starts the reference
		// candidate and renders the reports. It names no role suite.
		{"./runner/...", []string{"github.com/obcert/obcert/reference", "github.com/obcert/obcert/reports",
			"github.com/obcert/obcert/suites/", "github.com/obcert/obcert/cmd"}},
	}
	for _, r := range rules {
		out, err := exec.Command("go", "list", "-deps", r.pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", r.pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, f := range r.forbidden {
				if strings.HasPrefix(dep, f) && !isSelf(r.pkg, dep) {
					t.Errorf("%s depends on %s, which it must not", r.pkg, dep)
				}
			}
		}
	}
}

// isSelf tells the package's own import path (and the root vocabulary) from a forbidden one.
func isSelf(pkg, dep string) bool {
	return dep == "github.com/obcert/obcert" || pkg == "." && dep == "github.com/obcert/obcert"
}
