package badgefetch

import (
	"container/list"
	"context"
	"strings"
	"sync"

	"github.com/obcert/obcert/openbadges/verify"
)

// Cache is a verify.Fetcher that remembers documents across the badges of one batch run, so that
// 1,000 badges of one issuer fetch its Profile (BadgeClass, key, revocation list, context) once.
//
// What is cached: only 200 OK answers, keyed by URL and Accept header, and not when the answer says
// Cache-Control: no-store. Errors and every other status (a 410 revocation, a 404, a redirect that
// ended badly) are fetched each time. The cache lives for one run (one process), is bounded in
// entries and in bytes (the oldest used entry goes first), and concurrent workers asking for the same
// URL wait for one fetch (single flight).
//
// Bodies and headers are shared and read-only: the cache keeps the document its Fetcher returned
// without copying it, and every hit gets its own *Fetched (verify keys its records by the
// pointer) whose Header and Body are the cached ones, shared with every other caller (and, over
// an offline map, with the map itself). No verification writes into a body or a header
// (TestVerificationsWriteNoSharedBytes runs the scenarios through the cache to show it); a caller
// that needs to change one copies it first.
//
// Why a verdict cannot depend on order: within a run a cached URL answers what it answered the first
// time, and the first answer is the one any badge would have got at that moment; the budgets of a
// verification are counted above the Fetcher (verify's fetch budget and the JSON-LD load budget count
// every load, cached or not), so a cache hit spends exactly what a fetch spends.
type Cache struct {
	next       verify.Fetcher
	maxEntries int
	maxBytes   int64

	mu      sync.Mutex
	entries map[cacheKey]*cacheEntry
	lru     *list.List // of *cacheEntry, most recently used first
	bytes   int64
	hits    int64
	misses  int64
}

// cacheKey is what a cached document is cached by (a struct, so that a lookup builds no string).
type cacheKey struct{ accept, url string }

type cacheEntry struct {
	key  cacheKey
	done chan struct{} // closed when the fetch ended
	doc  *verify.Fetched
	ok   bool // doc is cacheable and kept
	elem *list.Element
}

// Default bounds of a batch cache.
const (
	DefaultCacheEntries = 4096
	DefaultCacheBytes   = 64 << 20
)

// NewCache wraps next with a run cache of at most maxEntries documents and maxBytes bytes of
// bodies (0 takes the defaults).
func NewCache(next verify.Fetcher, maxEntries int, maxBytes int64) *Cache {
	if maxEntries <= 0 {
		maxEntries = DefaultCacheEntries
	}
	if maxBytes <= 0 {
		maxBytes = DefaultCacheBytes
	}
	return &Cache{next: next, maxEntries: maxEntries, maxBytes: maxBytes,
		entries: map[cacheKey]*cacheEntry{}, lru: list.New()}
}

var _ verify.Fetcher = (*Cache)(nil)

// Stats reports the hits and misses so far.
func (c *Cache) Stats() (hits, misses int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses
}

// Fetch implements verify.Fetcher.
func (c *Cache) Fetch(ctx context.Context, url, accept string) (*verify.Fetched, error) {
	key := cacheKey{accept: accept, url: url}
	c.mu.Lock()
	if e, ok := c.entries[key]; ok {
		c.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if e.ok {
			c.mu.Lock()
			c.hits++
			if e.elem != nil {
				c.lru.MoveToFront(e.elem)
			}
			c.mu.Unlock()
			return shallow(e.doc), nil
		}
		// The first fetch was not cacheable: fetch for ourselves.
		return c.next.Fetch(ctx, url, accept)
	}
	e := &cacheEntry{key: key, done: make(chan struct{})}
	c.entries[key] = e
	c.misses++
	c.mu.Unlock()

	doc, err := c.next.Fetch(ctx, url, accept)
	c.mu.Lock()
	if err == nil && cacheable(doc) && int64(len(doc.Body)) <= c.maxBytes/4 {
		e.doc, e.ok = shallow(doc), true
		e.elem = c.lru.PushFront(e)
		c.bytes += int64(len(doc.Body))
		c.evict()
	} else {
		delete(c.entries, key)
	}
	close(e.done)
	c.mu.Unlock()
	return doc, err
}

// evict drops the least recently used entries until the bounds hold; c.mu is held.
func (c *Cache) evict() {
	for c.lru.Len() > c.maxEntries || c.bytes > c.maxBytes {
		last := c.lru.Back()
		if last == nil {
			return
		}
		e := last.Value.(*cacheEntry)
		c.lru.Remove(last)
		delete(c.entries, e.key)
		c.bytes -= int64(len(e.doc.Body))
	}
}

func cacheable(doc *verify.Fetched) bool {
	if doc == nil || doc.Status != 200 {
		return false
	}
	return !strings.Contains(strings.ToLower(doc.Header.Get("Cache-Control")), "no-store")
}

// shallow copies d's fields and shares its Header and Body, which no caller writes into: a caller
// may change its own fields (URL, Evidence, ...) without reaching the cache or another caller.
func shallow(d *verify.Fetched) *verify.Fetched {
	out := *d
	return &out
}
