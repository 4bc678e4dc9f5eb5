package verify

import (
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
	s.add(openbadges.ValidateNode(class, n.Data, openbadges.Options{Legacy: legacyOf(n)})...)
	if depth >= s.v.maxDepth {
		s.warnf("VALIDATE_PROPERTY", n.ID, []string{"VERIFY-01"}, "Link Badge Objects less deeply.",
			"Not following the links of %s: deeper than %d levels", n.ID, s.v.maxDepth)
		return
	}
	switch class {
	case openbadges.ClassAssertion:
		for _, b := range s.follow(n, "badge", openbadges.ClassBadgeClass, depth) {
			s.validate(b, openbadges.ClassBadgeClass, depth+1)
		}
		s.checkImage(n, imageAssertion)
	case openbadges.ClassBadgeClass:
		for _, p := range s.follow(n, "issuer", openbadges.ClassProfile, depth) {
			s.validate(p, openbadges.ClassProfile, depth+1)
		}
		s.checkImage(n, imageBadgeClass)
	case openbadges.ClassProfile:
		s.checkImage(n, imageProfile)
	case openbadges.ClassEndorsement:
		for _, p := range s.follow(n, "issuer", openbadges.ClassProfile, depth) {
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
func (s *session) follow(parent *Node, prop string, class openbadges.Class, depth int) []*Node {
	var out []*Node
	for _, v := range values(parent.Data[prop]) {
		if n := s.resolve(parent, prop, v, class); n != nil {
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

// fetchNode fetches a linked Badge Object, refetching once from a different declared id (OBJ-38).
func (s *session) fetchNode(u string, class openbadges.Class) *Node {
	if len(s.nodes) >= s.v.maxNodes {
		s.errorf("FETCH_HTTP_NODE", u, []string{"VERIFY-01"}, "Link fewer Badge Objects from one badge.",
			"Not fetching %s: the graph already holds %d nodes", u, len(s.nodes))
		return nil
	}
	doc := s.fetch(u, acceptJSON)
	if doc == nil || !s.statusOK(u, doc) {
		return nil
	}
	s.checkContentType(u, doc)
	n := s.load(doc.Body, u, class)
	if n == nil {
		return nil
	}
	if n.ID != u && n.ID != doc.FinalURL && isHTTPURL(n.ID) {
		s.warnf("REPORT_MESSAGE", "", []string{"OBJ-38", "ISSUER-10"}, "Serve each Badge Object at the URL its id names.",
			"Node fetched from source %s declared its id as %s", u, n.ID)
		s.aliases[u] = n.ID
		if existing := s.nodes[n.ID]; existing != nil {
			return existing
		}
		n = s.refetch(n.ID, class)
		if n == nil {
			return nil
		}
	}
	if doc.FinalURL != "" && doc.FinalURL != u {
		s.aliases[doc.FinalURL] = n.ID
	}
	s.register(n)
	return s.nodes[n.ID]
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
