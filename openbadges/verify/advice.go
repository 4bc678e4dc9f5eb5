package verify

import (
	"strings"
)

// advice reports issuer practices the spec recommends (SHOULD) as INFO findings: they do not
// change validity, and the Issuer suite turns them into warnings.
func (s *session) advice(n *Node, mode string, issuer *Node) {
	// ISSUER-12: "Signed Assertions use a urn:uuid: id (recommended)."
	if mode == "signed" && !strings.HasPrefix(strings.ToLower(n.ID), "urn:uuid:") {
		s.infof("ISSUER_PRACTICE", n.ID, []string{"ISSUER-12"}, "Give signed Assertions a urn:uuid: id.",
			"Signed Assertion id %s is not a urn:uuid", n.ID)
	}
	// ISSUER-19: hash the recipient identity where plaintext would leak PII.
	if r, ok := n.Data["recipient"].(map[string]any); ok {
		if hashed, _ := r["hashed"].(bool); !hashed {
			s.infof("ISSUER_PRACTICE", n.ID, []string{"ISSUER-19"}, "Hash the recipient identity (sha256$ with a salt).",
				"Assertion %s names its recipient in plaintext", n.ID)
		}
	}
	// ISSUER-20: "Publish all timestamps in UTC."
	for _, p := range []string{"issuedOn", "expires"} {
		if v := str(n.Data[p]); v != "" && !strings.HasSuffix(v, "Z") {
			s.infof("ISSUER_PRACTICE", n.ID, []string{"ISSUER-20"}, "Publish timestamps in UTC (ending in Z).",
				"Assertion %s %s %s is not in UTC", n.ID, p, v)
		}
	}
	// ISSUER-15: the Profile is hosted at its HTTPS id.
	if issuer != nil && isHTTPURL(issuer.ID) && !strings.HasPrefix(strings.ToLower(issuer.ID), "https://") {
		s.infof("ISSUER_PRACTICE", issuer.ID, []string{"ISSUER-15"}, "Host the issuer Profile at an HTTPS id.",
			"Issuer Profile %s is not hosted over HTTPS", issuer.ID)
	}
	// ISSUER-21: give BadgeClasses HTTP(S) ids.
	if b := s.badgeOf(n); b != nil && !isHTTPURL(b.ID) {
		s.infof("ISSUER_PRACTICE", b.ID, []string{"ISSUER-21"}, "Give the BadgeClass an HTTP(S) id.",
			"BadgeClass id %s is not an HTTP(S) URL", b.ID)
	}
}
