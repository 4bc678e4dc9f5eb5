package issuer

import (
	"github.com/obcert/obcert/openbadges"
	"github.com/obcert/obcert/openbadges/verify"
)

// nodeOf is the first graph node of the class, or nil.
func (c checked) nodeOf(class openbadges.Class) *verify.Node {
	for _, n := range c.Result.Graph {
		if n.Class == class {
			return n
		}
	}
	return nil
}

func hasClass(c checked, class openbadges.Class) bool { return c.nodeOf(class) != nil }

// linkOf is the id a node links under prop, or "" when it embeds the object or has none.
func linkOf(n *verify.Node, prop string) string {
	if n == nil {
		return ""
	}
	switch v := n.Data[prop].(type) {
	case string:
		return v
	case map[string]any:
		id, _ := v["id"].(string)
		return id
	}
	return ""
}

// linkStatus words how the fetch of link ended when it was fetched and not read, and is ""
// otherwise.
func (c checked) linkStatus(link string) string {
	if f := c.Result.FetchOf(link); link != "" && f != nil && !f.Read {
		return " (" + fetchTrouble(f) + ")"
	}
	return ""
}

// status is the HTTP status the badge's own URL answered, 0 when it was not fetched.
func (c checked) status() int {
	if c.Result == nil {
		return 0
	}
	if f := c.Result.FetchOf(c.Ref.URL); f != nil {
		return f.Status
	}
	return 0
}

// readAny reports whether a document expected to be of class was fetched and read.
func (c checked) readAny(class openbadges.Class) bool {
	for _, f := range c.Result.FetchesOf(class) {
		if f.Read {
			return true
		}
	}
	return false
}
