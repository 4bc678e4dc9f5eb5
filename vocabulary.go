package obcert

import (
	"slices"
	"strings"
)

// Level is the normative weight of a check: what breaking it costs.
type Level string

const (
	MUST   Level = "MUST"
	SHOULD Level = "SHOULD"
	MAY    Level = "MAY"
	INFO   Level = "INFO"
)

// Levels lists the levels, heaviest first.
var Levels = []Level{MUST, SHOULD, MAY, INFO}

// Known reports whether l is one of Levels.
func (l Level) Known() bool { return slices.Contains(Levels, l) }

// NormalizeLevel maps a catalogue level (MUST(cert), X-SHOULD, SHOULD NOT, MUST (impl-guide), ...)
// to its plain keyword.
func NormalizeLevel(s string) Level {
	s = strings.TrimPrefix(strings.TrimSpace(s), "X-")
	switch {
	case strings.HasPrefix(s, "MUST"):
		return MUST
	case strings.HasPrefix(s, "SHOULD"):
		return SHOULD
	case strings.HasPrefix(s, "MAY"):
		return MAY
	default:
		return INFO
	}
}

// Role is a certified product role.
type Role string

const (
	RoleIssuer    Role = "issuer"
	RoleDisplayer Role = "displayer"
	RoleHost      Role = "host"
	RoleConnect   Role = "connect"
)

// Roles lists the roles in report order.
var Roles = []Role{RoleIssuer, RoleDisplayer, RoleHost, RoleConnect}

// Known reports whether r is one of Roles.
func (r Role) Known() bool { return slices.Contains(Roles, r) }

// Profile names a set of specs a run certifies against (DESIGN.md §2).
type Profile string

const (
	ProfileCert20    Profile = "cert-2.0"    // the Open Badges 2.0 certification specs
	ProfileFull      Profile = "full"        // every spec, the default
	ProfileConnect21 Profile = "connect-2.1" // the Badge Connect specs
)

// Profiles lists the profiles in the order a usage message names them.
var Profiles = []Profile{ProfileCert20, ProfileFull, ProfileConnect21}

// Known reports whether p is one of Profiles.
func (p Profile) Known() bool { return slices.Contains(Profiles, p) }

// State is the outcome of one spec.
type State string

const (
	StatePassed      State = "passed"
	StateFailed      State = "failed"  // a MUST is violated
	StateWarning     State = "warning" // a SHOULD is not met
	StateSkipped     State = "skipped" // not applicable; the message says why
	StateReview      State = "review"  // needs a human; evidence attached
	StateError       State = "error"   // the harness could not complete the check
	StateInterrupted State = "interrupted"
	StateFlaky       State = "flaky" // passed only on a retry; never counts as a pass
)

// States lists every state in report order.
var States = []State{StatePassed, StateFailed, StateWarning, StateSkipped, StateReview, StateError, StateInterrupted, StateFlaky}

// CountedStates are the states every role's counts name, at zero too (DESIGN.md §2); any other
// state is counted only where it occurs.
var CountedStates = States[:6:6]

// Known reports whether s is one of States.
func (s State) Known() bool { return slices.Contains(States, s) }

// Verdict is the conclusion for a role or a whole run.
type Verdict string

const (
	Conformant    Verdict = "CONFORMANT"
	NotConformant Verdict = "NOT_CONFORMANT"
	PendingReview Verdict = "PENDING_REVIEW"
	Incomplete    Verdict = "INCOMPLETE"
)

// Verdicts lists every verdict.
var Verdicts = []Verdict{Conformant, NotConformant, PendingReview, Incomplete}

// Known reports whether v is one of Verdicts.
func (v Verdict) Known() bool { return slices.Contains(Verdicts, v) }

// ExitCode is the process exit status a verdict maps to.
func (v Verdict) ExitCode() int {
	switch v {
	case Conformant:
		return 0
	case NotConformant:
		return 1
	case Incomplete:
		return 3
	case PendingReview:
		return 4
	}
	return 3
}

// VerdictOf folds result states into a verdict: no result at all, or any error, interruption or
// flaky result, makes the run INCOMPLETE (the harness could not decide); otherwise any failure makes it
// NOT_CONFORMANT; otherwise any result awaiting review makes it PENDING_REVIEW.
func VerdictOf(states []State) Verdict {
	if len(states) == 0 {
		return Incomplete
	}
	var failed, incomplete, review bool
	for _, s := range states {
		switch s {
		case StateFailed:
			failed = true
		case StateError, StateInterrupted, StateFlaky:
			incomplete = true
		case StateReview:
			review = true
		}
	}
	switch {
	case incomplete:
		return Incomplete
	case failed:
		return NotConformant
	case review:
		return PendingReview
	}
	return Conformant
}

// Severity is how much a finding of the verification core weighs. The names are those of the
// reference validator's messageLevel.
type Severity string

const (
	Error   Severity = "ERROR"
	Warning Severity = "WARNING"
	Info    Severity = "INFO"
)

// Finding is one thing the verification core found about a badge, naming the rule behind it.
type Finding struct {
	// Check is the name of the check that produced the finding, in the reference validator's
	// vocabulary where it has one (VALIDATE_PROPERTY, HOSTED_ID_IN_VERIFICATION_SCOPE, ...).
	Check        string   `json:"name"`
	Severity     Severity `json:"messageLevel"`
	Message      string   `json:"result"`
	Node         string   `json:"node_id,omitempty"`
	Property     string   `json:"prop_name,omitempty"`
	Requirements []string `json:"requirements"`
	Hint         string   `json:"hint,omitempty"`
	// Subject names what the finding is about in a conformance result (a badge, a fixture, an
	// endpoint); the verification core leaves it empty.
	Subject string `json:"subject,omitempty"`
}
