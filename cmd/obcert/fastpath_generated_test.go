package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/openbadges/bake"
	"github.com/obcert/obcert/openbadges/jsonld"
	"github.com/obcert/obcert/reference"
)

// TestCompactFastPathOnGeneratedDocuments is the compaction fast path's differential test over the
// documents that exist only when code generates them: every document the fixtures issuer and the
// reference candidate serve (their Assertions, BadgeClasses, Profiles, keys, revocation lists,
// endorsements, the payloads of their signed and baked badges), found by following every URL of
// theirs from the badges they declare, through their handlers in process. It lives here because
// cmd is the one package that may import both (openbadges/jsonld TestCompactFastPathEqualsJSONGold
// covers the files of the repository).
func TestCompactFastPathOnGeneratedDocuments(t *testing.T) {
	ref, err := reference.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	iss, err := fixtures.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer iss.Close()

	c := &crawler{t: t, seen: map[string]bool{}}
	cf, _ := json.Marshal(ref.CandidateFile())
	c.site(ref.URL(), ref.Handler(), cf)
	fx, _ := json.Marshal(iss.Fixtures())
	c.site(iss.URL(), iss, fx)
	for _, f := range iss.Fixtures() {
		c.payload(f.Badge.JWS)
		if len(f.Badge.Image) > 0 {
			c.body(f.Badge.Image)
		}
	}
	c.run()
	t.Logf("generated documents: %d compared, %d took the fast path, %d mismatches (%d URLs fetched)", c.compared, c.fast, c.mismatches, len(c.seen))
	if c.compared < 40 || c.fast == 0 {
		t.Errorf("only %d generated documents compared, %d on the fast path: the crawl found too little", c.compared, c.fast)
	}
}

type crawler struct {
	t                          *testing.T
	sites                      []crawlSite
	queue                      []string
	seen                       map[string]bool
	compared, fast, mismatches int
}

type crawlSite struct {
	base string
	h    http.Handler
}

// site adds a server and the URLs of it that seed names.
func (c *crawler) site(base string, h http.Handler, seed []byte) {
	c.sites = append(c.sites, crawlSite{base: base, h: h})
	var v any
	_ = json.Unmarshal(seed, &v)
	c.links(v)
}

func (c *crawler) links(v any) {
	switch t := v.(type) {
	case string:
		for _, s := range c.sites {
			if strings.HasPrefix(t, s.base) && !c.seen[t] && len(c.seen) < 3000 {
				c.seen[t] = true
				c.queue = append(c.queue, t)
			}
		}
		if strings.Count(t, ".") == 2 && !strings.ContainsAny(t, " /:") {
			c.payload(t)
		}
	case map[string]any:
		for _, e := range t {
			c.links(e)
		}
	case []any:
		for _, e := range t {
			c.links(e)
		}
	}
}

func (c *crawler) run() {
	for len(c.queue) > 0 {
		u := c.queue[0]
		c.queue = c.queue[1:]
		for _, s := range c.sites {
			if strings.HasPrefix(u, s.base) {
				pu, err := url.Parse(u)
				if err != nil {
					continue
				}
				rec := httptest.NewRecorder()
				req := httptest.NewRequest(http.MethodGet, pu.RequestURI(), nil)
				req.Host = pu.Host
				req.Header.Set("Accept", "application/ld+json, application/json, image/png, image/svg+xml")
				s.h.ServeHTTP(rec, req)
				c.body(rec.Body.Bytes())
			}
		}
	}
}

// body takes a fetched or given body: JSON, a compact JWS or a baked image.
func (c *crawler) body(b []byte) {
	if bake.Sniff(b) != "" {
		if ex, err := bake.Extract(b); err == nil {
			c.body([]byte(strings.TrimSpace(ex.Payload)))
		}
		return
	}
	t := strings.TrimSpace(string(b))
	if !strings.HasPrefix(t, "{") {
		c.payload(t)
		return
	}
	var v any
	if json.Unmarshal([]byte(t), &v) != nil {
		return
	}
	c.compare(v)
	c.links(v)
}

// payload takes the payload of a compact JWS.
func (c *crawler) payload(tok string) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return
	}
	p, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil || len(p) == 0 || p[0] != '{' {
		return
	}
	c.body(p)
}

// compare checks v and every object nested in it, each as a document in the OB v2 context.
func (c *crawler) compare(v any) {
	switch t := v.(type) {
	case map[string]any:
		doc := t
		if _, has := t["@context"]; !has {
			doc = make(map[string]any, len(t)+1)
			for k, e := range t {
				doc[k] = e
			}
			doc["@context"] = jsonld.V2
		}
		c.compared++
		fast, err := jsonld.CheckCompactFastPath(doc)
		if fast {
			c.fast++
		}
		if err != nil {
			c.mismatches++
			c.t.Errorf("%v", err)
		}
		for _, e := range t {
			c.compare(e)
		}
	case []any:
		for _, e := range t {
			c.compare(e)
		}
	}
}
