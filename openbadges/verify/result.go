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
	// Data is the node compacted into the OB v2 context. It is read-only: a document the Verifier
	// remembers (an issuer's BadgeClass or Profile, met by every badge of a batch) gives every
	// result the same Data, so a change would reach other results. Copy it (jsonld.CloneJSON) to
	// edit it.
	Data map[string]any
	// Source is the URL the node was fetched from; empty for embedded nodes and direct input.
	Source string
	// Version is the OB version of the document the node came from ("2.0", "1.1", "1.0", "0.5").
	Version string

	dropped  []string // properties JSON-LD compaction dropped (dotted paths)
	revoked  []any    // every revokedAssertions entry, when the list was truncated (caps.go)
	ob3Proof bool     // the document carries an OB 3.0 / VC proof
	memo     *memoDoc // the Verifier's memory of the document's content (memo.go), or nil
}

// Result is the outcome of one verification.
type Result struct {
	// Valid: no ERROR finding, a non-empty graph, not revoked and not Incomplete.
	Valid bool
	// Incomplete: a budget ran out, or the verification was cancelled or timed out, before every
	// check could look at its subject; IncompleteReason says which. An incomplete result is not valid.
	Incomplete       bool
	IncompleteReason string
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
	// Documents are every document fetched, in order. Their headers and bodies are read-only,
	// maybe shared with other verifications (Fetched).
	Documents []*Fetched
	// Fetches records every fetch attempted, in order, with what came of it: the class the linking
	// side expected, the HTTP status (0 when there was no answer) and whether the document was read.
	// A suite can tell "the BadgeClass at URL answered 401" from "fine" with FetchesOf and FetchOf.
	Fetches []*FetchRecord
	// Baked is what a baked image input carried, when the input was one.
	Baked *bake.Extracted
	// Signed describes the JWS of a signed badge, when the input was one.
	Signed *SignedInfo
}

// What a fetch was for (FetchRecord.Purpose).
const (
	PurposeSubject = "subject" // the validation subject (an Assertion, or a baked image carrying one)
	PurposeNode    = "node"    // a linked Badge Object (BadgeClass, Profile, CryptographicKey, ...)
	PurposeImage   = "image"   // an image to check (OBJ-12)
	PurposeContext = "context" // a JSON-LD context or extension schema that is not embedded
)

// FetchRecord is one fetch the verification attempted, whatever came of it.
type FetchRecord struct {
	URL      string `json:"url"`
	FinalURL string `json:"finalUrl,omitempty"`
	Purpose  string `json:"purpose"`
	// Class is the class the linking side expected (ClassImage for images); for the subject, the
	// class it turned out to be once read.
	Class openbadges.Class `json:"class,omitempty"`
	// Status is the HTTP status of the final answer; 0 when there was no answer (see Error).
	Status int    `json:"status"`
	Error  string `json:"error,omitempty"`
	// Read: the body was parsed and taken into the verification. False for an error status, a body
	// that is not the expected document, or a trust anchor that declares another id.
	Read     bool   `json:"read"`
	Evidence string `json:"evidence,omitempty"`
}

// FetchOf returns the first fetch of URL u, or nil.
func (r *Result) FetchOf(u string) *FetchRecord {
	for _, f := range r.Fetches {
		if f.URL == u {
			return f
		}
	}
	return nil
}

// FetchesOf returns the fetches of documents expected to be of class c.
func (r *Result) FetchesOf(c openbadges.Class) []*FetchRecord {
	var out []*FetchRecord
	for _, f := range r.Fetches {
		if f.Class == c {
			out = append(out, f)
		}
	}
	return out
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
