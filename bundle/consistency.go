package bundle

import (
	"encoding/json"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/obcert/obcert"
)

// harEntryPrefix starts every reference to a recorded exchange: "exchanges.har#entry=<i>".
const harEntryPrefix = HARFile + "#entry="

// Report decodes the bundle's report.json.
func (b *Bundle) Report() (*obcert.Report, error) {
	raw, ok := b.Files[ReportFile]
	if !ok {
		return nil, fmt.Errorf("the bundle holds no %s", ReportFile)
	}
	var r obcert.Report
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("%s is unreadable: %w", ReportFile, err)
	}
	return &r, nil
}

// CandidateFileName is the name of the bundle's candidate file, or "" when it holds none.
func (b *Bundle) CandidateFileName() string {
	for _, n := range b.Names {
		if IsCandidateFile(n) {
			return n
		}
	}
	return ""
}

// verifyReport checks that the report agrees with itself and with the files beside it
// (DESIGN.md §2): the counts and verdicts follow from the results, every evidence reference
// resolves, every requirement ID is in the catalogue, the candidate file is the one it ran on.
func (b *Bundle) verifyReport(v *Verification) {
	r, err := b.Report()
	if err != nil {
		v.problem(ReportFile, "%v", err)
		return
	}
	checkVerdicts(v, r)
	b.checkEvidence(v, r)
	checkRequirements(v, r)
	b.checkCandidate(v, r)
}

// checkVerdicts: each role's counts and verdict, and the overall verdict, follow from the results
// by obcert.VerdictOf.
func checkVerdicts(v *Verification, r *obcert.Report) {
	want := *r
	want.Roles = nil
	want.Summarize()
	if want.Verdict != r.Verdict {
		v.problem(ReportFile, "the verdict is %s, but the results make it %s", r.Verdict, want.Verdict)
	}
	if len(want.Roles) != len(r.Roles) {
		v.problem(ReportFile, "the report sums up %d roles, but its results hold %d", len(r.Roles), len(want.Roles))
		return
	}
	for i, got := range r.Roles {
		w := want.Roles[i]
		switch {
		case got.Role != w.Role:
			v.problem(ReportFile, "role %d is %s, but the results make it %s", i, got.Role, w.Role)
		case got.Verdict != w.Verdict:
			v.problem(ReportFile, "role %s: the verdict is %s, but its results make it %s", got.Role, got.Verdict, w.Verdict)
		case !maps.Equal(nonZero(got.Counts), nonZero(w.Counts)):
			v.problem(ReportFile, "role %s: the counts %v are not those of its results %v", got.Role, got.Counts, w.Counts)
		}
	}
}

func nonZero(m map[obcert.State]int) map[obcert.State]int {
	out := map[obcert.State]int{}
	for k, n := range m {
		if n != 0 {
			out[k] = n
		}
	}
	return out
}

// checkEvidence: "exchanges.har#entry=N" names an entry of the HAR; any other reference names a
// file of the bundle.
func (b *Bundle) checkEvidence(v *Verification, r *obcert.Report) {
	entries, err := b.harEntries()
	if err != nil {
		v.problem(HARFile, "%v", err)
	}
	for _, res := range r.Results {
		for _, ref := range res.Evidence {
			if why := b.unresolved(ref, entries); why != "" {
				v.problem(ReportFile, "result %s: the evidence %q %s", res.ID, ref, why)
			}
		}
	}
}

func (b *Bundle) unresolved(ref string, entries int) string {
	if n, ok := strings.CutPrefix(ref, harEntryPrefix); ok {
		i, err := strconv.Atoi(n)
		if err != nil || i < 0 || i >= entries {
			return fmt.Sprintf("names no entry of %s (it holds %d)", HARFile, entries)
		}
		return ""
	}
	file, _, _ := strings.Cut(ref, "#")
	if !b.Has(file) {
		return "names a file the bundle does not hold"
	}
	return ""
}

// harEntries counts the entries of the bundle's HAR.
func (b *Bundle) harEntries() (int, error) {
	raw, ok := b.Files[HARFile]
	if !ok {
		return 0, fmt.Errorf("the bundle holds no %s", HARFile)
	}
	var har struct {
		Log struct {
			Entries []json.RawMessage `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(raw, &har); err != nil {
		return 0, fmt.Errorf("not a HAR: %w", err)
	}
	return len(har.Log.Entries), nil
}

// checkRequirements: every requirement ID of a result is in the embedded catalogue.
func checkRequirements(v *Verification, r *obcert.Report) {
	if r.Run.CatalogueSha256 != "" && r.Run.CatalogueSha256 != obcert.CatalogueSha256() {
		v.Notes = append(v.Notes, "the report was written with another requirement catalogue than this obcert's; its IDs are checked against this one")
	}
	for _, res := range r.Results {
		if bad := obcert.UnknownRequirements(res.Requirements...); len(bad) > 0 {
			v.problem(ReportFile, "result %s names requirements the catalogue does not hold: %s", res.ID, strings.Join(bad, ", "))
		}
	}
}

// checkCandidate: the candidate file is the one whose digest the report records.
func (b *Bundle) checkCandidate(v *Verification, r *obcert.Report) {
	name := b.CandidateFileName()
	if name == "" {
		v.problem(ReportFile, "the bundle holds no candidate file (candidate.yaml or candidate.json)")
		return
	}
	if got := sha256Hex(b.Files[name]); got != r.Run.CandidateFileSha256 {
		v.problem(name, "its SHA-256 %s is not the candidateFileSha256 %s of %s", got, r.Run.CandidateFileSha256, ReportFile)
	}
}
