package verify

import (
	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges"
)

// endorsements validates and verifies every endorsement of n. A bad endorsement is reported on the
// endorsed object as a warning: it does not by itself make a valid badge invalid (ENDORSE-05).
func (s *session) endorsements(n *Node, depth int) {
	for _, e := range s.endorsementsOf(n) {
		var found []obcert.Finding
		outer := s.sink
		s.sink = &found
		en := s.resolve(n, "endorsement", e, openbadges.ClassEndorsement)
		if en != nil && !s.checked[en.ID] {
			s.validate(en, openbadges.ClassEndorsement, depth+1)
			s.endorsementVerification(en)
			s.endorsedClaim(en, n)
		}
		s.sink = outer
		for _, f := range found {
			if f.Severity == obcert.Error {
				f.Severity = obcert.Warning
				f.Message = "Endorsement of " + n.ID + ": " + f.Message
				f.Requirements = appendUnique(f.Requirements, "ENDORSE-05")
			}
			s.add(f)
		}
	}
}

// endorsementVerification verifies an Endorsement as its VerificationObject says: a hosted one
// must lie in its issuer's scope (ENDORSE-03, VERIFY-11); a revoked one is not valid (ENDORSE-04).
func (s *session) endorsementVerification(en *Node) {
	if revoked, _ := en.Data["revoked"].(bool); revoked {
		reason, _ := en.Data["revocationReason"].(string)
		s.errorf("HOSTED_REVOCATION_CHECK", en.ID, []string{"ENDORSE-04", "VERIFY-07"},
			"Remove the link to a revoked endorsement.", "Endorsement %s has been revoked %s", en.ID, reason)
		if en.ID == s.res.Subject {
			s.res.Revoked = true
			s.res.RevocationReason = reason
		}
		return
	}
	issuer := s.trusted(str(en.Data["issuer"]))
	if issuer == nil {
		return
	}
	switch verificationMode(en.Data) {
	case "hosted":
		s.hostedScope(en, issuer, nil)
	case "signed":
		s.errorf("VERIFY_JWS", en.ID, []string{"ENDORSE-01", "VERIFY-19"},
			"Verify a signed Endorsement from its JWS.",
			"Endorsement %s declares SignedBadge verification but was reached without its signature", en.ID)
	}
}

// endorsedClaim checks the endorsement claims the object that links it (ENDORSE-02).
func (s *session) endorsedClaim(en, endorsed *Node) {
	claim, ok := en.Data["claim"].(map[string]any)
	if !ok {
		return
	}
	if id := str(claim["id"]); id != "" && id != endorsed.ID && s.aliases[id] != endorsed.ID {
		s.errorf("VALIDATE_PROPERTY", en.ID, []string{"ENDORSE-02"},
			"Set claim.id to the id of the endorsed object.",
			"Endorsement %s is linked from %s but its claim is about %s", en.ID, endorsed.ID, id)
	}
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(append([]string(nil), list...), s)
}
