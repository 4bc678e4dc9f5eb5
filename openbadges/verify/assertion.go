package verify

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/obcert/obcert/openbadges"
)

// verificationMode returns "hosted", "signed" or "" from an Assertion's verification object.
func verificationMode(data map[string]any) string {
	v, ok := data["verification"].(map[string]any)
	if !ok {
		return ""
	}
	for _, t := range values(v["type"]) {
		switch t {
		case "hosted", "HostedBadge":
			return "hosted"
		case "signed", "SignedBadge":
			return "signed"
		}
	}
	return ""
}

// assertion verifies an Assertion subject reached as hosted (via url/json) or signed (via jws).
func (s *session) assertion(n *Node, via string) {
	s.register(n)
	if revoked, _ := n.Data["revoked"].(bool); revoked {
		s.revokedHosted(n.ID, n.Data, "its body says revoked: true")
		return
	}
	mode := verificationMode(n.Data)
	if via != "jws" && mode == "signed" {
		// OB 2.0 SignedBadge verification starts from the JWS (VERIFY-14..19); a hosted copy
		// of a signed Assertion proves nothing about its signature.
		s.errorf("ASSERTION_VERIFICATION_DEPENDENCIES", n.ID, []string{"VERIFY-14", "VERIFY-19"},
			"Verify a SignedBadge from its compact JWS (bake the JWS, not the JSON).",
			"Assertion %s declares SignedBadge verification but was given without its signature", n.ID)
	}
	if via == "jws" && mode == "hosted" {
		s.errorf("ASSERTION_VERIFICATION_DEPENDENCIES", n.ID, []string{"OBJ-28"},
			"A signed Assertion's verification type must be SignedBadge.",
			"Assertion %s was given as a JWS but declares HostedBadge verification", n.ID)
	}
	s.validate(n, openbadges.ClassAssertion, 0)
	s.timestamps(n)
	issuer := s.issuerOf(n)
	if mode == "hosted" && issuer != nil {
		s.hostedScope(n, issuer, s.badgeOf(n))
	}
	s.advice(n, mode, issuer)
	s.recipientCheck(n)
}

// hostedGone handles a hosted Assertion answered with 410 Gone.
// ISSUER-17 / VERIFY-12: "treat HTTP 410 Gone, or a body with revoked: true, as revoked".
func (s *session) hostedGone(u string, doc *Fetched) {
	var body map[string]any
	_ = json.Unmarshal(doc.Body, &body)
	s.res.Subject = u
	s.res.SubjectClass = openbadges.ClassAssertion
	s.res.Version = "2.0"
	s.register(&Node{ID: u, Class: openbadges.ClassAssertion, Data: body, Source: u, Version: "2.0"})
	s.revokedHosted(u, body, "its URL answers HTTP 410 Gone")
}

// revokedHosted records a revoked hosted Assertion. Unlike the reference validator, obcert
// reports it invalid as well as revoked (VERIFY-07: the Assertion has not been revoked).
func (s *session) revokedHosted(id string, body map[string]any, how string) {
	s.res.Revoked = true
	reason, _ := body["revocationReason"].(string)
	s.res.RevocationReason = reason
	msg := "Assertion " + id + " has been revoked by its issuer: " + how
	if reason != "" {
		msg += ", with reason: " + reason
	}
	s.errorf("HOSTED_REVOCATION_CHECK", id, []string{"VERIFY-07", "VERIFY-12"},
		"A revoked badge is no longer valid; the issuer must issue a new one.", "%s", msg)
}

// badgeOf and issuerOf walk Assertion → BadgeClass → issuer Profile in the graph.
func (s *session) badgeOf(n *Node) *Node {
	return s.known(str(n.Data["badge"]))
}

func (s *session) issuerOf(n *Node) *Node {
	b := s.badgeOf(n)
	if b == nil {
		return nil
	}
	return s.trusted(str(b.Data["issuer"]))
}

// hostedScope checks that a hosted object's id lies in its issuer's verification scope.
// VERIFY-11: "the Assertion id must be inside the issuer's scope. If the Profile has no
// verification, the default requires the Assertion and BadgeClass to share the origin of the issuer
// Profile id. With startsWith, the id must begin with one of the prefixes. With allowedOrigins, the
// id's host must be one of those names."
func (s *session) hostedScope(n, issuer, badge *Node) {
	policy, _ := issuer.Data["verification"].(map[string]any)
	if policy == nil {
		iu, err := url.Parse(issuer.ID)
		if err != nil || !isHTTPURL(issuer.ID) {
			s.warnf("HOSTED_ID_IN_VERIFICATION_SCOPE", n.ID, []string{"OBJ-21", "VERIFY-11"},
				"Give the issuer Profile an HTTP(S) id.",
				"Issuer %s has no HTTP domain to enforce hosted verification policy against", issuer.ID)
			return
		}
		s.sameOrigin(n.ID, iu, "")
		if badge != nil && isHTTPURL(badge.ID) {
			s.sameOrigin(badge.ID, iu, n.ID)
		}
		return
	}
	if vp := str(policy["verificationProperty"]); vp != "" && vp != "id" {
		s.errorf("HOSTED_ID_IN_VERIFICATION_SCOPE", issuer.ID, []string{"OBJ-29"},
			"Leave verificationProperty out, or set it to id: no other property is supported.",
			"Issuer %s sets verificationProperty %q; only id is supported", issuer.ID, vp)
	}
	if prefixes := stringsOf(policy["startsWith"]); len(prefixes) > 0 && !hasAnyPrefix(n.ID, prefixes) {
		s.errorf("HOSTED_ID_IN_VERIFICATION_SCOPE", n.ID, []string{"VERIFY-11", "ISSUER-11", "VERIFY-03"},
			"Host the Assertion under one of the issuer's verification.startsWith prefixes.",
			"Hosted id %s does not start with any of the issuer's startsWith prefixes %v", n.ID, prefixes)
	}
	if origins := stringsOf(policy["allowedOrigins"]); len(origins) > 0 {
		u, err := url.Parse(n.ID)
		if err != nil || !containsFold(origins, u.Hostname()) {
			s.errorf("HOSTED_ID_IN_VERIFICATION_SCOPE", n.ID, []string{"VERIFY-11", "ISSUER-11", "VERIFY-03"},
				"Host the Assertion on one of the issuer's verification.allowedOrigins.",
				"Assertion %s not hosted in allowed origins %v", n.ID, origins)
		}
	}
}

func (s *session) sameOrigin(id string, issuer *url.URL, assertion string) {
	u, err := url.Parse(id)
	if err == nil && strings.EqualFold(u.Host, issuer.Host) {
		return
	}
	what := "Assertion"
	if assertion != "" {
		what = "BadgeClass"
	}
	s.errorf("HOSTED_ID_IN_VERIFICATION_SCOPE", id, []string{"VERIFY-11", "ISSUER-11", "VERIFY-03"},
		"Host the badge on the issuer Profile's origin, or declare allowedOrigins/startsWith in the Profile's verification.",
		"%s %s not hosted in allowed origins [%s]", what, id, issuer.Host)
}

func stringsOf(v any) []string {
	var out []string
	for _, x := range values(v) {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
