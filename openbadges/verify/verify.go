package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges"
	"github.com/obcert/obcert/openbadges/bake"
	"github.com/obcert/obcert/openbadges/jsonld"
)

// acceptJSON is what the reference validator sends for Badge Objects (VERIFY-24).
const acceptJSON = "application/ld+json, application/json, image/png, image/svg+xml"

// session is the state of one Verify call.
type session struct {
	v       *Verifier
	ctx     context.Context
	ld      *jsonld.Processor
	res     *Result
	nodes   map[string]*Node
	aliases map[string]string // fetched URL → declared id
	checked map[string]bool   // node ids already validated
	records map[*Fetched]*FetchRecord
	fetches int
	blank   int
	sink    *[]obcert.Finding
	// delivered is the Assertion as delivered (JSON text, or baked) when it was then fetched from its id.
	delivered *Node
	nesting   int // image → payload → URL indirections at intake
	// given is the hosted Assertion given as the input (load), remembered for its fetch.
	given *givenDoc
}

// givenReuses counts the loads answered by a given document (TestGivenAssertionIsReadOnce).
var givenReuses atomic.Int64

// givenDoc is a document remembered for one verification, by its bytes.
type givenDoc struct {
	body []byte
	doc  *memoDoc
}

// Verify verifies one badge. It returns an error only when it could not run to the end
// (the context was cancelled); every problem with the badge is a finding in the Result.
func (v *Verifier) Verify(ctx context.Context, in Input) (*Result, error) {
	s := &session{
		// Room for the few findings of a valid badge (the hosted scope's INFOs), not grown by doubling.
		v: v, ctx: ctx, res: &Result{Findings: make([]obcert.Finding, 0, 4)},
		nodes: map[string]*Node{}, checked: map[string]bool{}, // aliases: made by alias, rarely needed
		records: map[*Fetched]*FetchRecord{},
	}
	s.ld = jsonld.New(s.loadRemote)
	s.sink = &s.res.Findings
	s.intake(in)
	s.finish()
	return s.res, ctx.Err()
}

func (s *session) finish() {
	r := s.res
	r.Findings = capFindings(r.Findings)
	s.stopped()
	// A verification that was stopped part-way checked less than the badge needs: never valid.
	r.Valid = r.Count(obcert.Error) == 0 && len(r.Graph) > 0 && !r.Revoked && !r.Incomplete
}

// add records findings in the current sink.
func (s *session) add(fs ...obcert.Finding) { *s.sink = append(*s.sink, fs...) }

func (s *session) errorf(check, node string, reqs []string, hint, format string, a ...any) {
	s.add(obcert.Finding{Check: check, Severity: obcert.Error, Node: node, Requirements: reqs,
		Hint: hint, Message: fmt.Sprintf(format, a...)})
}

func (s *session) warnf(check, node string, reqs []string, hint, format string, a ...any) {
	s.add(obcert.Finding{Check: check, Severity: obcert.Warning, Node: node, Requirements: reqs,
		Hint: hint, Message: fmt.Sprintf(format, a...)})
}

func (s *session) infof(check, node string, reqs []string, hint, format string, a ...any) {
	s.add(obcert.Finding{Check: check, Severity: obcert.Info, Node: node, Requirements: reqs,
		Hint: hint, Message: fmt.Sprintf(format, a...)})
}

// isCompactJWS reports whether t has the shape of a compact JWS: three runs of base64url
// characters (padding '=' allowed) separated by two dots, the first two runs not empty, the
// signature run possibly empty. It accepts exactly what the regular expression
// ^[A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]*$ accepts (TestCompactJWSShapeMatchesRegexp),
// without running one on every input.
func isCompactJWS(t string) bool {
	dots := 0
	run := 0 // characters since the last dot
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == '.':
			if run == 0 || dots == 2 {
				return false
			}
			dots++
			run = 0
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_', c == '=', c == '-':
			run++
		default:
			return false
		}
	}
	return dots == 2
}

// intake detects the input type from content, not from a file name (VERIFY-24).
func (s *session) intake(in Input) {
	switch {
	case in.Value != "":
		s.res.InputValue = in.Value
		s.text(strings.TrimSpace(in.Value))
	case len(in.Data) > 0:
		s.res.InputValue = in.Name
		s.res.InputType = "file"
		s.data(in.Data)
	default:
		s.errorf("DETECT_INPUT_TYPE", "", []string{"VERIFY-24"}, "Give a URL, a JSON document, a compact JWS or a baked PNG/SVG.",
			"No input given")
	}
}

// data handles raw content: a baked image, or text.
func (s *session) data(b []byte) {
	if bake.Sniff(b) != "" {
		s.baked(b, "")
		return
	}
	if enc := bomEncoding(b); enc != "" {
		s.errorf("DETECT_INPUT_TYPE", "", []string{"VERIFY-24", "VERIFY-15"}, "Give Open Badges JSON as UTF-8 text.",
			"The input is %s text (it starts with a byte-order mark); Open Badges JSON must be UTF-8", enc)
		return
	}
	// Text that opens a JSON object is read as JSON even when it is not valid UTF-8: the JSON
	// intake names that problem.
	opensObject := bytes.HasPrefix(bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))), []byte("{"))
	if bytes.IndexByte(b, 0) >= 0 || (!utf8.Valid(b) && !opensObject) {
		s.errorf("DETECT_INPUT_TYPE", "", []string{"BAKE-01", "VERIFY-24"},
			"Bake badges into PNG or SVG images; other image formats cannot carry Open Badges data.",
			"The input is binary data that is neither a PNG nor an SVG image")
		return
	}
	s.text(string(bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))))
}

// baked extracts a baked image's payload and verifies it.
func (s *session) baked(b []byte, from string) {
	ex, err := bake.Extract(b)
	if err != nil {
		reqs := []string{"BAKE-08", "BAKE-16"}
		if be, ok := err.(*bake.Error); ok && len(be.Requirements) > 0 {
			reqs = be.Requirements
		}
		where := "the image"
		if from != "" {
			where = "the image at " + from
		}
		s.errorf("PROCESS_BAKED_RESOURCE", from, reqs,
			"Bake the Assertion into one uncompressed iTXt chunk with keyword openbadges (PNG) or one <openbadges:assertion> element (SVG).",
			"No Open Badges data could be read from %s: %v", where, err)
		return
	}
	if s.res.Baked == nil {
		s.res.Baked = ex
	}
	s.add(ex.Findings...)
	s.nesting++
	if s.nesting > 3 {
		s.errorf("PROCESS_BAKED_RESOURCE", from, []string{"VERIFY-24"}, "Bake the Assertion itself, or its URL, into the image.",
			"Baked image payloads point at further images too many times")
		return
	}
	s.text(strings.TrimSpace(ex.Payload))
}

// text handles a URL, a JSON document or a compact JWS.
func (s *session) text(t string) {
	switch {
	case isHTTPURL(t):
		s.setInputType("url")
		s.subjectURL(t)
	case strings.HasPrefix(t, "{"):
		s.setInputType("json")
		s.subjectJSON([]byte(t))
	case isCompactJWS(t):
		s.setInputType("jws")
		s.subjectJWS(t)
	case otherSchemeURL(t) != "":
		s.errorf("DETECT_INPUT_TYPE", "", []string{"VERIFY-24"},
			"Give, or bake, the http(s) URL of the hosted Assertion.", "The input is %s", otherSchemeURL(t))
	default:
		s.errorf("DETECT_INPUT_TYPE", "", []string{"VERIFY-24"},
			"Give an http(s) URL, a JSON object, a compact JWS, or a PNG/SVG with baked Open Badges data.",
			"Could not tell what the input is: it is not a URL, a JSON object, a compact JWS or a baked image")
	}
}

func (s *session) setInputType(t string) {
	if s.res.InputType == "" || s.res.InputType == "file" {
		s.res.InputType = t
	}
}

// subjectURL fetches the validation subject.
func (s *session) subjectURL(u string) {
	doc := s.fetch(u, acceptJSON, PurposeSubject, "")
	if doc == nil {
		return // fetch reported why
	}
	if isImage(doc) {
		s.read(doc, "")
		s.baked(doc.Body, u)
		return
	}
	if doc.Status == 410 {
		s.read(doc, openbadges.ClassAssertion)
		s.hostedGone(u, doc)
		return
	}
	if !s.statusOK(u, doc) {
		return
	}
	s.checkContentType(u, doc)
	n := s.load(doc.Body, u, "")
	if n == nil {
		return
	}
	class, ok := openbadges.ClassOf(n.Data)
	if revoked, _ := n.Data["revoked"].(bool); !ok && revoked {
		// VERIFY-12: "treat HTTP 410 Gone, or a body with revoked: true, as revoked". ISSUER-17: the
		// body "needs only id and revoked:true", so it has no type to tell its class by.
		s.read(doc, openbadges.ClassAssertion)
		s.hostedRevokedBody(u, doc)
		return
	}
	s.read(doc, class)
	// The subject is not a trust anchor: like the reference validator (OBJ-38), obcert warns and
	// verifies the document at the id it declares; the hosted checks then run on that id.
	if declaresOther(n, u, doc) && isHTTPURL(n.ID) {
		s.rehomeWarning(u, n.ID)
		if n = s.refetch(n.ID, "", PurposeSubject); n == nil {
			return
		}
	}
	s.subject(n, "url")
}

// declaresOther reports a node that declares an id other than the URL it was fetched from (or
// that URL's redirect target).
func declaresOther(n *Node, u string, doc *Fetched) bool {
	return n.ID != u && n.ID != doc.FinalURL
}

// rehomeWarning is the reference validator's OBJ-38 warning.
func (s *session) rehomeWarning(u, id string) {
	s.warnf("REPORT_MESSAGE", "", []string{"OBJ-38", "ISSUER-10"}, "Serve each Badge Object at the URL its id names.",
		"Node fetched from source %s declared its id as %s", u, id)
	s.alias(u, id)
}

// alias records that the URL u stands for the node id.
func (s *session) alias(u, id string) {
	if s.aliases == nil {
		s.aliases = map[string]string{}
	}
	s.aliases[u] = id
}

// refetch fetches a node again from the id it declared.
func (s *session) refetch(id string, class openbadges.Class, purpose string) *Node {
	doc := s.fetch(id, acceptJSON, purpose, class)
	if doc == nil || !s.statusOK(id, doc) {
		if doc == nil {
			s.errorf("FETCH_HTTP_NODE", id, []string{"VERIFY-01", "OBJ-38"}, "Serve each Badge Object at the URL its id names.",
				"Could not fetch %s, the id a fetched node declared", id)
		}
		return nil
	}
	n := s.load(doc.Body, id, class)
	if n != nil && declaresOther(n, id, doc) {
		s.errorf("FETCH_HTTP_NODE", id, []string{"OBJ-38", "VERIFY-01"}, "Serve each Badge Object at the URL its id names.",
			"Node fetched from its declared id %s declares yet another id %s", id, n.ID)
		return nil
	}
	if n != nil {
		found, _ := openbadges.ClassOf(n.Data)
		if class != "" {
			found = ""
		}
		s.read(doc, found)
	}
	return n
}

// subjectJSON takes a JSON document as the subject.
func (s *session) subjectJSON(b []byte) {
	n := s.load(b, "", "")
	if n == nil {
		return
	}
	class, _ := openbadges.ClassOf(n.Data)
	if class == openbadges.ClassAssertion {
		mode := verificationMode(n.Data)
		if mode == "signed" {
			s.errorf("DETECT_INPUT_TYPE", n.ID, []string{"VERIFY-14", "VERIFY-19"},
				"Give the compact JWS of a signed badge, not its decoded JSON: the signature is what makes it verifiable.",
				"Assertion %s is a SignedBadge given as plain JSON, without its signature", n.ID)
			s.register(n)
			return
		}
	}
	// VERIFY-10: "If verification starts from a full Assertion that says HostedBadge, trust the
	// input only to find the URI. Fetch it and use the fetched data."
	if isHTTPURL(n.ID) {
		s.infof("DETECT_INPUT_TYPE", n.ID, []string{"VERIFY-10"}, "",
			"The input JSON was used only to find its id; the document hosted at %s was verified", n.ID)
		s.res.InputType = "url"
		if s.delivered == nil {
			s.delivered = n
		}
		s.subjectURL(n.ID)
		return
	}
	s.subject(n, "json")
}

// subject verifies the validation subject by its class.
func (s *session) subject(n *Node, via string) {
	s.res.Subject = n.ID
	s.res.Version = n.Version
	class, ok := openbadges.ClassOf(n.Data)
	if !ok {
		s.register(n)
		s.errorf("DETECT_AND_VALIDATE_NODE_CLASS", n.ID, []string{"OBJ-02", "OBJ-13"},
			"Give the node a type: Assertion, BadgeClass, Issuer/Profile, Endorsement, CryptographicKey or RevocationList.",
			"Could not determine the class of node %s from its type %v", n.ID, n.Data["type"])
		return
	}
	n.Class = class
	s.res.SubjectClass = class
	switch class {
	case openbadges.ClassAssertion:
		s.assertion(n, via)
	case openbadges.ClassEndorsement:
		s.register(n)
		s.validate(n, class, 0)
		s.endorsementVerification(n)
	default:
		s.register(n)
		s.validate(n, class, 0)
	}
}

// load parses, detects the version of, compacts (or upgrades) a document and checks its extensions.
func (s *session) load(b []byte, source string, expected openbadges.Class) *Node {
	body := bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	memoable := len(body) <= maxMemoBytes
	if memoable && s.ctx.Err() == nil {
		// A cancelled verification takes the whole way, which says so where compaction stops.
		if d := s.v.memo.get(body); d != nil {
			return s.remembered(d, source)
		}
		if g := s.given; g != nil && bytes.Equal(g.body, body) {
			givenReuses.Add(1)
			return s.remembered(g.doc, source)
		}
	}
	// The one-pass decoder takes only strict JSON text (valid UTF-8, no byte-order mark, unique
	// keys: TestDecodeObjectIsUnmarshal, FuzzDecodeObject); anything it declines is checked and then
	// decoded by encoding/json.
	doc, longest, fast := decodeObjectLongest(body)
	if !fast {
		if trouble := strictJSON(body); trouble != "" {
			s.errorf("INTAKE_JSON", source, []string{"OBJ-01", "VERIFY-15"}, "Serve Badge Objects as UTF-8 JSON, each object's keys unique.",
				"Could not read %s as JSON: %s", orInput(source), trouble)
			return nil
		}
		var err error
		if err = json.Unmarshal(body, &doc); err != nil || doc == nil {
			where := source
			if where == "" {
				where = "the input"
			}
			s.errorf("INTAKE_JSON", source, []string{"OBJ-01", "VERIFY-15"}, "Serve Badge Objects as JSON-LD documents (a JSON object).",
				"Could not parse %s as JSON: %s", where, notJSON(b, err))
			return nil
		}
	}
	var revoked []any
	var refused string
	if !fast || longest > maxRevocationEntries { // else no list is long enough for capDocument to cut
		revoked, refused = capDocument(doc)
	}
	if refused != "" {
		s.errorf("INTAKE_JSON", source, []string{"OBJ-01", "VERIFY-15"}, "Keep Badge Objects to the properties and values they need.",
			"Could not read %s: %s", orInput(source), refused)
		return nil
	}
	version := jsonld.DetectVersion(doc)
	var compacted map[string]any
	var loaded []string
	var err error
	own := false
	if version == "2.0" {
		compacted, loaded, own, err = s.ld.CompactOwn(s.ctx, doc)
	} else {
		compacted, err = s.upgrade(doc, version, source, expected)
	}
	if errors.Is(err, jsonld.ErrBudget) {
		s.incomplete("%v", err)
	}
	if err != nil {
		s.errorf("JSONLD_COMPACT_DATA", source, []string{"OBJ-01", "VERIFY-09"},
			"Use the context https://w3id.org/openbadges/v2 and only reachable extension contexts.",
			"Could not compact %s into the OB v2 context: %v", orInput(source), err)
		return nil
	}
	id, _ := compacted["id"].(string)
	if id == "" {
		id = source
	}
	if id == "" {
		id = s.blankID()
	}
	n := &Node{ID: id, Data: compacted, Source: source, Version: version, revoked: revoked}
	// An Assertion is one badge's own document: remembering it would fill the memory with
	// documents met once and crowd out the issuers' documents that every badge links.
	class, _ := openbadges.ClassOf(compacted)
	mayExt := version == "2.0" && jsonld.MayHoldExtension(compacted)
	switch {
	case own && memoable && revoked == nil && class != openbadges.ClassAssertion:
		// The node and the memory share the compacted form: no one changes a node's Data.
		n.memo = &memoDoc{raw: doc, data: compacted, mayExt: mayExt}
		s.v.memo.put(body, n.memo)
	case own && memoable && revoked == nil && source == "" && verificationMode(compacted) != "signed" && isHTTPURL(id):
		// A hosted Assertion given as JSON, or baked, is verified as fetched from its id next
		// (VERIFY-10): this verification remembers it, as the Verifier remembers the documents
		// of issuers, so that the same bytes fetched there are not read twice.
		s.given = &givenDoc{body: body, doc: &memoDoc{raw: doc, data: compacted, mayExt: mayExt}}
	}
	if version == "2.0" {
		// Text the one-pass decoder took has no \u escape (no letter of it is escaped): a type
		// DataIntegrityProof would be in it as such.
		s.termNotes(n, doc, fast && !bytes.Contains(body, []byte("DataIntegrityProof")))
		if mayExt { // else ValidateExtensions finds nothing
			s.add(s.ld.ValidateExtensions(s.ctx, id, compacted, loaded)...)
		}
	}
	return n
}

// remembered is load for a document the Verifier remembers (memo.go): what its bytes alone decide
// is as it was; the node is new, and shares the document's compacted form.
func (s *session) remembered(d *memoDoc, source string) *Node {
	id, _ := d.data["id"].(string)
	if id == "" {
		id = source
	}
	if id == "" {
		id = s.blankID()
	}
	n := &Node{ID: id, Data: d.data, Source: source, Version: "2.0", memo: d}
	s.termNotes(n, d.raw, false)
	if d.mayExt { // else ValidateExtensions finds nothing
		s.add(s.ld.ValidateExtensions(s.ctx, id, d.data, nil)...)
	}
	return n
}

func (s *session) blankID() string {
	id := fmt.Sprintf("_:b%d", s.blank)
	s.blank++
	return id
}

// register adds a node to the graph.
func (s *session) register(n *Node) {
	if _, ok := s.nodes[n.ID]; ok {
		return
	}
	s.nodes[n.ID] = n
	s.res.Graph = append(s.res.Graph, n)
}

func orInput(source string) string {
	if source == "" {
		return "the input"
	}
	return source
}
