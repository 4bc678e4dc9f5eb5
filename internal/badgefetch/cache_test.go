package badgefetch

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/obcert/obcert/openbadges/verify"
)

// countingFetcher answers from a table and counts the fetches of each URL.
type countingFetcher struct {
	mu     sync.Mutex
	calls  map[string]int
	answer func(url string) (*verify.Fetched, error)
	delay  time.Duration
}

func (f *countingFetcher) Fetch(ctx context.Context, url, accept string) (*verify.Fetched, error) {
	f.mu.Lock()
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[url]++
	f.mu.Unlock()
	time.Sleep(f.delay)
	return f.answer(url)
}

func (f *countingFetcher) count(url string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[url]
}

func answerBy(url string) (*verify.Fetched, error) {
	switch {
	case strings.Contains(url, "gone"):
		return &verify.Fetched{URL: url, Status: 410, Body: []byte("{}")}, nil
	case strings.Contains(url, "nostore"):
		return &verify.Fetched{URL: url, Status: 200, Header: http.Header{"Cache-Control": {"no-store"}}, Body: []byte("{}")}, nil
	case strings.Contains(url, "down"):
		return nil, errors.New("connection refused")
	case strings.Contains(url, "big"):
		return &verify.Fetched{URL: url, Status: 200, Body: make([]byte, 300)}, nil
	}
	return &verify.Fetched{URL: url, Status: 200, Header: http.Header{"X": {"1"}}, Body: []byte(`{"id":"` + url + `"}`)}, nil
}

func TestCacheOnlyOKAnswers(t *testing.T) {
	next := &countingFetcher{answer: answerBy}
	c := NewCache(next, 10, 1<<20)
	ctx := context.Background()
	for range 3 {
		for _, u := range []string{"https://i/profile", "https://i/gone", "https://i/nostore", "https://i/down"} {
			c.Fetch(ctx, u, "application/json")
		}
	}
	for u, want := range map[string]int{"https://i/profile": 1, "https://i/gone": 3, "https://i/nostore": 3, "https://i/down": 3} {
		if got := next.count(u); got != want {
			t.Errorf("%s fetched %d times, want %d", u, got, want)
		}
	}
	// Another Accept is another document.
	c.Fetch(ctx, "https://i/profile", "image/png")
	if next.count("https://i/profile") != 2 {
		t.Error("a different Accept header was answered from the cache")
	}
	if hits, misses := c.Stats(); hits != 2 || misses != 11 {
		t.Errorf("hits %d misses %d", hits, misses)
	}
}

// TestCacheSharesBodies: every caller gets its own *Fetched, whose fields it may change without
// reaching another caller or the cache, and one shared Body and Header: a hit copies no bytes.
func TestCacheSharesBodies(t *testing.T) {
	next := &countingFetcher{answer: answerBy}
	c := NewCache(next, 10, 1<<20)
	ctx := context.Background()
	a, _ := c.Fetch(ctx, "https://i/p", "")
	b, _ := c.Fetch(ctx, "https://i/p", "")
	d, _ := c.Fetch(ctx, "https://i/p", "")
	if a == nil || b == nil || d == nil || a == b || b == d || a == d {
		t.Fatalf("the callers do not each get their own *Fetched: %p %p %p", a, b, d)
	}
	if next.count("https://i/p") != 1 {
		t.Fatalf("fetched %d times, want once", next.count("https://i/p"))
	}
	if &a.Body[0] != &b.Body[0] || &b.Body[0] != &d.Body[0] ||
		reflect.ValueOf(a.Header).UnsafePointer() != reflect.ValueOf(b.Header).UnsafePointer() {
		t.Error("a hit copied the body or the header")
	}
	a.URL, a.Evidence, a.Status = "changed", "changed", 500
	b.Evidence = "mine"
	e, _ := c.Fetch(ctx, "https://i/p", "")
	if e.URL != "https://i/p" || e.Status != 200 || e.Evidence != "" || d.URL != "https://i/p" || d.Evidence != "" {
		t.Errorf("a caller's change to its own fields reached another: %+v %+v", e, d)
	}
}

func TestCacheBounds(t *testing.T) {
	next := &countingFetcher{answer: answerBy}
	c := NewCache(next, 2, 1000)
	ctx := context.Background()
	for _, u := range []string{"https://a", "https://b", "https://c", "https://a"} {
		c.Fetch(ctx, u, "")
	}
	if next.count("https://a") != 2 {
		t.Error("the oldest entry was kept beyond the entry bound")
	}
	// Each 300-byte body is under a quarter of 1,000 bytes; the fourth pushes the first out.
	next = &countingFetcher{answer: answerBy}
	c = NewCache(next, 100, 1000)
	for _, u := range []string{"https://big1", "https://big2", "https://big3", "https://big4", "https://big1"} {
		c.Fetch(ctx, u, "")
	}
	if next.count("https://big1") != 2 || c.bytes > 1000 {
		t.Errorf("byte bound not kept: %d bytes, big1 fetched %d times", c.bytes, next.count("https://big1"))
	}
}

func TestCacheSingleFlight(t *testing.T) {
	next := &countingFetcher{answer: answerBy, delay: 20 * time.Millisecond}
	c := NewCache(next, 10, 1<<20)
	var wg sync.WaitGroup
	var ok atomic.Int32
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if d, err := c.Fetch(context.Background(), "https://i/profile", ""); err == nil && d.Status == 200 {
				ok.Add(1)
			}
		}()
	}
	wg.Wait()
	if next.count("https://i/profile") != 1 || ok.Load() != 16 {
		t.Errorf("16 concurrent fetches made %d fetches, %d answered", next.count("https://i/profile"), ok.Load())
	}
	// A waiter whose context ends stops waiting.
	slow := &countingFetcher{answer: answerBy, delay: time.Second}
	c = NewCache(slow, 10, 1<<20)
	go c.Fetch(context.Background(), "https://slow", "")
	time.Sleep(10 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := c.Fetch(ctx, "https://slow", ""); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiter: %v", err)
	}
}
