package runner

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/extensions/globals"
	"github.com/onsi/ginkgo/v2/formatter"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// ginkgoMu serializes runs: Ginkgo keeps its suite in package globals.
var ginkgoMu sync.Mutex

// gracePeriod is how long a spec that outlived its timeout may take to return.
const gracePeriod = 5 * time.Second

// randomSeed pins Ginkgo's shuffling; Ordered containers keep declaration order anyway.
const randomSeed = 1

// cliT is the GinkgoTestingT of a run outside `go test`.
type cliT struct{ failed bool }

func (t *cliT) Fail() { t.failed = true }

// session is one Ginkgo run over the selected specs.
type session struct {
	specs    []suites.Spec
	env      *suites.Env
	runCtx   context.Context
	set      settings
	progress *progress
	retries  int
	blocked  map[obcert.Role]string // roles whose specs are not run: an origin did not answer preflight

	mu          sync.Mutex
	started     map[string]bool
	interrupted map[string]string // spec id → why it was interrupted
	outcomes    map[string]*suites.Outcome
	attempts    map[string]attempts
	reports     map[string]types.SpecReport
	captured    *types.Report
}

func newSession(ctx context.Context, specs []suites.Spec, env *suites.Env, set settings, p *progress) *session {
	return &session{specs: specs, env: env, runCtx: ctx, set: set, progress: p,
		started: map[string]bool{}, interrupted: map[string]string{}, outcomes: map[string]*suites.Outcome{},
		attempts: map[string]attempts{}, reports: map[string]types.SpecReport{}}
}

// run registers the tree and runs it, with Ginkgo's console output going to logFile.
func (s *session) run(log io.Writer) {
	ginkgoMu.Lock()
	defer ginkgoMu.Unlock()
	globals.Reset()
	gomega.RegisterFailHandler(ginkgo.Fail)
	s.register()
	saved := formatter.ColorableStdOut
	formatter.ColorableStdOut = log
	defer func() { formatter.ColorableStdOut = saved }()
	sc, rc := s.configs()
	ginkgo.RunSpecs(&cliT{}, "obcert conformance", sc, rc)
}

func (s *session) configs() (types.SuiteConfig, types.ReporterConfig) {
	sc := types.NewDefaultSuiteConfig()
	sc.RandomSeed = randomSeed
	sc.Timeout = s.set.runTimeout
	sc.GracePeriod = gracePeriod
	rc := types.NewDefaultReporterConfig()
	rc.NoColor = true
	return sc, rc
}

// register declares one Ordered, ContinueOnFailure container per role, in the order roles first
// appear, holding that role's specs in declaration order.
func (s *session) register() {
	for _, role := range rolesOf(s.specs) {
		ginkgo.Describe(string(role), ginkgo.Ordered, ginkgo.ContinueOnFailure, func() {
			for _, spec := range s.specs {
				if spec.Role == role {
					ginkgo.It(spec.ID, ginkgo.Label(spec.Labels()...), s.body(spec),
						ginkgo.SpecTimeout(s.set.specTimeout))
				}
			}
		})
	}
	ginkgo.ReportBeforeEach(s.progress.before)
	ginkgo.ReportAfterEach(s.afterEach)
	ginkgo.ReportAfterSuite("obcert capture", s.capture)
}

func rolesOf(specs []suites.Spec) []obcert.Role {
	var roles []obcert.Role
	seen := map[obcert.Role]bool{}
	for _, s := range specs {
		if !seen[s.Role] {
			seen[s.Role] = true
			roles = append(roles, s.Role)
		}
	}
	return roles
}

// body runs one spec with a context that ends with the spec's timeout or with the run, and keeps
// the Outcome it returns. A spec that would start after the run was cancelled is interrupted; so
// is a spec that stops because the run was cancelled under it.
func (s *session) body(spec suites.Spec) func(ginkgo.SpecContext) {
	return func(sc ginkgo.SpecContext) {
		if err := s.runCtx.Err(); err != nil {
			s.markInterrupted(spec.ID, fmt.Sprintf("not run: the run was interrupted (%v)", context.Cause(s.runCtx)))
			ginkgo.Skip("interrupted")
		}
		if why := s.blocked[spec.Role]; why != "" {
			s.keep(spec.ID, &suites.Outcome{Skip: why}, attempts{})
			s.markStarted(spec.ID)
			return
		}
		s.markStarted(spec.ID)
		ctx, cancel := context.WithCancel(sc)
		defer cancel()
		defer context.AfterFunc(s.runCtx, cancel)()
		o, a := s.retry(ctx, spec, spec.Body(ctx, s.env, spec))
		if err := s.runCtx.Err(); err != nil {
			s.markInterrupted(spec.ID, fmt.Sprintf("interrupted while running (%v)", context.Cause(s.runCtx)))
			return
		}
		s.keep(spec.ID, &o, a)
	}
}

func (s *session) markInterrupted(id, why string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.interrupted[id] = why
}

func (s *session) keep(id string, o *suites.Outcome, a attempts) {
	keepFindings(s.env.Out, id, o)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outcomes[id] = o
	s.attempts[id] = a
}

// ran is what the session knows of one spec besides Ginkgo's report.
func (s *session) ran(id string) specRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	run := specRun{started: s.started[id], interrupted: s.interrupted[id], outcome: s.outcomes[id], attempts: s.attempts[id]}
	if sp, ok := s.spec(id); ok {
		run.blocked = s.blocked[sp.Role]
	}
	return run
}

func (s *session) capture(r types.Report) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.captured = &r
}

func (s *session) markStarted(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.started[id] = true
}

func (s *session) afterEach(r types.SpecReport) {
	s.mu.Lock()
	s.reports[r.LeafNodeText] = r
	s.mu.Unlock()
	if spec, ok := s.spec(r.LeafNodeText); ok {
		s.progress.after(resultOf(spec, r, s.ran(spec.ID), s.set))
	}
}

func (s *session) spec(id string) (suites.Spec, bool) {
	for _, sp := range s.specs {
		if sp.ID == id {
			return sp, true
		}
	}
	return suites.Spec{}, false
}

// results maps every selected spec to its result, in selection order. A spec Ginkgo never
// reported (the run stopped first) is interrupted.
func (s *session) results() []obcert.Result {
	s.mu.Lock()
	byID := s.reports
	if s.captured != nil {
		byID = map[string]types.SpecReport{}
		for _, r := range s.captured.SpecReports {
			if r.LeafNodeType == types.NodeTypeIt {
				byID[r.LeafNodeText] = r
			}
		}
	}
	s.mu.Unlock()
	out := make([]obcert.Result, 0, len(s.specs))
	for _, spec := range s.specs {
		r, ok := byID[spec.ID]
		if !ok {
			out = append(out, notRun(spec, "not run: the run stopped before this spec"))
			continue
		}
		out = append(out, resultOf(spec, r, s.ran(spec.ID), s.set))
	}
	return out
}

// suiteReasons are Ginkgo's reasons for stopping early ("Interrupted by User", "Suite Timeout
// Elapsed"), if any.
func (s *session) suiteReasons() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.captured == nil {
		return nil
	}
	return s.captured.SpecialSuiteFailureReasons
}

// openLog creates Ginkgo's console log in dir.
func openLog(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
}
