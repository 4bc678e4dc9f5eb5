package verify

import (
	"reflect"
	"strings"

	"github.com/obcert/obcert/openbadges"
)

// validate checks a node's class shape and follows its links, each node once.
func (s *session) validate(n *Node, class openbadges.Class, depth int) {
	if s.checked[n.ID] {
		return
	}
	s.checked[n.ID] = true
	n.Class = class
	fs := validateNode(n, class)
	explainMissing(n, fs)
	s.add(fs...)
	if depth >= s.v.maxDepth {
		s.incomplete("the links of %s lie deeper than %d levels and were not followed", n.ID, s.v.maxDepth)
		s.warnf("VALIDATE_PROPERTY", n.ID, []string{"VERIFY-01"}, "Link Badge Objects less deeply.",
			"Not following the links of %s: deeper than %d levels", n.ID, s.v.maxDepth)
		return
	}
	switch class {
	case openbadges.ClassAssertion:
		for _, b := range s.follow(n, "badge", openbadges.ClassBadgeClass) {
			s.validate(b, openbadges.ClassBadgeClass, depth+1)
		}
		s.checkImage(n, imageAssertion)
	case openbadges.ClassBadgeClass:
		for _, p := range s.follow(n, "issuer", openbadges.ClassProfile) {
			s.validate(p, openbadges.ClassProfile, depth+1)
		}
		s.checkImage(n, imageBadgeClass)
	case openbadges.ClassProfile:
		s.checkImage(n, imageProfile)
	case openbadges.ClassEndorsement:
		for _, p := range s.follow(n, "issuer", openbadges.ClassProfile) {
			s.validate(p, openbadges.ClassProfile, depth+1)
		}
	}
	if class != openbadges.ClassEndorsement || n.ID == s.res.Subject {
		s.endorsements(n, depth)
	}
}

func legacyOf(n *Node) string {
	if n.Version == "2.0" || n.Version == "" {
		return ""
	}
	return n.Version
}

// follow resolves the nodes a property links to: fetched from an HTTP id, or taken as embedded.
// OBJ-07: "A property of type @id may hold an IRI string or an embedded object that has an id."
// Links to trust anchors go through anchor.
func (s *session) follow(parent *Node, prop string, class openbadges.Class) []*Node {
	get := s.resolve
	if isTrustAnchor(class) {
		get = s.anchor
	}
	var out []*Node
	for _, v := range values(parent.Data[prop]) {
		if n := get(parent, prop, v, class); n != nil {
			out = append(out, n)
		}
	}
	return out
}

func (s *session) resolve(parent *Node, prop string, v any, class openbadges.Class) *Node {
	switch val := v.(type) {
	case string:
		if n := s.known(val); n != nil {
			return n
		}
		if isHTTPURL(val) {
			return s.fetchNode(val, class)
		}
		if strings.HasPrefix(val, "urn:") || strings.HasPrefix(val, "_:") {
			s.errorf("VALIDATE_PROPERTY", parent.ID, []string{"VERIFY-01", "OBJ-07"},
				"Embed the object, or give it an HTTP(S) id where it can be fetched.",
				"%s %s of %s cannot be resolved: it is not an HTTP(S) URL and no embedded node has that id", prop, val, parent.ID)
		}
		return nil
	case map[string]any:
		id, _ := val["id"].(string)
		if isHTTPURL(id) {
			// DISPLAYER-13 / VERIFY-10: the hosted copy of a linked object is authoritative.
			if n := s.known(id); n != nil {
				return n
			}
			return s.fetchNode(id, class)
		}
		if id == "" {
			id = s.blankID()
			s.warnf("FLATTEN_EMBEDDED_RESOURCE", parent.ID, []string{"OBJ-07"},
				"Give embedded Badge Objects an id.",
				"Node id missing at %s of %s; blank node ID %s assigned", prop, parent.ID, id)
		}
		if n := s.known(id); n != nil {
			return n
		}
		n := &Node{ID: id, Data: val, Version: parent.Version}
		s.register(n)
		return n
	}
	return nil
}

// known returns a node already in the graph by id or by the URL it was fetched from.
func (s *session) known(id string) *Node {
	if alias, ok := s.aliases[id]; ok {
		id = alias
	}
	return s.nodes[id]
}

// fetchNode fetches a linked Badge Object. A BadgeClass or Endorsement that declares another id
// is fetched again from that id (OBJ-38); a trust anchor that does is refused.
func (s *session) fetchNode(u string, class openbadges.Class) *Node {
	if len(s.nodes) >= s.v.maxNodes {
		s.incomplete("the badge's graph holds more than %d Badge Objects; %s was not fetched", s.v.maxNodes, u)
		s.errorf("FETCH_HTTP_NODE", u, []string{"VERIFY-01"}, "Link fewer Badge Objects from one badge.",
			"Not fetching %s: the graph already holds %d nodes", u, len(s.nodes))
		return nil
	}
	doc := s.fetch(u, acceptJSON, PurposeNode, class)
	if doc == nil || !s.statusOK(u, doc) {
		return nil
	}
	s.checkContentType(u, doc)
	n := s.load(doc.Body, u, class)
	if n == nil {
		return nil
	}
	if isTrustAnchor(class) {
		if n.ID != u {
			s.rehomedAnchor(u, n.ID, class)
			return nil
		}
	} else if declaresOther(n, u, doc) && isHTTPURL(n.ID) {
		s.read(doc, "")
		s.rehomeWarning(u, n.ID)
		if existing := s.nodes[n.ID]; existing != nil {
			return existing
		}
		if n = s.refetch(n.ID, class, PurposeNode); n == nil {
			return nil
		}
	}
	s.read(doc, "")
	if doc.FinalURL != "" && doc.FinalURL != u {
		s.alias(doc.FinalURL, n.ID)
	}
	s.register(n)
	return s.nodes[n.ID]
}

// isTrustAnchor names the classes a verdict trusts as the document at the URL that links them:
// the issuer Profile (whose keys, scope and revocation list decide), its CryptographicKeys, and
// its RevocationList. Such a document is never re-homed to an id it declares.
func isTrustAnchor(c openbadges.Class) bool {
	switch c {
	case openbadges.ClassProfile, openbadges.ClassCryptographicKey, openbadges.ClassRevocationList:
		return true
	}
	return false
}

// anchorRequirements are the rules a re-homed or unreachable trust anchor breaks.
var anchorRequirements = map[openbadges.Class][]string{
	// VERIFY-17: "Do not trust a key that the issuer Profile does not link."
	openbadges.ClassCryptographicKey: {"VERIFY-17", "VERIFY-18", "ISSUER-14"},
	// VERIFY-03: "Every Badge Object was created by the right issuer Profile."
	openbadges.ClassProfile: {"VERIFY-03", "VERIFY-01", "OBJ-38"},
	// VERIFY-20: "fetch the issuer Profile's revocationList ... and check that the badge id is not in revokedAssertions".
	openbadges.ClassRevocationList: {"VERIFY-20", "VERIFY-01", "OBJ-38"},
}

// rehomedAnchor refuses a trust anchor whose document declares an id other than the URL that
// links it: whoever serves that URL would otherwise choose which key, Profile or list is trusted.
// VERIFY-17 (SignedBadge step 4): "Do not trust a key that is not properly linked from the issuer
// Profile." The reference validator warns and refetches from the declared id (OBJ-38); obcert does
// that only for objects that are not trust anchors.
func (s *session) rehomedAnchor(u, declared string, class openbadges.Class) {
	s.errorf("TRUST_ANCHOR_ID", u, anchorRequirements[class],
		"Serve the "+string(class)+" at exactly the URL that links it, declaring that URL as its id; obcert does not follow a declared id for keys, issuer Profiles or RevocationLists.",
		"The %s fetched from %s declares id %s; a %s is trusted only as the document at the URL that links it, so it is not used",
		class, u, declared, class)
}

// anchor resolves a link to a trust anchor: fetched from its HTTP(S) URL (never looked up by an
// alias or a declared id), or embedded in the trusted document that links it.
func (s *session) anchor(parent *Node, prop string, v any, class openbadges.Class) *Node {
	id := str(v)
	if isHTTPURL(id) {
		if n := s.trusted(id); n != nil {
			return n
		}
		return s.fetchNode(id, class)
	}
	if m, embedded := v.(map[string]any); embedded {
		if n := s.nodes[id]; id != "" && n != nil && !reflect.DeepEqual(n.Data, m) {
			// Another document of this badge (a JWS payload, say) used the id first: the anchor is
			// what the trusted document embeds, and an id cannot name two things.
			s.errorf("VALIDATE_PROPERTY", parent.ID, anchorRequirements[class],
				"Give each embedded object an id of its own.",
				"The %s embedded at %s of %s has id %s, which another node of this badge already uses, so it cannot be trusted",
				class, prop, parent.ID, id)
			return nil
		}
		return s.resolve(parent, prop, v, class)
	}
	s.errorf("VALIDATE_PROPERTY", parent.ID, anchorRequirements[class],
		"Link the "+string(class)+" by the HTTP(S) URL it is served at, or embed it.",
		"%s %v of %s is neither an HTTP(S) URL nor an embedded %s, so it cannot be trusted", prop, v, parent.ID, class)
	return nil
}

// trusted returns the node with an HTTP(S) id only if it was fetched from that very URL; an
// embedded node (a non-HTTP id) by its id.
func (s *session) trusted(id string) *Node {
	n := s.nodes[id]
	if n == nil || (isHTTPURL(id) && n.Source != id) {
		return nil
	}
	return n
}

// values returns a property's values as a list (a single value, a list, or none).
func values(v any) []any {
	switch val := v.(type) {
	case nil:
		return nil
	case []any:
		return val
	default:
		return []any{val}
	}
}

// str returns a string property, or the id of an embedded object.
func str(v any) string {
	switch val := v.(type) {
	case string:
		return val
	case map[string]any:
		s, _ := val["id"].(string)
		return s
	case []any:
		if len(val) == 1 {
			return str(val[0])
		}
	}
	return ""
}

// ids returns the string ids of a property's values.
func ids(v any) []string {
	var out []string
	for _, x := range values(v) {
		if s := str(x); s != "" {
			out = append(out, s)
		}
	}
	return out
}
