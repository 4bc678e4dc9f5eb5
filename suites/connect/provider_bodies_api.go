package connect

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges"
	bc "github.com/obcert/obcert/openbadges/connect"
	"github.com/obcert/obcert/suites"
)

// withPosts runs f when the valid badges could be posted.
func withPosts(f func(ctx context.Context, p *provider, s *postsStage, o *suites.Outcome)) body {
	return withProvider(func(ctx context.Context, p *provider, o *suites.Outcome) {
		s := p.posts(ctx)
		if s.err != "" {
			o.CouldNotRead("the posts of valid badges", s.err)
			return
		}
		f(ctx, p, s, o)
	})
}

var postAssertion = withPosts(func(_ context.Context, _ *provider, s *postsStage, o *suites.Outcome) {
	for _, b := range s.posts {
		if b.Batch == 1 && b.Key != "valid-hosted" && b.Key != "valid-signed" && !strings.HasSuffix(b.Key, "(again)") {
			continue
		}
		subject := "POST /assertions of " + b.Key
		o.AddEvidence(b.Call.Evidence...)
		if b.Call.Err != nil {
			o.CouldNotReach(subject, b.Call.describe())
			continue
		}
		o.Check(subject)
		st, _ := bc.CheckEnvelope(bc.PostAssertions, b.Call.Resp.Status, b.Call.Resp.Body)
		if b.Call.Resp.Status != http.StatusOK || st.StatusText != bc.StatusOK {
			problem(o, subject, []string{"CONNECT-73"}, "%s (%s), not HTTP 200 OK", b.Call.describe(), b.About)
			continue
		}
		if doc, err := bc.DecodeObject(b.Call.Resp.Body); err == nil && len(doc) != 1 {
			problem(o, subject, []string{"CONNECT-73"}, "the 200 answer to %s carries more than the status (CONNECT-73: the 200 response is {status} only)", subject)
		}
	}
})

var postRoundTrip = withPosts(func(ctx context.Context, p *provider, s *postsStage, o *suites.Outcome) {
	r := p.reads(ctx)
	o.AddEvidence(r.full.evidence()...)
	if r.full.err != "" {
		o.CouldNotRead("GET /assertions", r.full.err)
		return
	}
	items := r.full.all()
	for _, b := range s.accepted() {
		subject := b.Key
		o.Check(subject)
		i := slices.IndexFunc(items, func(it item) bool { return it.ID == b.ID })
		if i < 0 {
			problem(o, subject, []string{"CONNECT-73"}, "%s (%s), accepted by POST /assertions, is not in GET /assertions", b.ID, b.About)
			continue
		}
		it := items[i]
		if b.Payload.SignedAssertion != "" && it.JWS == b.Payload.SignedAssertion {
			continue
		}
		got := any(it.Assertion)
		d, err := suites.CompareGraphs(ctx, b.Original, got)
		if err != nil {
			problem(o, subject, []string{"CONNECT-73"}, "GET /assertions gave %s back in a form obcert cannot compare: %v", b.ID, err)
			continue
		}
		if len(d.Missing) > 0 || len(d.Added) > 0 {
			problem(o, subject, []string{"CONNECT-73"}, "GET /assertions gives %s back changed: %s", b.ID, describeDiff(d))
		}
	}
})

func describeDiff(d suites.GraphDiff) string {
	var parts []string
	if n := len(d.Missing); n > 0 {
		parts = append(parts, fmt.Sprintf("%d statement(s) lost, such as %s", n, d.Missing[0]))
	}
	if n := len(d.Added); n > 0 {
		parts = append(parts, fmt.Sprintf("%d statement(s) added, such as %s", n, d.Added[0]))
	}
	return strings.Join(parts, "; ")
}

var postVerifies = withPosts(func(ctx context.Context, p *provider, s *postsStage, o *suites.Outcome) {
	if len(s.accepted()) == 0 {
		o.CouldNotRead("the valid badges posted (the positive control)", "the provider accepted none of them, so a refusal of a bad one proves nothing")
		return
	}
	bad, reason := p.invalidPosts(ctx)
	if reason != "" {
		o.CouldNotRead("the invalid badges", reason)
		return
	}
	for _, b := range bad {
		subject := "POST /assertions of " + b.Key
		o.AddEvidence(b.Call.Evidence...)
		if b.Call.Err != nil {
			o.CouldNotReach(subject, b.Call.describe())
			continue
		}
		o.Check(subject)
		st, _ := bc.CheckEnvelope(bc.PostAssertions, b.Call.Resp.Status, b.Call.Resp.Body)
		if b.Call.Resp.Status != http.StatusBadRequest || !slices.Contains(b.Want, st.StatusText) {
			problem(o, subject, []string{"CONNECT-74"}, "%s for %s, where it must be refused with HTTP 400 %s", b.Call.describe(), b.About, strings.Join(b.Want, " or "))
		}
	}
})

// allowedTop are the members each body may carry at the top level (the schemas').
var allowedTop = map[bc.Endpoint][]string{bc.GetAssertions: {"status", "assertions", "signedAssertions"}, bc.GetProfile: {"status", "profile"}}

// unknownMembers are the members of node that are neither JSON-LD keywords nor terms of the OB
// context nor namespaced (prefix:name or IRI) extensions.
func unknownMembers(node map[string]any) []string {
	var out []string
	for k := range node {
		if !strings.HasPrefix(k, "@") && !openbadges.IsCompactIRI(k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func extraMembers(doc map[string]any, allowed []string) []string {
	var out []string
	for k := range doc {
		if !slices.Contains(allowed, k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

var noExtensionFields = withProvider(func(ctx context.Context, p *provider, o *suites.Outcome) {
	r, prof := p.reads(ctx), p.profile(ctx)
	if r.posts.err != "" {
		o.CouldNotRead("GET /assertions", r.posts.err)
		return
	}
	for _, pg := range r.full.pages {
		o.AddEvidence(pg.call.Evidence...)
		if pg.doc == nil {
			continue
		}
		o.Check(pg.call.What)
		if extra := extraMembers(pg.doc, allowedTop[bc.GetAssertions]); len(extra) > 0 {
			problem(o, pg.call.What, []string{"CONNECT-05"}, "the body carries %s beside status, assertions and signedAssertions", strings.Join(extra, ", "))
		}
		for _, it := range pg.items() {
			if extra := unknownMembers(it.Assertion); len(extra) > 0 {
				problem(o, pg.call.What, []string{"CONNECT-05"}, "Assertion %s carries %s, which are neither Open Badges terms nor namespaced extensions", it.ID, strings.Join(extra, ", "))
			}
		}
	}
	if prof.get != nil && prof.get.ok(http.StatusOK) {
		o.AddEvidence(prof.get.Evidence...)
		if doc, err := bc.DecodeObject(prof.get.Resp.Body); err == nil {
			o.Check("GET /profile")
			if extra := extraMembers(doc, allowedTop[bc.GetProfile]); len(extra) > 0 {
				problem(o, "GET /profile", []string{"CONNECT-05"}, "the body carries %s beside status and profile", strings.Join(extra, ", "))
			}
		}
	}
	if len(o.Checked) == 0 {
		o.CouldNotRead("GET /assertions", "no page of GET /assertions could be read: "+r.full.err)
	}
})

var getAssertionsShape = withPosts(func(ctx context.Context, p *provider, _ *postsStage, o *suites.Outcome) {
	r := p.reads(ctx)
	for _, pg := range append(slices.Clone(r.full.pages), r.paged.pages...) {
		o.AddEvidence(pg.call.Evidence...)
		if pg.doc == nil {
			o.CouldNotRead(pg.call.What, pg.err)
			continue
		}
		o.Check(pg.call.What)
		findings(o, pg.call.What, schemaOf(bc.GetAssertionsBody, pg.doc), "CONNECT-71")
		ss, _ := pg.doc["signedAssertions"].([]any)
		for i, v := range ss {
			if s, ok := v.(string); !ok || !isCompactJWS(s) {
				problem(o, pg.call.What, []string{"CONNECT-71"}, "signedAssertions[%d] is not a compact JWS string", i)
			}
		}
	}
})

// schemaOf validates doc against b's schema, every error a finding under CONNECT-71/-75.
func schemaOf(b bc.Body, doc map[string]any) []bcFinding {
	return bc.CheckSchema(b, doc, []string{"CONNECT-71", "CONNECT-75"})
}

type bcFinding = bc.Finding

// withPaged runs f over the limit=2 walk, when at least five badges were accepted.
func withPaged(f func(ctx context.Context, p *provider, r *reads, o *suites.Outcome)) body {
	return withPosts(func(ctx context.Context, p *provider, s *postsStage, o *suites.Outcome) {
		if n := len(s.accepted()); n < 5 {
			o.CouldNotRead("the pages of GET /assertions", fmt.Sprintf("the provider accepted %d distinct badges of the %d obcert posted, fewer than the 5 that make several pages", n, len(s.posts)))
			return
		}
		r := p.reads(ctx)
		o.AddEvidence(r.paged.evidence()...)
		if len(r.paged.pages) == 0 {
			o.CouldNotRead("GET /assertions?limit=2", r.paged.err)
			return
		}
		f(ctx, p, r, o)
	})
}

var paginationLinks = withPaged(func(_ context.Context, _ *provider, r *reads, o *suites.Outcome) {
	w := r.paged
	if w.err != "" {
		problem(o, "the walk of GET /assertions?limit=2", []string{"CONNECT-62"}, "%s", w.err)
	}
	total := len(r.full.all())
	for i, pg := range w.pages {
		if pg.err != "" {
			continue
		}
		subject := pg.call.What
		o.Check(subject)
		_, hasNext := bc.Rel(pg.links, "next")
		if hasNext && i+1 < len(w.pages) && w.pages[i+1].err == "" && len(w.pages[i+1].items()) == 0 && len(pg.items()) > 0 {
			problem(o, subject, []string{"CONNECT-62"}, "the last page (offset %d) links a next page, which holds no item", pg.offset)
		}
		complete := len(w.pages) == 1 && len(pg.items()) >= total
		if len(pg.call.Resp.Header.Values("Link")) == 0 {
			if !complete && len(pg.items()) > 0 {
				problem(o, subject, []string{"CONNECT-61"}, "the page at offset %d of an incomplete list (%d of %d items) has no Link header", pg.offset, len(pg.items()), total)
			}
			continue
		}
		for _, rel := range []string{"first", "last"} {
			if _, ok := bc.Rel(pg.links, rel); !ok {
				problem(o, subject, []string{"CONNECT-62"}, "the Link header of the page at offset %d has no rel=%q link", pg.offset, rel)
			}
		}
		if _, ok := bc.Rel(pg.links, "prev"); pg.offset > 0 && !ok {
			problem(o, subject, []string{"CONNECT-62"}, "the page at offset %d has no rel=\"prev\" link", pg.offset)
		}
		if !hasNext && i == len(w.pages)-1 && pg.offset+len(pg.items()) < total {
			problem(o, subject, []string{"CONNECT-62"}, "the page at offset %d ends before the last of the %d items but has no rel=\"next\" link", pg.offset, total)
		}
	}
	walkedEach(o, r)
})

// walkedEach checks that following next gave every item of the list exactly once: the same
// items, as many times each, as the list read without a limit, and every badge accepted.
func walkedEach(o *suites.Outcome, r *reads) {
	const subject = "the walk of GET /assertions?limit=2"
	count := func(items []item) map[string]int {
		m := map[string]int{}
		for _, it := range items {
			m[it.key()]++
		}
		return m
	}
	walked, listed := count(r.paged.all()), count(r.full.all())
	ids := map[string]string{}
	for _, it := range append(r.paged.all(), r.full.all()...) {
		ids[it.key()] = it.ID
	}
	for k, n := range walked {
		if n != listed[k] {
			problem(o, subject, []string{"CONNECT-62"}, "following next gave %s %d time(s), where the list without a limit holds it %d time(s)", ids[k], n, listed[k])
		}
	}
	for k, n := range listed {
		if walked[k] == 0 {
			problem(o, subject, []string{"CONNECT-62"}, "following next never gave %s, which the list without a limit holds %d time(s)", ids[k], n)
		}
	}
	got := map[string]bool{}
	for _, it := range r.paged.all() {
		got[it.ID] = true
	}
	for _, b := range r.posts.accepted() {
		if !got[b.ID] {
			problem(o, subject, []string{"CONNECT-62"}, "following next from the first page never gave %s (%s), which GET /assertions must list", b.ID, b.Key)
		}
	}
}

var paginationParams = withPaged(func(_ context.Context, _ *provider, r *reads, o *suites.Outcome) {
	for _, pg := range r.paged.pages {
		if pg.err != "" {
			continue
		}
		o.Check(pg.call.What)
		if n := len(pg.items()); n > pageLimit {
			problem(o, pg.call.What, []string{"CONNECT-63"}, "the page holds %d items, more than limit=%d", n, pageLimit)
		}
	}
	first, shifted := r.paged.pages[0], r.shift
	o.AddEvidence(shifted.call.Evidence...)
	if first.err != "" || shifted.err != "" {
		o.CouldNotRead("GET /assertions?limit=2&offset=1", strings.TrimSpace(first.err+" "+shifted.err))
		return
	}
	o.Check(shifted.call.What)
	a, b := first.items(), shifted.items()
	if len(a) < 2 || len(b) < 1 || a[1].ID != b[0].ID {
		problem(o, shifted.call.What, []string{"CONNECT-60"}, "offset=1 does not start at the second item of offset=0 (offset is zero-indexed)")
	}
})

var totalCount = withPaged(func(_ context.Context, _ *provider, r *reads, o *suites.Outcome) {
	o.AddEvidence(r.full.evidence()...)
	if r.full.err != "" {
		o.CouldNotRead("GET /assertions without a limit", r.full.err)
		return
	}
	n := len(r.full.all())
	for _, pg := range r.paged.pages {
		if pg.err != "" {
			continue
		}
		o.Check(pg.call.What)
		v := pg.call.Resp.Header.Get("X-Total-Count")
		if v == "" {
			continue
		}
		if got, err := strconv.Atoi(strings.TrimSpace(v)); err != nil || got != n {
			problem(o, pg.call.What, []string{"CONNECT-64"}, "X-Total-Count is %q, but the list holds %d items", v, n)
		}
	}
})

var onePerID = withPosts(func(ctx context.Context, p *provider, s *postsStage, o *suites.Outcome) {
	r := p.reads(ctx)
	o.AddEvidence(r.full.evidence()...)
	if r.full.err != "" {
		o.CouldNotRead("GET /assertions", r.full.err)
		return
	}
	o.Check("GET /assertions")
	seen := map[string]int{}
	for _, it := range r.full.all() {
		seen[it.ID]++
	}
	for id, n := range seen {
		if n > 1 {
			problem(o, "GET /assertions", []string{"CONNECT-72"}, "Assertion %s is listed %d times", id, n)
		}
	}
	if r.since == nil {
		o.Check("since: not checked, the run's clock does not move (pinned)")
		return
	}
	o.AddEvidence(r.since.evidence()...)
	subject := "GET /assertions?since=" + r.posts.since
	if r.since.err != "" {
		o.CouldNotRead(subject, r.since.err)
		return
	}
	o.Check(subject)
	later, earlier := map[string]bool{}, map[string]bool{}
	for _, b := range s.accepted() {
		if b.Batch == 2 {
			later[b.ID] = true
		}
	}
	for _, b := range s.posts {
		if b.accepted() && !later[b.ID] {
			earlier[b.ID] = true
		}
	}
	got := map[string]bool{}
	for _, it := range r.since.all() {
		got[it.ID] = true
		if earlier[it.ID] {
			problem(o, subject, []string{"CONNECT-72"}, "since=%s gives %s, last posted before that time", r.posts.since, it.ID)
		}
	}
	for id := range later {
		if !got[id] {
			problem(o, subject, []string{"CONNECT-72"}, "since=%s leaves out %s, posted after that time", r.posts.since, id)
		}
	}
})

// profileCall is the answer to one of the profile exchanges (what, picked from the run's
// profile stage), checked as the subject of o; nil, with o saying why, when there is none.
func profileCall(ctx context.Context, p *provider, o *suites.Outcome, what string, pick func(*profileStage) *call) *call {
	s := p.profile(ctx)
	if s.err != "" {
		o.CouldNotRead(what, s.err)
		return nil
	}
	c := pick(s)
	o.AddEvidence(c.Evidence...)
	if c.Err != nil {
		o.CouldNotReach(what, c.describe())
		return nil
	}
	o.Check(what)
	return c
}

var profileSpec = withProvider(func(ctx context.Context, p *provider, o *suites.Outcome) {
	c := profileCall(ctx, p, o, "GET /profile", func(s *profileStage) *call { return s.get })
	if c == nil {
		return
	}
	if c.Resp.Status != http.StatusOK {
		problem(o, "GET /profile", []string{"CONNECT-75"}, "%s, not 200", c.describe())
		return
	}
	doc, err := bc.DecodeObject(c.Resp.Body)
	if err != nil {
		problem(o, "GET /profile", []string{"CONNECT-75"}, "GET /profile: %v", err)
		return
	}
	// Members beside status and profile are connect/no-extension-fields' concern (CONNECT-05).
	findings(o, "GET /profile", schemaOf(bc.GetProfileBody, map[string]any{"status": doc["status"], "profile": doc["profile"]}), "CONNECT-75")
	prof, ok := doc["profile"].(map[string]any)
	if !ok {
		problem(o, "GET /profile", []string{"CONNECT-75"}, "the answer has no profile object")
		return
	}
	for _, f := range openbadges.ValidateNode(openbadges.ClassProfile, prof, openbadges.Options{}) {
		if f.Severity == obcert.Error {
			problem(o, "the profile", []string{"CONNECT-75"}, "the profile is not a valid Open Badges Profile: %s", f.Message)
		}
	}
	if extra := unknownMembers(prof); len(extra) > 0 {
		problem(o, "the profile", []string{"CONNECT-75"}, "the profile carries %s, which are neither Open Badges terms nor namespaced extensions (internal fields?)", strings.Join(extra, ", "))
	}
})

var profileUpdate = withProvider(func(ctx context.Context, p *provider, o *suites.Outcome) {
	c := profileCall(ctx, p, o, "POST /profile", func(s *profileStage) *call { return s.post })
	if c == nil {
		return
	}
	st, _ := bc.CheckEnvelope(bc.PostProfile, c.Resp.Status, c.Resp.Body)
	switch {
	case c.Resp.Status == http.StatusBadRequest && st.StatusText == bc.StatusBadRequest:
	case c.Resp.Status == http.StatusOK:
		doc, _ := bc.DecodeObject(c.Resp.Body)
		if _, ok := doc["profile"].(map[string]any); !ok {
			problem(o, "POST /profile", []string{"CONNECT-76"}, "the 200 answer to POST /profile carries no profile object")
		}
	default:
		problem(o, "POST /profile", []string{"CONNECT-76"}, "%s, not 200 with the profile or 400 BAD_REQUEST", c.describe())
	}
})

var tokenRevocation = withFlow(func(ctx context.Context, p *provider, o *suites.Outcome) {
	m := p.manifest(ctx)
	if m.err != "" {
		o.CouldNotRead("the manifest", m.err)
		return
	}
	if m.api.TokenRevocationURL == "" {
		o.Skip = "the manifest offers no tokenRevocationUrl (token revocation is optional, CONNECT-40)"
		return
	}
	f := p.fresh(ctx, "revocation", true)
	o.AddEvidence(f.evidence...)
	if reason := f.problem(false); reason != "" {
		o.CouldNotRead("a token to revoke", reason)
		return
	}
	before := p.resource(ctx, "GET /assertions with the token before its revocation", bc.GetAssertions, nil, f.token.AccessToken, nil)
	o.AddEvidence(before.Evidence...)
	if !before.ok(http.StatusOK) {
		o.CouldNotRead("the token before its revocation (the positive control)", before.describe())
		return
	}
	rev := p.do(ctx, "the revocation of an access token", "", func(ctx context.Context) (*bc.Response, error) {
		return p.c.PostForm(ctx, m.api.TokenRevocationURL, f.grant, url.Values{"token": {f.token.AccessToken}, "token_type_hint": {"access_token"}}, true)
	})
	o.AddEvidence(rev.Evidence...)
	if rev.Err != nil {
		o.CouldNotReach(rev.What, rev.describe())
		return
	}
	o.Check(rev.What)
	if rev.Resp.Status != http.StatusOK {
		problem(o, rev.What, []string{"CONNECT-41"}, "%s, not 200 (RFC 7009)", rev.describe())
		return
	}
	after := p.resource(ctx, "GET /assertions with the revoked token", bc.GetAssertions, nil, f.token.AccessToken, nil)
	o.AddEvidence(after.Evidence...)
	o.Check(after.What)
	st, _ := bc.CheckEnvelope(bc.GetAssertions, statusOf(after), bodyOf(after))
	if statusOf(after) != http.StatusUnauthorized || st.StatusText != bc.StatusUnauthenticated {
		problem(o, after.What, []string{"CONNECT-39"}, "%s, not 401 UNAUTHENTICATED", after.describe())
	}
})

func statusOf(c *call) int {
	if c.Resp == nil {
		return 0
	}
	return c.Resp.Status
}

func bodyOf(c *call) []byte {
	if c.Resp == nil {
		return nil
	}
	return c.Resp.Body
}
