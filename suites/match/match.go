package match

import (
	"fmt"
	"strings"

	"github.com/onsi/gomega/gcustom"
	"github.com/onsi/gomega/types"

	"github.com/obcert/obcert"
)

// Problem is one thing a check found wrong, about one badge.
type Problem struct {
	Badge   string
	Finding obcert.Finding
}

func (p Problem) String() string {
	f := p.Finding
	s := fmt.Sprintf("[%s] %s: %s", strings.Join(f.Requirements, " "), p.Badge, f.Message)
	if f.Hint != "" {
		s += " (fix: " + f.Hint + ")"
	}
	return s
}

// HaveNoProblems succeeds on an empty []Problem; its failure message lists every problem with its
// requirement IDs and fix hint.
func HaveNoProblems() types.GomegaMatcher {
	return gcustom.MakeMatcher(func(ps []Problem) (bool, error) {
		return len(ps) == 0, nil
	}).WithTemplate("{{len .Actual}} problem(s):{{range .Actual}}\n- {{.}}{{end}}")
}
