package verify

import (
	"fmt"
	"strings"

	"github.com/obcert/obcert"
)

// Caps that keep a verification's time and memory flat whatever the candidate sends.
const (
	// maxFindingsPerRule is how many findings of one check, severity and requirements on one
	// node a Result keeps; the rest are counted in one summary finding.
	maxFindingsPerRule = 20
	// maxRevocationEntries is how many RevocationList entries are validated for their form; every
	// entry is still searched for the badge.
	maxRevocationEntries = 1000
	// maxArrayValues caps any other array of a Badge Object.
	maxArrayValues = 10000
	// maxEndorsements is how many endorsements of one object are followed.
	maxEndorsements = 20
)

// capDocument refuses a document with an array longer than maxArrayValues and truncates a
// top-level revokedAssertions list to maxRevocationEntries for validation. It returns the whole
// revokedAssertions list when it truncated it (nil otherwise), and the reason when it refused doc.
func capDocument(doc map[string]any) (revoked []any, refused string) {
	if l, ok := doc["revokedAssertions"].([]any); ok && len(l) > maxRevocationEntries {
		doc["revokedAssertions"] = l[:maxRevocationEntries]
		revoked = l
	}
	if path, n := longArray(doc, "", 0); n > 0 {
		return nil, fmt.Sprintf("its property %s holds %d values, more than the %d obcert examines", path, n, maxArrayValues)
	}
	return revoked, ""
}

// longArray returns the path and length of the first array longer than maxArrayValues in v.
func longArray(v any, path string, depth int) (string, int) {
	var keys []string
	n := longArrayIn(v, &keys, depth)
	if n == 0 {
		return "", 0
	}
	for _, k := range keys {
		path = strings.TrimPrefix(path+"."+k, ".")
	}
	return path, n
}

// longArrayIn finds an array over maxArrayValues in v, leaving in keys the object keys that lead to
// it (the path is only written out for the one found).
func longArrayIn(v any, keys *[]string, depth int) int {
	if depth > 64 {
		return 0 // the JSON-LD depth check refuses this
	}
	switch t := v.(type) {
	case []any:
		if len(t) > maxArrayValues {
			return len(t)
		}
		for _, e := range t {
			if n := longArrayIn(e, keys, depth+1); n > 0 {
				return n
			}
		}
	case map[string]any:
		for k, e := range t {
			*keys = append(*keys, k)
			if n := longArrayIn(e, keys, depth+1); n > 0 {
				return n
			}
			*keys = (*keys)[:len(*keys)-1]
		}
	}
	return 0
}

// revocationEntries are every entry of a RevocationList node, also those not validated.
func revocationEntries(list *Node) []any {
	if list.revoked != nil {
		return list.revoked
	}
	return values(list.Data["revokedAssertions"])
}

// truncatedRevocations warns that only part of a long RevocationList was validated.
func (s *session) truncatedRevocations(n *Node) {
	if n.revoked == nil {
		return
	}
	s.warnf("VALIDATE_PROPERTY", n.ID, []string{"VERIFY-20"},
		"Keep a RevocationList to the entries that are needed, or split it.",
		"RevocationList %s holds %d entries: obcert searched all of them for the badge and checked the form of the first %d",
		n.ID, len(n.revoked), maxRevocationEntries)
}

// endorsementsOf returns the endorsements of n that are followed, with a warning for the rest.
func (s *session) endorsementsOf(n *Node) []any {
	es := values(n.Data["endorsement"])
	if len(es) <= maxEndorsements {
		return es
	}
	s.warnf("VALIDATE_PROPERTY", n.ID, []string{"ENDORSE-05"}, "Link fewer endorsements from one object.",
		"%s links %d endorsements: obcert followed the first %d", n.ID, len(es), maxEndorsements)
	return es[:maxEndorsements]
}

// capFindings keeps at most maxFindingsPerRule findings per check, severity, requirements and
// node, and adds one summary finding for the rest of each.
func capFindings(fs []obcert.Finding) []obcert.Finding {
	if len(fs) == 0 {
		return nil
	}
	if len(fs) <= maxFindingsPerRule {
		return fs // no key can hold more than there are findings: nothing to cap
	}
	type key struct {
		check, node, reqs string
		sev               obcert.Severity
	}
	count := map[key]int{}
	var out []obcert.Finding
	var over []key
	first := map[key]obcert.Finding{}
	for _, f := range fs {
		k := key{f.Check, f.Node, strings.Join(f.Requirements, ","), f.Severity}
		count[k]++
		switch {
		case count[k] <= maxFindingsPerRule:
			out = append(out, f)
		case count[k] == maxFindingsPerRule+1:
			over = append(over, k)
			first[k] = f
		}
	}
	for _, k := range over {
		f := first[k]
		f.Property = ""
		f.Message = fmt.Sprintf("and %d more findings like the above (%s on %s)", count[k]-maxFindingsPerRule, f.Check, orInput(f.Node))
		out = append(out, f)
	}
	return out
}
