package verify

import (
	"context"
	"errors"
	"fmt"
	"github.com/obcert/obcert/internal/memos"
	"mime"
	"net/url"
	"strings"
	"sync"

	"github.com/obcert/obcert/openbadges"
	"github.com/obcert/obcert/openbadges/bake"
)

// fetch gets a Badge Object (or the subject) through the Fetcher, within the session's fetch
// budget. It returns nil (with a finding) when there was no answer.
func (s *session) fetch(u, accept, purpose string, class openbadges.Class) *Fetched {
	doc, err := s.get(u, accept, purpose, class)
	if err == nil || s.ctx.Err() == context.Canceled {
		return doc
	}
	if errors.Is(err, errBudget) {
		s.incomplete("%v", err)
		s.errorf("FETCH_HTTP_NODE", u, []string{"VERIFY-01"}, "Link fewer documents from one badge.", "%v", err)
		return nil
	}
	s.res.Unreachable = append(s.res.Unreachable, u)
	s.errorf("FETCH_HTTP_NODE", u, []string{"VERIFY-01", "ISSUER-07"},
		"Make every linked Badge Object reachable over HTTP(S), answering 200 OK.",
		"Could not fetch %s: %v", u, err)
	return nil
}

var errBudget = errors.New("fetch budget spent")

// get fetches u and records the fetch in Result.Fetches; the caller reports a failure.
func (s *session) get(u, accept, purpose string, class openbadges.Class) (*Fetched, error) {
	if err := s.ctx.Err(); err != nil {
		return nil, err
	}
	if !s.budget() {
		return nil, fmt.Errorf("%w: not fetching %s, this badge's graph needs more than %d fetches", errBudget, u, s.fetches)
	}
	s.fetches++
	rec := &FetchRecord{URL: u, Purpose: purpose, Class: class}
	if s.res.Fetches == nil {
		// A hosted badge fetches four or five documents: room for them at once, not by doubling.
		s.res.Fetches = make([]*FetchRecord, 0, 8)
	}
	s.res.Fetches = append(s.res.Fetches, rec)
	doc, err := s.v.fetcher.Fetch(s.ctx, u, accept)
	if err != nil {
		rec.Error = err.Error()
		var fe *FetchError
		if errors.As(err, &fe) {
			rec.Evidence = fe.Evidence
		}
		return nil, err
	}
	rec.FinalURL, rec.Status, rec.Evidence = doc.FinalURL, doc.Status, doc.Evidence
	s.records[doc] = rec
	if s.res.Documents == nil {
		s.res.Documents = make([]*Fetched, 0, 8)
	}
	s.res.Documents = append(s.res.Documents, doc)
	return doc, nil
}

// read marks a fetched document as taken into the verification, as a node of class c
// (c is empty when the caller keeps the class it expected).
func (s *session) read(doc *Fetched, c openbadges.Class) {
	if rec := s.records[doc]; rec != nil {
		rec.Read = true
		if c != "" {
			rec.Class = c
		}
	}
}

// budget reports whether the session may fetch once more: a hostile graph cannot make it fetch
// without end.
func (s *session) budget() bool { return s.fetches < s.v.maxNodes*2+16 }

// statusOK reports a non-2xx answer for a Badge Object.
// VERIFY-01: "Every required Badge Object is linked and reachable, ending in 200 OK."
func (s *session) statusOK(u string, doc *Fetched) bool {
	if doc.Status >= 200 && doc.Status < 300 {
		return true
	}
	s.errorf("FETCH_HTTP_NODE", u, []string{"VERIFY-01", "ISSUER-07"}, statusHint(doc.Status),
		"GET %s answered HTTP %d; a Badge Object must end in 200 OK", u, doc.Status)
	return false
}

// statusHint names the likely mistake behind a non-2xx answer.
func statusHint(status int) string {
	switch status {
	case 401, 403:
		return fmt.Sprintf("HTTP %d asks for credentials: a Badge Object must be public, without credentials "+
			"(no login, token or cookie), because verifiers fetch it anonymously.", status)
	case 404:
		return "Nothing is served at this URL: serve the Badge Object at the URL that links it, with 200 OK."
	}
	return "Serve every Badge Object with 200 OK (redirects are fine); only a revoked hosted Assertion answers 410."
}

// checkContentType enforces ISSUER-08: "the hosting application must properly set the content-type"
// to application/ld+json or application/json.
func (s *session) checkContentType(u string, doc *Fetched) {
	if isJSONType(doc.ContentType) {
		return
	}
	s.errorf("FETCH_HTTP_NODE", u, []string{"ISSUER-08"},
		"Serve hosted Badge Objects with Content-Type application/ld+json (or application/json when only that is accepted).",
		"%s was served as %q, not application/ld+json or application/json", u, doc.ContentType)
}

func isJSONType(ct string) bool {
	ct = mediaType(ct)
	return ct == "application/ld+json" || ct == "application/json" || strings.HasSuffix(ct, "+json")
}

func mediaType(ct string) string {
	if plainMediaType(ct) {
		return ct // what mime.ParseMediaType and ToLower give it (TestPlainMediaType)
	}
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return strings.ToLower(mt)
	}
	return strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
}

// plainMediaType reports a content type that is a lowercase type/subtype and nothing else: two
// non-empty runs of MIME token characters (RFC 2045, no upper case) joined by one slash, no
// parameters, no space. mime.ParseMediaType returns such a type as it is.
func plainMediaType(ct string) bool {
	slash := strings.IndexByte(ct, '/')
	if slash <= 0 || slash == len(ct)-1 {
		return false
	}
	for i := 0; i < len(ct); i++ {
		c := ct[i]
		if i == slash {
			continue
		}
		if c <= 0x20 || c >= 0x7f || c >= 'A' && c <= 'Z' || strings.IndexByte(`()<>@,;:\"/[]?=`, c) >= 0 {
			return false
		}
	}
	return true
}

// isImage tells a baked image answer from a JSON one: by content type, then by content.
func isImage(doc *Fetched) bool {
	switch mediaType(doc.ContentType) {
	case "image/png", "image/svg+xml":
		return true
	}
	return !isJSONType(doc.ContentType) && bake.Sniff(doc.Body) != ""
}

func isHTTPURL(s string) bool {
	if !hasPrefixFold(s, "http://") && !hasPrefixFold(s, "https://") {
		return false
	}
	httpURLMu.RLock()
	v, known := httpURLVerdicts[s]
	httpURLMu.RUnlock()
	if known {
		return v
	}
	u, err := url.Parse(s)
	ok := err == nil && u.Host != "" && !strings.ContainsAny(s, " \t\n")
	if len(s) <= 2048 {
		httpURLMu.Lock()
		if len(httpURLVerdicts) < maxHTTPURLVerdicts {
			httpURLVerdicts[s] = ok
		}
		httpURLMu.Unlock()
	}
	return ok
}

// httpURLVerdicts remembers isHTTPURL's answers for the URLs that come back in every badge of a
// batch (a pure function of the string; bounded, past which it parses each time). A plain map
// under a lock: a lookup boxes nothing.
var (
	httpURLMu       sync.RWMutex
	httpURLVerdicts = map[string]bool{}
)

const maxHTTPURLVerdicts = 1 << 14

func init() {
	memos.Register(func() {
		httpURLMu.Lock()
		defer httpURLMu.Unlock()
		httpURLVerdicts = map[string]bool{}
	})
}

// loadRemote fetches a JSON-LD context or schema that is not embedded.
func (s *session) loadRemote(ctx context.Context, u string) ([]byte, error) {
	doc, err := s.get(u, "application/ld+json, application/json", PurposeContext, "")
	if err != nil {
		return nil, err
	}
	if doc.Status < 200 || doc.Status >= 300 {
		return nil, &statusError{url: u, status: doc.Status}
	}
	s.read(doc, "")
	return doc.Body, nil
}

type statusError struct {
	url    string
	status int
}

func (e *statusError) Error() string {
	return fmt.Sprintf("GET %s answered HTTP %d", e.url, e.status)
}

// hasPrefixFold is strings.HasPrefix(strings.ToLower(s), prefix) for a lower-case ASCII prefix,
// without lowering all of s.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
