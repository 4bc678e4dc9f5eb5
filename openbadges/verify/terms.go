package verify

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges"
	"github.com/obcert/obcert/openbadges/jsonld"
)

// ob3Hint is the hint for a document that carries an OB 3.0 / Verifiable Credentials proof.
const ob3Hint = "`proof` is an OB 3.0 proof; OB 2.0 verifies HostedBadge or SignedBadge: " +
	"give the Assertion a verification object, and host it at its id or sign it as a compact JWS."

// lookalikes maps undefined terms vendors write (lower-cased) to the OB 2.0 term they meant.
var lookalikes = map[string]string{
	"badgeclass": "badge", "badge_class": "badge", "badgeid": "badge", "achievement": "badge",
	"issued_on": "issuedOn", "issuedate": "issuedOn", "issueddate": "issuedOn", "issuancedate": "issuedOn",
	"awarddate": "issuedOn", "validfrom": "issuedOn",
	"expirationdate": "expires", "expiry": "expires", "validuntil": "expires",
	"credentialsubject": "recipient", "proof": "verification", "title": "name",
}

// termNotes records, on a freshly loaded OB 2.0 node, the properties JSON-LD compaction dropped
// and whether the document carries an OB 3.0 proof, and reports them as an INFO finding.
// OBJ-04: properties that do not map to a term in the context are "not considered part of the
// badge object's meaning".
//
// For a remembered document (memo.go) the dropped terms and the proof are worked out once: they
// depend only on its decoded and compacted forms, which its bytes decide. noProofType says the
// caller knows no value of raw is the type DataIntegrityProof (its text does not hold the word).
func (s *session) termNotes(n *Node, raw map[string]any, noProofType bool) {
	if d := n.memo; d != nil {
		d.termsOnce.Do(func() { d.dropped, d.ob3Proof = termsOf(raw, n.Data, noProofType) })
		n.dropped, n.ob3Proof = slices.Clone(d.dropped), d.ob3Proof
	} else {
		n.dropped, n.ob3Proof = termsOf(raw, n.Data, noProofType)
	}
	if len(n.dropped) == 0 && !n.ob3Proof {
		return
	}
	hint := termHints(n.dropped)
	if n.ob3Proof {
		hint = strings.TrimSpace(ob3Hint + " " + hint)
	}
	msg := fmt.Sprintf("Node %s carries an OB 3.0 / Verifiable Credentials proof, which OB 2.0 does not read", n.ID)
	if len(n.dropped) > 0 {
		msg = fmt.Sprintf("JSON-LD compaction into the OB v2 context dropped %s of %s: the context defines no such term",
			strings.Join(n.dropped, ", "), n.ID)
	}
	s.add(obcert.Finding{Check: "JSONLD_COMPACT_DATA", Severity: obcert.Info, Node: n.ID,
		Requirements: []string{"OBJ-04"}, Hint: hint, Message: msg})
}

// termsOf returns the terms compaction dropped from raw (when its context is the OB v2 context
// alone) and whether raw carries an OB 3.0 / VC proof; with noProofType, raw is known to hold no
// type DataIntegrityProof.
func termsOf(raw, compacted map[string]any, noProofType bool) (dropped []string, ob3Proof bool) {
	// A document compaction gave back as it is (jsonld's CompactOwn) dropped nothing.
	if isV2Context(raw["@context"]) && !sameMap(raw, compacted) {
		dropped = droppedTerms(raw, compacted, "")
	}
	_, ob3Proof = raw["proof"]
	return dropped, ob3Proof || !noProofType && hasType(raw, "DataIntegrityProof")
}

func isV2Context(c any) bool {
	if l, ok := c.([]any); ok && len(l) == 1 {
		c = l[0]
	}
	return c == jsonld.V2
}

// droppedTerms lists, as dotted paths, the properties of raw that are neither kept in compacted
// nor defined by the OB v2 context. Objects with a context of their own are not looked into.
func droppedTerms(raw, compacted map[string]any, prefix string) []string {
	var out []string
	for k, v := range raw {
		if strings.HasPrefix(k, "@") {
			continue
		}
		cv, kept := compacted[k]
		if !kept {
			if !openbadges.IsCompactIRI(k) {
				out = append(out, prefix+k)
			}
			continue
		}
		rm, ok1 := v.(map[string]any)
		cm, ok2 := cv.(map[string]any)
		if ok1 && ok2 && rm["@context"] == nil {
			out = append(out, droppedTerms(rm, cm, prefix+k+".")...)
		}
	}
	sort.Strings(out)
	return out
}

func hasType(v any, t string) bool {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if (k == "type" || k == "@type") && containsValue(e, t) || hasType(e, t) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if hasType(e, t) {
				return true
			}
		}
	}
	return false
}

func containsValue(v any, t string) bool {
	for _, e := range values(v) {
		if e == t {
			return true
		}
	}
	return false
}

// termHints suggests the OB 2.0 term meant by each dropped look-alike.
func termHints(dropped []string) string {
	var hints []string
	for _, d := range dropped {
		if m := lookalikes[strings.ToLower(lastSegment(d))]; m != "" && m != "verification" {
			hints = append(hints, lookalikeHint(lastSegment(d), m))
		}
	}
	if len(hints) == 0 && len(dropped) > 0 {
		return "Use only terms of the OB v2 context, or map extra properties to IRIs (an extension context)."
	}
	return strings.Join(hints, " ")
}

func lookalikeHint(term, meant string) string {
	return fmt.Sprintf("`%s` is not an OB 2.0 term; did you mean `%s`?", term, meant)
}

// explainMissing names, in the hint of a "required property missing" error, the dropped look-alike
// that the vendor probably meant, or the OB 3.0 proof that stands where verification should.
func explainMissing(n *Node, fs []obcert.Finding) {
	for i := range fs {
		f := &fs[i]
		if f.Check != "VALIDATE_PROPERTY" || !strings.HasPrefix(f.Message, "Required property ") || !strings.Contains(f.Message, " not present") {
			continue
		}
		parent, prop := splitPath(f.Property)
		if prop == "verification" && parent == "" && n.ob3Proof {
			f.Hint = ob3Hint + " " + f.Hint
			continue
		}
		for _, d := range n.dropped {
			if dp, term := splitPath(d); dp == parent && looksLike(term, prop) {
				f.Hint = lookalikeHint(term, prop) + " " + f.Hint
				break
			}
		}
	}
}

// looksLike reports whether an undefined term was probably meant as prop.
func looksLike(term, prop string) bool {
	lt, lp := strings.ToLower(term), strings.ToLower(prop)
	return lookalikes[lt] == prop || lt == lp || len(lp) >= 4 && (strings.Contains(lt, lp) || strings.Contains(lp, lt) && len(lt) >= 4)
}

func splitPath(p string) (parent, last string) {
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i], p[i+1:]
	}
	return "", p
}

func lastSegment(p string) string {
	_, l := splitPath(p)
	return l
}
