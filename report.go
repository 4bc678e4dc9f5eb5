package obcert

import "time"

// ReportVersion is the version of the conformance report's JSON shape.
const ReportVersion = "1"

// Report is the conformance report: the one model every renderer (JSON, HTML, JUnit, Markdown,
// terminal) reads. Its JSON field names are a contract (DESIGN.md §2).
type Report struct {
	ReportVersion string       `json:"reportVersion"`
	Harness       Harness      `json:"harness"`
	Spec          string       `json:"spec"`
	Run           Run          `json:"run"`
	Candidate     Candidate    `json:"candidate"`
	Verdict       Verdict      `json:"verdict"`
	Roles         []RoleResult `json:"roles"`
	Results       []Result     `json:"results"`
}

// Harness names the program that produced a report.
type Harness struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Run describes one run of the harness.
type Run struct {
	ID                  string    `json:"id"`
	StartedAt           time.Time `json:"startedAt"`
	FinishedAt          time.Time `json:"finishedAt"`
	Profile             string    `json:"profile"`
	CandidateFileSha256 string    `json:"candidateFileSha256"`
	// Reference names the embedded reference candidate and its fault, when that is what ran.
	Reference string `json:"reference,omitempty"`
	// Interrupted says why the run stopped early, when it did.
	Interrupted string `json:"interrupted,omitempty"`
	// Certify is set on a certification run (`obcert run --certify`): every spec of the profile,
	// no filter, no fault, the real clock. The fields below record what such a run rests on.
	Certify bool `json:"certify,omitempty"`
	// HarnessVersion is the version of the obcert that ran, as a certification run records it.
	HarnessVersion string `json:"harnessVersion,omitempty"`
	// CatalogueSha256 is the SHA-256, in hex, of the requirement catalogue the harness embeds.
	CatalogueSha256 string `json:"catalogueSha256,omitempty"`
	// GoVersion and Platform (GOOS/GOARCH) name the build that ran.
	GoVersion string `json:"goVersion,omitempty"`
	Platform  string `json:"platform,omitempty"`
	// Waivers are the waivers the run was given and what each did.
	Waivers []WaiverUse `json:"waivers,omitempty"`
}

// Candidate is the product under test, as its candidate file names it.
type Candidate struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Vendor  string `json:"vendor"`
}

// RoleResult is the verdict for one role with the count of each state.
type RoleResult struct {
	Role    Role          `json:"role"`
	Verdict Verdict       `json:"verdict"`
	Counts  map[State]int `json:"counts"`
	// Waived counts the failures of the role that a waiver marked as waived (they are in
	// Counts[failed] too, and do not count against Verdict).
	Waived int `json:"waived,omitempty"`
}

// Result is the outcome of one spec.
type Result struct {
	ID           string   `json:"id"`
	Role         Role     `json:"role"`
	Requirements []string `json:"requirements"`
	Level        Level    `json:"level"`
	State        State    `json:"state"`
	Title        string   `json:"title"`
	Message      string   `json:"message"`
	Hint         string   `json:"hint"`
	DurationMs   int64    `json:"durationMs"`
	Evidence     []string `json:"evidence"`
	// Checked are the subjects the spec looked at (badges, fixtures, endpoints): a pass names them.
	Checked []string `json:"checked"`
	// Findings are the verification-core findings behind the result, when there are any: the
	// first 20, when there are more.
	Findings []Finding `json:"findings,omitempty"`
	// FindingsTotal is the number of findings when there are more than Findings holds; every one,
	// with every subject that could not be read, is then in the NDJSON file under
	// evidence/findings/ that Evidence names.
	FindingsTotal int `json:"findingsTotal,omitempty"`
	// Waived is the waiver that marks this failure as known and tracked, when one does.
	Waived *Waiver `json:"waived,omitempty"`
	// Review is the auditor's decision on a review result, once `obcert review` recorded one.
	Review *ReviewDecision `json:"review,omitempty"`
}

// Summarize fills the per-role results and the overall verdict from the results. A waived
// failure is counted as failed but weighs in the verdicts as a warning does: seen, not held
// against the candidate.
func (r *Report) Summarize() {
	byRole := map[Role][]State{}
	var all []State
	for _, res := range r.Results {
		s := res.verdictState()
		byRole[res.Role] = append(byRole[res.Role], s)
		all = append(all, s)
	}
	r.Roles = nil
	for _, role := range RolesIn(r.Results) {
		rr := RoleResult{Role: role, Verdict: VerdictOf(byRole[role]), Counts: map[State]int{}}
		for _, s := range CountedStates {
			rr.Counts[s] = 0
		}
		for _, res := range r.Results {
			if res.Role == role {
				rr.Counts[res.State]++
				if res.isWaived() {
					rr.Waived++
				}
			}
		}
		r.Roles = append(r.Roles, rr)
	}
	r.Verdict = VerdictOf(all)
	if r.Run.Interrupted != "" {
		r.Verdict = Incomplete
	}
}

// RolesIn lists the roles of results in the order they first appear (suite order).
func RolesIn(results []Result) []Role {
	var out []Role
	seen := map[Role]bool{}
	for _, res := range results {
		if !seen[res.Role] {
			seen[res.Role] = true
			out = append(out, res.Role)
		}
	}
	return out
}
