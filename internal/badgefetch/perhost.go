package badgefetch

import (
	"context"
	"net/url"
	"strings"
	"sync"

	"github.com/obcert/obcert/openbadges/verify"
)

// PerHost is a verify.Fetcher that lets at most n fetches be in flight to any one host (the host
// and port of the requested URL) at a time, so that many badges verified at once do not flood the
// candidate. A fetch waiting for a slot ends when its context does.
type PerHost struct {
	next verify.Fetcher
	n    int

	mu    sync.Mutex
	slots map[string]chan struct{}
}

// DefaultPerHost is the number of fetches in flight to one host when none is given.
const DefaultPerHost = 4

// NewPerHost wraps next so that at most n fetches reach one host at once (n < 1 takes DefaultPerHost).
func NewPerHost(next verify.Fetcher, n int) *PerHost {
	if n < 1 {
		n = DefaultPerHost
	}
	return &PerHost{next: next, n: n, slots: map[string]chan struct{}{}}
}

var _ verify.Fetcher = (*PerHost)(nil)

func (p *PerHost) Fetch(ctx context.Context, rawURL, accept string) (*verify.Fetched, error) {
	slot := p.slot(hostOf(rawURL))
	select {
	case slot <- struct{}{}:
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
	defer func() { <-slot }()
	return p.next.Fetch(ctx, rawURL, accept)
}

func (p *PerHost) slot(host string) chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := p.slots[host]
	if !ok {
		s = make(chan struct{}, p.n)
		p.slots[host] = s
	}
	return s
}

// hostOf is the URL's host[:port], lower-cased; a URL that does not parse shares one slot set.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}
