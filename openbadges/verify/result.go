package verify

import (
	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges"
	"github.com/obcert/obcert/openbadges/bake"
)

// Input is what to verify: a text Value (a URL, a JSON document or a compact JWS) or raw Data
// (a file: a baked PNG or SVG, JSON, or a JWS). What it is is told from the content.
type Input struct {
	Value string
	Data  []byte
	// Name labels Data in the report (a file name); optional.
	Name string
}

// Node is one Badge Object taken into the graph, compacted into the OB v2 context.
type Node struct {
	ID    string
	Class openbadges.Class
	Data  map[string]any
	// Source is the URL the node was fetched from; empty for embedded nodes and direct input.
	Source string
	// Version is the OB version of the document the node came from ("2.0", "1.1", "1.0", "0.5").
	Version string
}

// Result is the outcome of one verification.
type Result struct {
	// Valid: no ERROR finding, a non-empty graph, and not revoked.
	Valid bool
	// Revoked: the issuer revoked the subject (HTTP 410, revoked:true, or its RevocationList).
	Revoked          bool
	RevocationReason string
	// Subject is the id of the validation subject and SubjectClass its class.
	Subject      string
	SubjectClass openbadges.Class
	// Version is the OB version of the subject's document.
	Version string
	// InputType is url, json, jws or file; InputValue what was given (a file's name for Data).
	InputType  string
	InputValue string
	// Findings are every ERROR, WARNING and INFO found, in the order found.
	Findings []obcert.Finding
	Graph    []*Node
	// RecipientProfile is the identity that matched the expected recipient, {type: value}.
	RecipientProfile map[string]string
	// Unreachable are the URLs that gave no HTTP answer at all (transport errors, timeouts).
	Unreachable []string
	// Documents are every document fetched, in order.
	Documents []*Fetched
	// Baked is what a baked image input carried, when the input was one.
	Baked *bake.Extracted
	// Signed describes the JWS of a signed badge, when the input was one.
	Signed *SignedInfo
}

// SignedInfo describes a verified (or rejected) JWS.
type SignedInfo struct {
	Algorithm string `json:"alg"`
	KeyID     string `json:"keyId,omitempty"` // the CryptographicKey that verified it
	Verified  bool   `json:"verified"`
}

// Count returns how many findings have the given severity.
func (r *Result) Count(s obcert.Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// FindingsFor returns the findings that name any of the requirement ids, at any severity.
func (r *Result) FindingsFor(ids ...string) []obcert.Finding {
	var out []obcert.Finding
	for _, f := range r.Findings {
		if namesAny(f, ids) {
			out = append(out, f)
		}
	}
	return out
}

// Node returns the graph node with the given id.
func (r *Result) Node(id string) *Node {
	for _, n := range r.Graph {
		if n.ID == id {
			return n
		}
	}
	return nil
}

func namesAny(f obcert.Finding, ids []string) bool {
	for _, r := range f.Requirements {
		for _, id := range ids {
			if r == id {
				return true
			}
		}
	}
	return false
}
