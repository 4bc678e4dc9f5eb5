package runner

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/suites"
)

// Defaults of the settings a candidate file or Config may override.
const (
	DefaultOut            = "./obcert-report"
	DefaultProfile        = obcert.ProfileFull
	DefaultSpecTimeout    = 60 * time.Second
	DefaultRunTimeout     = 15 * time.Minute
	DefaultRequestTimeout = 10 * time.Second
)

// Config is one run of the harness, as the command line describes it.
type Config struct {
	// Suites are the roles the harness knows, each with its specs (cmd lists them).
	Suites []suites.Suite
	// CandidateFile is the candidate file's path.
	CandidateFile string
	// CandidateData is the candidate file's bytes when they do not come from a path (standard
	// input): used when CandidateFile is "", its relative paths resolve from the working directory.
	CandidateData []byte
	// Candidate is the candidate file as a value, used when CandidateFile is "" (the running
	// reference candidate hands its own). A dry run needs neither.
	Candidate *obcert.CandidateFile
	// Reference names the embedded reference candidate (and its faults) when that is what runs.
	Reference string
	// RootCAsPEM are extra PEM roots the HTTP client trusts (the reference's in-memory CA).
	RootCAsPEM []byte
	// Recorder records every HTTP exchange of the run; nil records into a fresh one.
	Recorder *httpx.Recorder
	// Out is the folder the run's own log (ginkgo.log) is written to (default ./obcert-report).
	Out string
	// Profile overrides the candidate file's profile (default full).
	Profile string
	// LabelFilter is a Ginkgo label filter over each spec's labels (role, level, profiles,
	// requirement IDs), e.g. "issuer && MUST && !ISSUER-09".
	LabelFilter string
	// Focus keeps only specs whose role, id or title matches one of these regular expressions.
	Focus []string
	// Requirements keeps only specs that name one of these requirement IDs.
	Requirements []string
	// Roles keeps only specs of these roles.
	Roles []obcert.Role
	// SpecIDs keeps only the specs with these IDs (a rerun of a report's failures); IDs the
	// catalogue does not have select nothing.
	SpecIDs []string
	// Skip drops the specs whose ID, one of whose requirement IDs, or one of whose labels
	// (role, level, profile) is one of these.
	Skip []string
	// DryRun lists the selected specs and touches nothing: no HTTP, no files.
	DryRun bool
	// SpecTimeout, RunTimeout and RequestTimeout override the candidate file's timeouts
	// (defaults 60s, 15m and 10s); zero keeps them.
	SpecTimeout, RunTimeout, RequestTimeout time.Duration
	// Retries is how many times a spec that ends in error is run again (default 0). One that
	// passes only on a retry is flaky, which never counts as a pass.
	Retries int
	// DenyPrivate refuses to connect to private, loopback, link-local and unspecified addresses
	// after name resolution (as does the candidate file's denyPrivate).
	DenyPrivate bool
	// Progress receives "spec n of N" lines and failures as they happen; nil is quiet.
	Progress io.Writer
	// Verbose shows every line of a result's message in Progress, not the first three.
	Verbose bool
	// Color lets Progress use ANSI colours and rewrite its current line.
	Color bool
	// Now is the clock the specs use, and the one waivers expire by (default time.Now).
	Now func() time.Time
	// Answers are the operator's answers for a displayer in manual mode (LoadAnswers reads them).
	Answers obcert.Answers
	// Waivers mark known, tracked failures as waived (LoadWaivers reads them from a file).
	Waivers []obcert.Waiver
	// LookupEnv reads the environment variables the candidate file names for secrets (nil: the
	// specs read none, and say so).
	LookupEnv func(string) (string, bool)
	// Version is the harness version written in the report (default "dev").
	Version string
	// Certify makes the run a certification run: it refuses filters, a pinned clock and a
	// candidate without a full identity, and records what the run rests on (certify.go).
	Certify bool
	// Transport answers the run's HTTP requests instead of the network (replay from a HAR);
	// nil sends them.
	Transport http.RoundTripper
}

// UsageError is a problem with the configuration, the flags or the candidate file: the run did
// not start. The command exits 2 on it.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }

func (e *UsageError) Unwrap() error { return e.Err }

func usageErrorf(format string, a ...any) error {
	return &UsageError{Err: fmt.Errorf(format, a...)}
}

// settings are the resolved values a run uses.
type settings struct {
	profile                                 obcert.Profile
	specTimeout, runTimeout, requestTimeout time.Duration
}

// resolve merges Config over the candidate file's values over the defaults.
func resolve(cfg Config, cf obcert.CandidateFile) (settings, error) {
	s := settings{profile: obcert.Profile(firstNonEmpty(cfg.Profile, cf.Profile, string(DefaultProfile)))}
	if !s.profile.Known() {
		return s, usageErrorf("unknown profile %q: use %s, %s or %s", s.profile,
			obcert.ProfileCert20, obcert.ProfileFull, obcert.ProfileConnect21)
	}
	var err error
	if s.specTimeout, err = pickDuration(cfg.SpecTimeout, cf.Timeouts.Spec, DefaultSpecTimeout); err != nil {
		return s, usageErrorf("timeouts.spec: %v", err)
	}
	if s.runTimeout, err = pickDuration(cfg.RunTimeout, cf.Timeouts.Run, DefaultRunTimeout); err != nil {
		return s, usageErrorf("timeouts.run: %v", err)
	}
	if s.requestTimeout, err = pickDuration(cfg.RequestTimeout, cf.Timeouts.Request, DefaultRequestTimeout); err != nil {
		return s, usageErrorf("timeouts.request: %v", err)
	}
	return s, nil
}

// pickDuration returns override when set, else the parsed file value when set, else def.
func pickDuration(override time.Duration, file string, def time.Duration) (time.Duration, error) {
	if override < 0 {
		return 0, fmt.Errorf("%s is negative", override)
	}
	if override > 0 {
		return override, nil
	}
	if file == "" {
		return def, nil
	}
	return parseTimeout(file)
}

func parseTimeout(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as 10s or 2m", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q must be positive", s)
	}
	return d, nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
