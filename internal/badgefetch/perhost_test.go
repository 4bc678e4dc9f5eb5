package badgefetch

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/obcert/obcert/openbadges/verify"
)

// slowFetcher counts the fetches in flight per host and the most it saw.
type slowFetcher struct {
	mu       sync.Mutex
	inFlight map[string]int
	most     map[string]int
	total    atomic.Int64
}

func (s *slowFetcher) Fetch(ctx context.Context, u, accept string) (*verify.Fetched, error) {
	h := hostOf(u)
	s.mu.Lock()
	s.inFlight[h]++
	s.most[h] = max(s.most[h], s.inFlight[h])
	s.mu.Unlock()
	s.total.Add(1)
	time.Sleep(2 * time.Millisecond)
	s.mu.Lock()
	s.inFlight[h]--
	s.mu.Unlock()
	return &verify.Fetched{URL: u, Status: 200}, nil
}

// TestPerHost: 32 workers fetching from two hosts never have more than 3 fetches in flight to
// either, yet do reach 3 (the limit is a limit, not a serialization); a fetch waiting for a slot
// ends with its context.
func TestPerHost(t *testing.T) {
	next := &slowFetcher{inFlight: map[string]int{}, most: map[string]int{}}
	p := NewPerHost(next, 3)
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 10 {
				p.Fetch(context.Background(), fmt.Sprintf("http://host%d.example:8080/a/%d", (i+j)%2, j), "")
			}
		}()
	}
	wg.Wait()
	if next.total.Load() != 320 {
		t.Fatalf("%d fetches reached the next fetcher, want 320", next.total.Load())
	}
	for _, h := range []string{"host0.example:8080", "host1.example:8080"} {
		if next.most[h] != 3 {
			t.Errorf("at most %d fetches were in flight to %s, want exactly 3", next.most[h], h)
		}
	}

	// Every slot of one host taken: the next fetch waits, and gives up with its context.
	block := make(chan struct{})
	held := NewPerHost(fetcherFunc(func(ctx context.Context, u, a string) (*verify.Fetched, error) {
		<-block
		return &verify.Fetched{URL: u, Status: 200}, nil
	}), 1)
	go held.Fetch(context.Background(), "http://h.example/1", "")
	time.Sleep(10 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := held.Fetch(ctx, "http://h.example/2", ""); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a fetch waiting for a slot returned %v, want the context's deadline", err)
	}
	close(block)
}

type fetcherFunc func(ctx context.Context, u, accept string) (*verify.Fetched, error)

func (f fetcherFunc) Fetch(ctx context.Context, u, accept string) (*verify.Fetched, error) {
	return f(ctx, u, accept)
}
