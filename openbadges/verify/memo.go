package verify

import (
	"slices"
	"sync"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges"
)

// A Verifier remembers what depends on a document's content alone, so that the 1,000 badges of
// one issuer in a batch read, compact and schema-validate its BadgeClass and Profile once rather
// than 1,000 times. Only documents in compact OB v2 form are remembered (jsonld's CompactOwn says
// so: their compaction loaded nothing and spent no budget), keyed by their bytes themselves (a Go
// map hashes and then compares them): a document that changed in any byte is a new document. What is remembered is what strict
// parsing, compaction and the class's JSON Schema and rules say of those bytes (Assertions, each
// met once, are not remembered, so that they do not crowd the memory): the same answer
// whatever badge, session or order met the document first. Everything about where a document
// came from (its fetch, status, content type, the id it declares against its URL, the links that
// are followed from it, images, keys, revocation) is still checked in every verification.

const (
	// maxMemoDocs bounds the documents a Verifier remembers; past it, it remembers no more.
	maxMemoDocs = 4096
	// maxMemoBytes is the largest document a Verifier remembers.
	maxMemoBytes = 256 << 10
	// maxMemoTotal bounds the bytes of all the documents a Verifier remembers.
	maxMemoTotal = 32 << 20
)

type docMemo struct {
	mu    sync.Mutex
	docs  map[string]*memoDoc // by the document's bytes
	bytes int
}

// memoDoc is one remembered document. raw and data are never changed: every node of the document,
// in any session, shares them (Node.Data is read-only).
type memoDoc struct {
	raw    map[string]any // as decoded
	data   map[string]any // compacted into the OB v2 context
	mayExt bool           // jsonld.MayHoldExtension(data): ValidateExtensions may find something

	mu       sync.Mutex
	findings map[string][]obcert.Finding // class and legacy mode -> ValidateNode's findings

	termsOnce sync.Once // termNotes: the terms compaction dropped, and whether it has an OB 3.0 proof
	dropped   []string
	ob3Proof  bool
}

func newDocMemo() *docMemo { return &docMemo{docs: map[string]*memoDoc{}} }

// get returns the remembered document whose bytes are body, or nil.
func (m *docMemo) get(body []byte) *memoDoc {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.docs[string(body)] // no copy of body: the compiler looks it up as it is
}

// put remembers d, the document whose bytes are body, while the bounds hold.
func (m *docMemo) put(body []byte, d *memoDoc) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, known := m.docs[string(body)]; !known && len(m.docs) < maxMemoDocs && m.bytes+len(body) <= maxMemoTotal {
		m.docs[string(body)] = d
		m.bytes += len(body)
	}
}

// validateNode is openbadges.ValidateNode for n, answered once per remembered document and class.
func validateNode(n *Node, class openbadges.Class) []obcert.Finding {
	opts := openbadges.Options{Legacy: legacyOf(n)}
	if n.memo == nil {
		return openbadges.ValidateNode(class, n.Data, opts)
	}
	key := string(class) + "\x00" + opts.Legacy
	d := n.memo
	d.mu.Lock()
	fs, ok := d.findings[key]
	d.mu.Unlock()
	if !ok {
		fs = openbadges.ValidateNode(class, n.Data, opts)
		d.mu.Lock()
		if d.findings == nil {
			d.findings = map[string][]obcert.Finding{}
		}
		d.findings[key] = fs
		d.mu.Unlock()
	}
	return slices.Clone(fs)
}
