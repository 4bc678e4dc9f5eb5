package verify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/obcert/obcert/internal/memos"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/obcert/obcert"
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
		if n.Source != "" {
			s.warnf("HOSTED_REVOCATION_CHECK", n.ID, []string{"ISSUER-17", "VERIFY-12"},
				"Answer a revoked hosted Assertion's URL with HTTP 410 Gone (a body of id and revoked: true may follow).",
				"Revoked Assertion %s is served with a success status and revoked: true, not with 410 Gone", n.ID)
		}
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
	if mode == "hosted" && via != "jws" {
		s.hostedHome(n)
	}
	s.validate(n, openbadges.ClassAssertion, 0)
	s.timestamps(n)
	issuer := s.issuerOf(n)
	if mode == "hosted" {
		if issuer == nil {
			s.errorf("HOSTED_ID_IN_VERIFICATION_SCOPE", n.ID, []string{"VERIFY-11", "ISSUER-11"},
				"Link a BadgeClass whose issuer Profile is served at its HTTP(S) id.",
				"The hosted scope of Assertion %s cannot be checked: its issuer Profile could not be read", n.ID)
		} else {
			s.hostedScope(n, issuer, s.badgeOf(n))
		}
	}
	s.advice(n, mode, issuer)
	s.recipientCheck(n)
}

// hostedHome holds a HostedBadge Assertion, however it was delivered (URL, JSON, baked image), to
// being hosted: fetched from its own http(s) id, and the same as the copy that was delivered.
// ISSUER-11: "A hosted Assertion's id lies inside the issuer's hosted-verification scope."
// VERIFY-10: "if verification starts from a full Assertion that says HostedBadge, trust the input
// only to find the URI. Fetch it and use the fetched data."
func (s *session) hostedHome(n *Node) {
	reqs := []string{"ISSUER-11", "VERIFY-11", "VERIFY-10", "ISSUER-10"}
	if n.Source == "" {
		why := "it was never fetched from its id"
		if !isHTTPURL(n.ID) {
			why = "its id is not an HTTP(S) URL it can be fetched from"
		}
		s.errorf("HOSTED_ID_IN_VERIFICATION_SCOPE", n.ID, reqs,
			"Give a HostedBadge Assertion the http(s) URL it is served at as its id, on the issuer's origin; or sign it (SignedBadge).",
			"HostedBadge Assertion %s is not hosted: %s, so nothing vouches for it", n.ID, why)
		return
	}
	if d := s.delivered; d != nil {
		if diff := differingProperties(d.Data, n.Data); len(diff) > 0 {
			s.errorf("HOSTED_ID_IN_VERIFICATION_SCOPE", n.ID, reqs,
				"Bake or deliver exactly the Assertion hosted at its id; the hosted copy is the source of truth.",
				"The delivered Assertion differs from the one hosted at %s in %s; only the hosted copy was verified",
				n.ID, strings.Join(diff, ", "))
		}
	}
}

// differingProperties lists the top-level properties two compacted nodes disagree on.
func differingProperties(a, b map[string]any) []string {
	if sameMap(a, b) {
		return nil // the hosted copy had the delivered bytes: one node Data (load's given document)
	}
	var out []string
	for k, v := range a {
		if !reflect.DeepEqual(v, b[k]) {
			out = append(out, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// sameMap reports whether a and b are one map (not two equal ones).
func sameMap(a, b map[string]any) bool {
	return a != nil && reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// hostedGone handles a hosted Assertion answered with 410 Gone.
// ISSUER-17 / VERIFY-12: "treat HTTP 410 Gone, or a body with revoked: true, as revoked".
func (s *session) hostedGone(u string, doc *Fetched) {
	s.revokedSubject(u, doc, "its URL answers HTTP 410 Gone")
}

// hostedRevokedBody handles a hosted Assertion answered with a success status and only a revoked
// body ({id, revoked: true}, no type): revoked, though it should have been a 410.
func (s *session) hostedRevokedBody(u string, doc *Fetched) {
	s.revokedSubject(u, doc, "its body says revoked: true")
	s.warnf("HOSTED_REVOCATION_CHECK", u, []string{"ISSUER-17", "VERIFY-12"},
		"Answer a revoked hosted Assertion's URL with HTTP 410 Gone (a body of id and revoked: true may follow).",
		"Revoked Assertion %s is served with status %d and revoked: true, not with 410 Gone", u, doc.Status)
}

// revokedSubject records the subject at u as a revoked hosted Assertion and checks its body.
func (s *session) revokedSubject(u string, doc *Fetched, how string) {
	var body map[string]any
	_ = json.Unmarshal(doc.Body, &body)
	s.res.Subject = u
	s.res.SubjectClass = openbadges.ClassAssertion
	s.res.Version = "2.0"
	s.register(&Node{ID: u, Class: openbadges.ClassAssertion, Data: body, Source: u, Version: "2.0"})
	s.revokedHosted(u, body, how)
	s.goneBody(u, doc.Body, body)
}

// goneBody checks the optional body of a 410 answer.
// ISSUER-17: "A body is optional; if present it needs only id and revoked:true, and MAY add
// revocationReason."
func (s *session) goneBody(u string, raw []byte, body map[string]any) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return
	}
	var missing []string
	if body == nil {
		missing = append(missing, "a JSON object")
	} else {
		if str(body["id"]) == "" {
			missing = append(missing, "id")
		}
		if revoked, _ := body["revoked"].(bool); !revoked {
			missing = append(missing, "revoked: true")
		}
	}
	if len(missing) == 0 {
		if id := str(body["id"]); id != u {
			s.warnf("HOSTED_REVOCATION_CHECK", u, []string{"ISSUER-17"}, "Give the revoked body the Assertion's own id.",
				"The revoked body for Assertion %s names id %s", u, id)
		}
		return
	}
	s.warnf("HOSTED_REVOCATION_CHECK", u, []string{"ISSUER-17"},
		`Answer 410 with no body, or with {"id": "<the Assertion URL>", "revoked": true} (and optionally revocationReason).`,
		"The revoked body for Assertion %s lacks %s", u, strings.Join(missing, " and "))
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

// hostedScope checks that a hosted object's id lies in its issuer's verification scope, and says
// which rule admitted or refused it.
// VERIFY-11: "the Assertion id must be inside the issuer's scope. If the Profile has no
// verification, the default requires the Assertion and BadgeClass to share the origin of the issuer
// Profile id. With startsWith, the id must begin with one of the prefixes. With allowedOrigins, the
// id's host must be one of those names."
// The default origin rule applies whenever the policy declares no allowedOrigins (a policy such as
// {"type":"VerificationObject"} does not switch the check off), and startsWith narrows the allowed
// origins, never widens them.
func (s *session) hostedScope(n, issuer, badge *Node) {
	policy, _ := issuer.Data["verification"].(map[string]any)
	if vp := str(policy["verificationProperty"]); vp != "" && vp != "id" {
		s.errorf("HOSTED_ID_IN_VERIFICATION_SCOPE", issuer.ID, []string{"OBJ-29"},
			"Leave verificationProperty out, or set it to id: no other property is supported.",
			"Issuer %s sets verificationProperty %q; only id is supported", issuer.ID, vp)
	}
	sc := scope{issuer: issuer.ID, origins: stringsOf(policy["allowedOrigins"]), prefixes: stringsOf(policy["startsWith"])}
	s.scopeFinding(n.ID, string(n.Class), sc, sc.admits)
	if badge != nil && len(sc.origins) == 0 && len(sc.prefixes) == 0 && isHTTPURL(badge.ID) {
		// Every badge of a BadgeClass asks this again: its answer is remembered.
		s.scopeFinding(badge.ID, "BadgeClass", scope{issuer: issuer.ID}, scope{issuer: issuer.ID}.admitsRemembered)
	}
}

// scope is an issuer's hosted-verification policy.
type scope struct {
	issuer   string   // the issuer Profile id, whose origin is the default
	origins  []string // allowedOrigins: host names
	prefixes []string // startsWith
}

func (s *session) scopeFinding(id, what string, sc scope, admits func(string) (string, obcert.Severity)) {
	rule, level := admits(id)
	switch level {
	case obcert.Info:
		// Every badge says this: the message by concatenation, as the format "%s %s is hosted
		// inside issuer %s's hosted scope: admitted by %s" would write it, without boxing four strings.
		s.add(obcert.Finding{Check: "HOSTED_ID_IN_VERIFICATION_SCOPE", Severity: obcert.Info, Node: id,
			Requirements: []string{"VERIFY-11", "ISSUER-11"},
			Message:      what + " " + id + " is hosted inside issuer " + sc.issuer + "'s hosted scope: admitted by " + rule})
	case obcert.Warning:
		s.warnf("HOSTED_ID_IN_VERIFICATION_SCOPE", id, []string{"VERIFY-11", "ISSUER-11"},
			"Host the badge on the issuer Profile id's exact origin; serve both over HTTPS.",
			"%s %s is on the issuer %s's host but not its scheme: admitted by %s", what, id, sc.issuer, rule)
	default:
		s.errorf("HOSTED_ID_IN_VERIFICATION_SCOPE", id, []string{"VERIFY-11", "ISSUER-11", "VERIFY-03"},
			"Host the badge on the issuer Profile id's origin (scheme, host and port), or list its host in the Profile's verification.allowedOrigins; startsWith only narrows that scope.",
			"%s %s not hosted in allowed origins: outside issuer %s's hosted scope, refused by %s", what, id, sc.issuer, rule)
	}
}

// admitsRemembered is admits for a scope of the issuer's origin alone (no allowedOrigins, no
// startsWith), remembered by id and issuer: a pure function of the two, asked by every badge of a
// BadgeClass. Bounded, past which it works each answer out.
func (sc scope) admitsRemembered(id string) (string, obcert.Severity) {
	if len(sc.origins) > 0 || len(sc.prefixes) > 0 || len(id)+len(sc.issuer) > 4096 {
		return sc.admits(id)
	}
	key := scopeKey{id, sc.issuer}
	scopeMu.RLock()
	a, known := scopeVerdicts[key]
	scopeMu.RUnlock()
	if known {
		return a.rule, a.level
	}
	rule, level := sc.admits(id)
	scopeMu.Lock()
	if len(scopeVerdicts) < maxScopeVerdicts {
		scopeVerdicts[key] = scopeVerdict{rule, level}
	}
	scopeMu.Unlock()
	return rule, level
}

type scopeKey struct{ id, issuer string }

type scopeVerdict struct {
	rule  string
	level obcert.Severity
}

// scopeVerdicts are admitsRemembered's answers; issuerOrigins what admits works out of an issuer
// id. Plain maps under one lock: a lookup boxes and concatenates nothing.
var (
	scopeMu       sync.RWMutex
	scopeVerdicts = map[scopeKey]scopeVerdict{}
	issuerOrigins = map[string]issuerOrigin{}
)

func init() {
	memos.Register(func() {
		scopeMu.Lock()
		defer scopeMu.Unlock()
		scopeVerdicts = map[scopeKey]scopeVerdict{}
		issuerOrigins = map[string]issuerOrigin{}
	})
}

// issuerOrigin is what the default origin rule needs of an issuer Profile id, worked out once.
type issuerOrigin struct {
	u      *url.URL // the id parsed; nil when it is not an HTTP(S) URL
	origin string   // origin(u)
	// plain: the origin is scheme://host[:port] with a host of lower-case letters, digits, dots and
	// hyphens only, so that an id whose text starts with origin + "/" has exactly this origin.
	plain bool
	rule  string // the rule's phrase for an id it admits
}

func originOfIssuer(issuer string) issuerOrigin {
	scopeMu.RLock()
	o, known := issuerOrigins[issuer]
	scopeMu.RUnlock()
	if known {
		return o
	}
	if u, ok := httpURL(issuer); ok {
		o = issuerOrigin{u: u, origin: origin(u), plain: plainHost(u.Hostname())}
		o.rule = "the default origin rule (origin " + o.origin + ")"
	}
	if len(issuer) <= 4096 {
		scopeMu.Lock()
		if len(issuerOrigins) < maxScopeVerdicts {
			issuerOrigins[issuer] = o
		}
		scopeMu.Unlock()
	}
	return o
}

// plainHost reports a non-empty host name of lower-case ASCII letters, digits, dots and hyphens.
func plainHost(h string) bool {
	for i := 0; i < len(h); i++ {
		if c := h[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	return h != ""
}

const maxScopeVerdicts = 1 << 12

// admits applies the origin rule (allowedOrigins, or else the issuer id's origin), then startsWith.
// It returns the rule that decided, as a phrase for the finding, and Info (admitted), Warning
// (admitted, although http and https differ: the reference validator compares hosts only, and its
// scenario 04 relies on it) or Error (refused).
func (sc scope) admits(id string) (string, obcert.Severity) {
	if len(sc.origins) == 0 && len(sc.prefixes) == 0 {
		// An id written as the issuer's plain origin and a slash has that origin: its authority is
		// the text between "//" and that slash. (TestAdmitsShortcutIsAdmits)
		if o := originOfIssuer(sc.issuer); o.plain && len(id) > len(o.origin) && id[len(o.origin)] == '/' &&
			id[:len(o.origin)] == o.origin && isHTTPURL(id) {
			return o.rule, obcert.Info
		}
	}
	return sc.admitsParsed(id)
}

// admitsParsed is admits, by the parsed URLs.
func (sc scope) admitsParsed(id string) (string, obcert.Severity) {
	u, ok := httpURL(id)
	if !ok {
		return "the origin rule: the id is not an HTTP(S) URL", obcert.Error
	}
	rule, level := "", obcert.Info
	if len(sc.origins) > 0 {
		if !containsFold(sc.origins, u.Hostname()) {
			return fmt.Sprintf("allowedOrigins %v: host %s is not listed", sc.origins, u.Hostname()), obcert.Error
		}
		rule = fmt.Sprintf("allowedOrigins (host %s)", u.Hostname())
	} else {
		io := originOfIssuer(sc.issuer)
		iu := io.u
		if iu == nil {
			return "the default origin rule: the issuer Profile id is not an HTTP(S) URL, so it has no origin to host Assertions on", obcert.Error
		}
		ou, oi := origin(u), io.origin
		switch {
		case ou == oi:
			rule = io.rule
		case u.Port() == "" && iu.Port() == "" && strings.EqualFold(u.Hostname(), iu.Hostname()):
			rule = fmt.Sprintf("the default origin rule on host %s, though %s is not the issuer Profile id's origin %s", iu.Hostname(), ou, oi)
			level = obcert.Warning
		default:
			return fmt.Sprintf("the default origin rule: origin %s is not the issuer Profile id's origin %s", ou, oi), obcert.Error
		}
	}
	if len(sc.prefixes) == 0 {
		return rule, level
	}
	for _, p := range sc.prefixes {
		if hasScopePrefix(u, p) {
			return rule + " and startsWith " + p, level
		}
	}
	return fmt.Sprintf("startsWith %v: the id starts with none of them within their origin (after %s admitted it)", sc.prefixes, rule), obcert.Error
}

// hasScopePrefix reports whether u lies under prefix p: the same origin, then a string prefix of
// the rest, so "https://issuer.example" never admits "https://issuer.example.attacker.example/".
func hasScopePrefix(u *url.URL, p string) bool {
	pu, ok := httpURL(p)
	if !ok || origin(pu) != origin(u) {
		return false
	}
	return strings.HasPrefix(u.RequestURI(), pu.RequestURI())
}

func httpURL(s string) (*url.URL, bool) {
	if !isHTTPURL(s) {
		return nil, false
	}
	u, err := url.Parse(s)
	return u, err == nil
}

// origin is scheme://host[:port], lower-cased, without the scheme's default port, so that
// https://Example.org:443 and https://example.org are one origin.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	o := scheme + "://" + strings.ToLower(u.Hostname())
	if p := u.Port(); p != "" && p != defaultPort(scheme) {
		o += ":" + p
	}
	return o
}

// defaultPort is the port a scheme's URLs leave out.
func defaultPort(scheme string) string {
	switch scheme {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
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

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
