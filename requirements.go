package obcert

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Requirement is one row of the requirement catalogue (spec/REQUIREMENTS.md).
type Requirement struct {
	ID     string `json:"id"`
	Group  string `json:"group"`
	Level  string `json:"level"` // as the catalogue states it: MUST, MUST(cert), SHOULD, X-SHOULD, INFO, ...
	Text   string `json:"text"`
	Source string `json:"source"`
	Auto   string `json:"auto"` // A, S, M, S/M or empty
}

// Beyond reports whether the requirement is beyond the IMS 2.0 certification guide (an X- level).
func (r Requirement) Beyond() bool { return strings.HasPrefix(r.Level, "X-") }

// Normative returns the plain keyword of the requirement's level: MUST, SHOULD, MAY or INFO.
// MUST NOT and SHOULD NOT map to MUST and SHOULD: breaking them weighs the same.
func (r Requirement) Normative() Level { return NormalizeLevel(r.Level) }

//go:embed requirements.json
var requirementsJSON []byte

var (
	catalogueOnce sync.Once
	catalogue     map[string]Requirement
	catalogueIDs  []string
)

func loadCatalogue() {
	var reqs []Requirement
	if err := json.Unmarshal(requirementsJSON, &reqs); err != nil {
		// The file is embedded and checked by a test; a broken build is the only way here.
		panic("obcert: embedded requirements.json is corrupt: " + err.Error())
	}
	catalogue = make(map[string]Requirement, len(reqs))
	for _, r := range reqs {
		catalogue[r.ID] = r
		catalogueIDs = append(catalogueIDs, r.ID)
	}
}

// LookupRequirement returns the catalogue entry for id.
func LookupRequirement(id string) (Requirement, bool) {
	catalogueOnce.Do(loadCatalogue)
	r, ok := catalogue[id]
	return r, ok
}

// Requirements returns the whole catalogue in document order.
func Requirements() []Requirement {
	catalogueOnce.Do(loadCatalogue)
	out := make([]Requirement, 0, len(catalogueIDs))
	for _, id := range catalogueIDs {
		out = append(out, catalogue[id])
	}
	return out
}

var reqRow = regexp.MustCompile(`^\|\s*([A-Z]+-[0-9]+)\s*\|([^|]*)\|(.*)\|([^|]*)\|([^|]*)\|\s*$`)

// ParseRequirementsMarkdown reads the catalogue tables of spec/REQUIREMENTS.md.
func ParseRequirementsMarkdown(md []byte) ([]Requirement, error) {
	var out []Requirement
	seen := map[string]bool{}
	for _, line := range bytes.Split(md, []byte("\n")) {
		m := reqRow.FindStringSubmatch(string(line))
		if m == nil {
			continue
		}
		id := m[1]
		if seen[id] {
			return nil, fmt.Errorf("requirement %s appears twice", id)
		}
		seen[id] = true
		out = append(out, Requirement{
			ID:     id,
			Group:  strings.SplitN(id, "-", 2)[0],
			Level:  strings.TrimSpace(m[2]),
			Text:   strings.TrimSpace(m[3]),
			Source: strings.TrimSpace(m[4]),
			Auto:   strings.TrimSpace(m[5]),
		})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no requirement rows found")
	}
	return out, nil
}

// UnknownRequirements returns the ids that are not in the catalogue, sorted.
func UnknownRequirements(ids ...string) []string {
	var bad []string
	for _, id := range ids {
		if _, ok := LookupRequirement(id); !ok {
			bad = append(bad, id)
		}
	}
	sort.Strings(bad)
	return bad
}
