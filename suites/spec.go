package suites

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/httpx"
)

// Profiles a spec can belong to (DESIGN.md §2).
const (
	ProfileCert20 = "cert-2.0"
	ProfileFull   = "full"
)

// Spec is one conformance check: one requirement, or a tight group of them.
type Spec struct {
	// ID is stable and unique: "<role>/<kebab-name>".
	ID           string
	Role         obcert.Role
	Requirements []string
	// Level is MUST (a miss fails the spec) or SHOULD (a miss is a warning).
	Level    obcert.Level
	Profiles []string
	// Title is the spec sentence, as a test name.
	Title string
	// Hint is how to fix a failure, shown when the body gives none.
	Hint string
	// Body runs the check. It fails with Gomega assertions, skips with ginkgo.Skip, and reports a
	// harness problem (candidate unreachable, timeout) with Abort.
	Body func(ctx context.Context, env *Env)
}

// Labels are the Ginkgo labels a spec carries: its role, level, profiles and requirement IDs.
func (s Spec) Labels() []string {
	l := []string{string(s.Role), string(s.Level)}
	l = append(l, s.Profiles...)
	return append(l, s.Requirements...)
}

// Env is what a spec receives: the candidate file and the harness's tools. Specs never read flags,
// environment variables or package state.
type Env struct {
	Candidate obcert.CandidateFile
	// BaseDir resolves relative paths of the candidate file.
	BaseDir string
	// Client is the hardened HTTP client; every exchange it makes is recorded.
	Client *httpx.Client
	// Now is the clock used for expiry checks.
	Now func() time.Time
	// RequestTimeout bounds one HTTP exchange.
	RequestTimeout time.Duration

	memo sync.Map // key → *memoEntry
}

type memoEntry struct {
	once  sync.Once
	value any
}

// Memo returns the value f computes for key, computing it once per Env: specs of one role share
// expensive work (fetching and verifying a badge) without passing data to each other.
func (e *Env) Memo(key string, f func() any) any {
	v, _ := e.memo.LoadOrStore(key, &memoEntry{})
	m := v.(*memoEntry)
	m.once.Do(func() { m.value = f() })
	return m.value
}

// Report entry names the runner reads back from Ginkgo's report.
const (
	EntryState    = "obcert-state"    // value: an obcert.State that overrides the Ginkgo outcome
	EntryFindings = "obcert-findings" // value: []obcert.Finding
	EntryEvidence = "obcert-evidence" // value: []string, e.g. "exchanges.har#entry=3"
	EntryHint     = "obcert-hint"     // value: string
)

// Abort ends the spec with state error: the harness could not complete the check. It is never
// counted as a pass or a fail.
func Abort(format string, a ...any) {
	ginkgo.GinkgoHelper()
	ginkgo.AddReportEntry(EntryState, string(obcert.StateError), ginkgo.ReportEntryVisibilityNever)
	ginkgo.Fail(fmt.Sprintf(format, a...))
}

// Evidence attaches references to recorded exchanges or artifacts.
func Evidence(refs ...string) {
	if len(refs) == 0 {
		return
	}
	ginkgo.AddReportEntry(EntryEvidence, refs, ginkgo.ReportEntryVisibilityNever)
}

// Findings attaches verification-core findings behind the outcome.
func Findings(fs []obcert.Finding) {
	if len(fs) == 0 {
		return
	}
	ginkgo.AddReportEntry(EntryFindings, fs, ginkgo.ReportEntryVisibilityNever)
}

// Hint attaches a fix hint specific to this failure.
func Hint(h string) {
	if h != "" {
		ginkgo.AddReportEntry(EntryHint, h, ginkgo.ReportEntryVisibilityNever)
	}
}

// Validate checks a catalogue of specs: unique ids prefixed by their role, known requirement IDs,
// a level, at least one profile and a body.
func Validate(specs []Spec) error {
	seen := map[string]bool{}
	for _, s := range specs {
		if seen[s.ID] {
			return fmt.Errorf("spec %s is registered twice", s.ID)
		}
		seen[s.ID] = true
		if !strings.HasPrefix(s.ID, string(s.Role)+"/") {
			return fmt.Errorf("spec %s: id must start with its role %q", s.ID, s.Role)
		}
		if len(s.Requirements) == 0 {
			return fmt.Errorf("spec %s names no requirement", s.ID)
		}
		if bad := obcert.UnknownRequirements(s.Requirements...); len(bad) > 0 {
			return fmt.Errorf("spec %s names unknown requirements %v", s.ID, bad)
		}
		if s.Level != obcert.MUST && s.Level != obcert.SHOULD && s.Level != obcert.MAY {
			return fmt.Errorf("spec %s: level %q", s.ID, s.Level)
		}
		if len(s.Profiles) == 0 || s.Body == nil || s.Title == "" {
			return fmt.Errorf("spec %s needs a title, profiles and a body", s.ID)
		}
	}
	return nil
}
