package connect

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/obcert/obcert/fixtures"
	bc "github.com/obcert/obcert/openbadges/connect"
)

// wrongIdentity is the identity of the badge that is not the test account's.
const wrongIdentity = "someone-else@obcert.invalid"

// post is one badge obcert posts: the fixture, its Assertion Payload, what the provider must
// answer, and what it answered.
type post struct {
	Key      string
	About    string
	Payload  bc.AssertionPayload
	Valid    bool     // the provider must accept it (200 OK)
	Want     []string // for an invalid one, the statusText values that refuse it rightly
	ID       string   // the Assertion's id
	Original any      // the Assertion (for a JWS, its payload)
	Batch    int      // 1: before the since time; 2: after it
	Call     *call
}

// accepted reports whether the provider answered 200.
func (p *post) accepted() bool { return p.Call != nil && p.Call.ok(http.StatusOK) }

// postsStage is every valid badge posted, in two batches around a since time, and the upsert.
type postsStage struct {
	iss    *fixtures.Issuer
	posts  []*post // the valid ones, in posting order (the upsert last)
	since  string  // the since time between the batches, "" when the clock did not move
	err    string  // why nothing could be posted
	minted int
}

// sinceGap is the wait on each side of the since time: providers keep times to the second.
const sinceGap = 1100 * time.Millisecond

func (p *provider) issuer(ctx context.Context) (*fixtures.Issuer, error) {
	v := p.env.Memo("connect/issuer", func() any {
		iss, err := fixtures.Start(ctx, fixtures.WithClock(p.env.Now))
		if err != nil {
			return err
		}
		p.env.Defer(func() { _ = iss.Close() })
		return iss
	})
	if err, ok := v.(error); ok {
		return nil, fmt.Errorf("the fixtures issuer did not start (a harness bug): %w", err)
	}
	return v.(*fixtures.Issuer), nil
}

// hostedPost is the post of the hosted badge at u (its Assertion fetched from the issuer).
func (p *provider) hostedPost(ctx context.Context, key, about, u string) (*post, error) {
	resp, err := p.c.Do(ctx, bc.Request{URL: u, Header: http.Header{"Accept": {"application/ld+json"}}})
	if err != nil {
		return nil, err
	}
	if resp.Status != http.StatusOK {
		return nil, fmt.Errorf("the fixtures issuer answered HTTP %d for %s", resp.Status, u)
	}
	doc, err := bc.DecodeObject(resp.Body)
	if err != nil {
		return nil, err
	}
	var plain map[string]any
	_ = json.Unmarshal(resp.Body, &plain)
	return &post{Key: key, About: about, Payload: bc.AssertionPayload{Assertion: plain}, ID: u, Original: doc}, nil
}

// signedPost is the post of the compact JWS jws.
func signedPost(key, about, jws string) *post {
	payload, _ := jwsPayload(jws)
	id, _ := payload["id"].(string)
	return &post{Key: key, About: about, Payload: bc.AssertionPayload{SignedAssertion: jws}, ID: id, Original: payload}
}

func jwsPayload(jws string) (map[string]any, error) {
	parts := strings.Split(jws, ".")
	if len(parts) != 3 {
		return nil, errors.New("not a compact JWS")
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// isCompactJWS reports whether s has the form of a compact JWS.
func isCompactJWS(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts[:2] {
		if _, err := base64.RawURLEncoding.DecodeString(p); err != nil || p == "" {
			return false
		}
	}
	return true
}

func (p *provider) mint(ctx context.Context, s *postsStage, identity, about string) (*post, error) {
	u, _, err := s.iss.MintHosted(identity)
	if err != nil {
		return nil, err
	}
	s.minted++
	return p.hostedPost(ctx, fmt.Sprintf("minted-%d", s.minted), about, u)
}

// send posts one badge with the run's token.
func (p *provider) send(ctx context.Context, token string, b *post) {
	b.Call = p.resource(ctx, "POST /assertions of "+b.Key, bc.PostAssertions, nil, token, b.Payload)
}

// posts posts the valid badges: the hosted and the signed fixture and two minted ones, then
// (after the since time) two more minted ones and the hosted fixture again (the upsert).
func (p *provider) posts(ctx context.Context) *postsStage {
	return p.env.Memo("connect/posts", func() any {
		s := &postsStage{}
		token, reason := p.access(ctx)
		if token == "" {
			s.err = "obcert has no access token to post with: " + reason
			return s
		}
		var err error
		if s.iss, err = p.issuer(ctx); err != nil {
			s.err = err.Error()
			return s
		}
		if err := p.batch(ctx, s, token, 1); err != nil {
			s.err = err.Error()
			return s
		}
		s.since = p.sinceTime(ctx)
		if err := p.batch(ctx, s, token, 2); err != nil {
			s.err = err.Error()
		}
		return s
	}).(*postsStage)
}

func (p *provider) batch(ctx context.Context, s *postsStage, token string, n int) error {
	var todo []*post
	if n == 1 {
		vh, _ := s.iss.Fixture(fixtures.ValidHosted)
		hosted, err := p.hostedPost(ctx, fixtures.ValidHosted, "the valid hosted fixture, as an assertion object", vh.Badge.URL)
		if err != nil {
			return fmt.Errorf("the valid hosted fixture could not be read from the fixtures issuer: %v", err)
		}
		vs, _ := s.iss.Fixture(fixtures.ValidSigned)
		todo = append(todo, hosted, signedPost(fixtures.ValidSigned, "the valid signed fixture, as a signedAssertion", vs.Badge.JWS))
	}
	for range 2 {
		b, err := p.mint(ctx, s, "", "a valid hosted badge minted for this run")
		if err != nil {
			return fmt.Errorf("minting a badge: %v", err)
		}
		todo = append(todo, b)
	}
	if n == 2 && len(s.posts) > 0 {
		again := *s.posts[0]
		again.Key, again.About, again.Call = again.Key+" (again)", "the valid hosted fixture posted a second time (an update)", nil
		todo = append(todo, &again)
	}
	for _, b := range todo {
		b.Valid, b.Batch = true, n
		p.send(ctx, token, b)
		s.posts = append(s.posts, b)
	}
	return nil
}

// sinceTime waits, takes the time and waits again, so that the first batch is before it and
// the second after it at a second's resolution; "" when the run's clock does not move (pinned).
func (p *provider) sinceTime(ctx context.Context) string {
	before := p.env.Now()
	sleep(ctx, sinceGap)
	t := p.env.Now()
	if !t.After(before) {
		return ""
	}
	sleep(ctx, sinceGap)
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// valid returns the accepted valid posts, one per Assertion id (the latest).
func (s *postsStage) accepted() []*post {
	seen := map[string]int{}
	var out []*post
	for _, b := range s.posts {
		if !b.accepted() {
			continue
		}
		if i, ok := seen[b.ID]; ok {
			out[i] = b
			continue
		}
		seen[b.ID] = len(out)
		out = append(out, b)
	}
	return out
}

// page is one page of GET /assertions read.
type page struct {
	call   *call
	offset int
	list   []item // the page's items, read leniently (connect/get-assertions-shape judges their form)
	doc    map[string]any
	links  []bc.Link
	err    string // why the page could not be read
}

// items are the page's items: unsigned, then signed.
func (pg *page) items() []item { return pg.list }

// listOf reads the items of a GET /assertions body: each object of assertions, and each
// compact JWS of signedAssertions (an entry that is not a string is kept by the id of the JWS
// it wraps, with neither JWS nor Assertion, so that walks still count it and the round trip
// fails it).
func listOf(doc map[string]any) []item {
	var out []item
	as, _ := doc["assertions"].([]any)
	for _, v := range as {
		if a, ok := v.(map[string]any); ok {
			id, _ := a["id"].(string)
			out = append(out, item{ID: id, Assertion: a})
		}
	}
	ss, _ := doc["signedAssertions"].([]any)
	for _, v := range ss {
		switch t := v.(type) {
		case string:
			pl, _ := jwsPayload(t)
			id, _ := pl["id"].(string)
			out = append(out, item{ID: id, JWS: t, Assertion: pl})
		case map[string]any:
			out = append(out, item{ID: wrappedID(t)})
		}
	}
	return out
}

// wrappedID is the id of the Assertion of the first compact JWS among obj's members, or its id.
func wrappedID(obj map[string]any) string {
	for _, v := range obj {
		if s, ok := v.(string); ok && isCompactJWS(s) {
			if pl, err := jwsPayload(s); err == nil {
				if id, ok := pl["id"].(string); ok {
					return id
				}
			}
		}
	}
	id, _ := obj["id"].(string)
	return id
}

// key identifies an item's content, to compare lists as multisets.
func (it item) key() string {
	if it.JWS != "" {
		return "jws " + it.JWS
	}
	b, _ := json.Marshal(it.Assertion)
	return it.ID + " " + string(b)
}

type item struct {
	ID        string
	Assertion map[string]any
	JWS       string
}

// walk is every page of GET /assertions with query q, following next links.
type walk struct {
	pages []*page
	err   string // why the walk stopped before the last page
}

// maxPages bounds a walk.
const maxPages = 40

func (p *provider) walk(ctx context.Context, what string, q url.Values) *walk {
	w := &walk{}
	token, reason := p.access(ctx)
	if token == "" {
		w.err = "obcert has no access token: " + reason
		return w
	}
	next := p.endpoint(ctx, bc.GetAssertions.Path(), q)
	seen := map[string]bool{}
	for len(w.pages) < maxPages {
		if seen[next] {
			w.err = fmt.Sprintf("the next link of page %d points at a page already read (%s)", len(w.pages), next)
			return w
		}
		seen[next] = true
		pg := p.readPage(ctx, fmt.Sprintf("GET /assertions (%s, page %d)", what, len(w.pages)+1), next, token)
		w.pages = append(w.pages, pg)
		if pg.err != "" {
			w.err = pg.err
			return w
		}
		u, ok := bc.Rel(pg.links, "next")
		if !ok {
			return w
		}
		next = u
	}
	w.err = fmt.Sprintf("the next links went on for more than %d pages", maxPages)
	return w
}

func (p *provider) readPage(ctx context.Context, what, u, token string) *page {
	pg := &page{}
	pg.call = p.do(ctx, what, bc.GetAssertions, func(ctx context.Context) (*bc.Response, error) {
		return p.c.Call(ctx, http.MethodGet, u, token, nil)
	})
	if pu, err := url.Parse(u); err == nil {
		pg.offset, _ = strconv.Atoi(pu.Query().Get("offset"))
	}
	r := pg.call.Resp
	switch {
	case pg.call.Err != nil:
		pg.err = pg.call.describe()
		return pg
	case r.Status != http.StatusOK:
		pg.err = pg.call.describe() + ", not 200"
		return pg
	}
	var err error
	if pg.doc, err = bc.DecodeObject(r.Body); err != nil {
		pg.err = what + ": " + err.Error()
		return pg
	}
	pg.list = listOf(pg.doc)
	base, _ := url.Parse(u)
	if pg.links, err = bc.ParseLinks(base, r.Header.Values("Link")); err != nil {
		pg.err = fmt.Sprintf("%s: the Link header could not be read: %v", what, err)
	}
	return pg
}

// all are the items of every page of the walk, in order.
func (w *walk) all() []item {
	var out []item
	for _, pg := range w.pages {
		out = append(out, pg.items()...)
	}
	return out
}

func (w *walk) evidence() []string {
	var ev []string
	for _, pg := range w.pages {
		ev = append(ev, pg.call.Evidence...)
	}
	return ev
}

// reads are the run's reads of GET /assertions after the posts: every page at limit=2, every
// page without a limit, and the pages since the since time.
type reads struct {
	posts *postsStage
	paged *walk // limit=2
	full  *walk // no parameters
	since *walk // since=..., nil when there is no since time
	shift *page // limit=2&offset=1
}

const pageLimit = 2

func (p *provider) reads(ctx context.Context) *reads {
	return p.env.Memo("connect/reads", func() any {
		r := &reads{posts: p.posts(ctx)}
		if r.posts.err != "" {
			return r
		}
		r.paged = p.walk(ctx, "limit 2", url.Values{"limit": {strconv.Itoa(pageLimit)}, "offset": {"0"}})
		r.full = p.walk(ctx, "every item", nil)
		if r.posts.since != "" {
			r.since = p.walk(ctx, "since "+r.posts.since, url.Values{"since": {r.posts.since}})
		}
		token, _ := p.access(ctx)
		r.shift = p.readPage(ctx, "GET /assertions (limit 2, offset 1)", p.endpoint(ctx, bc.GetAssertions.Path(),
			url.Values{"limit": {strconv.Itoa(pageLimit)}, "offset": {"1"}}), token)
		return r
	}).(*reads)
}
