package suites

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/httpx"
)

// The profiles most specs belong to: both the certification guide's and the full one, or the
// full one only (DESIGN.md §2).
var (
	CertAndFull = []obcert.Profile{obcert.ProfileCert20, obcert.ProfileFull}
	FullOnly    = []obcert.Profile{obcert.ProfileFull}
	// ConnectProfiles are the Badge Connect specs' profiles: connect-2.1, and full.
	ConnectProfiles = []obcert.Profile{obcert.ProfileConnect21, obcert.ProfileFull}
)

// Spec is one conformance check: one requirement, or a tight group of them.
type Spec struct {
	// ID is stable and unique: "<role>/<kebab-name>".
	ID           string
	Role         obcert.Role
	Requirements []string
	// Checks are the requirement IDs whose findings the body looks for, when they are not the
	// spec's Requirements themselves; Validate checks them against the catalogue too.
	Checks []string
	// Level is MUST (a problem fails the spec) or SHOULD (a problem is a warning).
	Level    obcert.Level
	Profiles []obcert.Profile
	// Title is the spec sentence, as a test name.
	Title string
	// Hint is how to fix a failure, shown when the problems carry none of their own.
	Hint string
	// Body runs the check and says what it checked and found. It never decides the state: the
	// runner does, from the Outcome.
	Body func(ctx context.Context, env *Env, spec Spec) Outcome
}

// Checked returns the requirement IDs the body looks for: Checks, or else Requirements.
func (s Spec) Checked() []string {
	if len(s.Checks) > 0 {
		return s.Checks
	}
	return s.Requirements
}

// Labels are the Ginkgo labels a spec carries: its role, level, profiles and requirement IDs.
func (s Spec) Labels() []string {
	l := []string{string(s.Role), string(s.Level)}
	for _, p := range s.Profiles {
		l = append(l, string(p))
	}
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
	// Answers are the operator's answers for a role driven in manual mode (run --answers), their
	// evidence paths relative to the report folder.
	Answers obcert.Answers
	// Out is the report folder, where a driver writes the artifacts its evidence references
	// (screenshots under evidence/); "" writes none.
	Out string
	// LookupEnv reads the environment variables the candidate file names for secrets (a consent
	// step's fieldsEnv, a tokenEnv); nil reads none. cmd hands os.LookupEnv.
	LookupEnv func(string) (string, bool)

	memo sync.Map // key → *memoEntry

	mu       sync.Mutex
	deferred []func()
}

// Defer registers f to run when the run ends (Close), after every spec: a spec that starts a
// server for its role (the fixtures issuer) stops it there.
func (e *Env) Defer(f func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.deferred = append(e.deferred, f)
}

// Close runs the deferred functions, the last registered first, once each.
func (e *Env) Close() {
	e.mu.Lock()
	fs := e.deferred
	e.deferred = nil
	e.mu.Unlock()
	for i := len(fs) - 1; i >= 0; i-- {
		fs[i]()
	}
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

// Validate checks a catalogue of specs: unique ids prefixed by their role, known requirement IDs,
// a level, known profiles, a title and a body.
func Validate(specs []Spec) error {
	seen := map[string]bool{}
	for _, s := range specs {
		if seen[s.ID] {
			return fmt.Errorf("spec %s is registered twice", s.ID)
		}
		seen[s.ID] = true
		if err := validateSpec(s); err != nil {
			return fmt.Errorf("spec %s: %w", s.ID, err)
		}
	}
	return nil
}

func validateSpec(s Spec) error {
	switch {
	case !strings.HasPrefix(s.ID, string(s.Role)+"/"):
		return fmt.Errorf("id must start with its role %q", s.Role)
	case len(s.Requirements) == 0:
		return fmt.Errorf("names no requirement")
	case s.Level != obcert.MUST && s.Level != obcert.SHOULD && s.Level != obcert.MAY:
		return fmt.Errorf("level %q", s.Level)
	case len(s.Profiles) == 0 || s.Body == nil || s.Title == "":
		return fmt.Errorf("needs a title, profiles and a body")
	}
	if bad := obcert.UnknownRequirements(append(slices.Clone(s.Requirements), s.Checks...)...); len(bad) > 0 {
		return fmt.Errorf("names unknown requirements %v", bad)
	}
	for _, p := range s.Profiles {
		if !p.Known() {
			return fmt.Errorf("unknown profile %q", p)
		}
	}
	return nil
}
