package verify

import (
	"context"
	"strings"
	"testing"
	"time"
)

// slowWeb answers like w after delay, or not at all when the call is cancelled first.
type slowWeb struct {
	w     fakeWeb
	delay time.Duration
}

func (s slowWeb) Fetch(ctx context.Context, u, accept string) (*Fetched, error) {
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-time.After(s.delay):
		return s.w.Fetch(ctx, u, accept)
	}
}

func TestIncompleteIsNeverValid(t *testing.T) {
	h := newHosted()
	cases := []struct {
		name string
		web  Fetcher
		opts []Option
		want string
	}{
		{"timed out", slowWeb{h.web(), 2 * time.Second}, nil, "ran out of time"},
		{"graph budget spent", h.web(), []Option{WithLimits(1, 5)}, "more than 1 Badge Objects"},
		{"links too deep", h.web(), []Option{WithLimits(0, 1)}, "deeper than 1 levels"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			res, _ := New(append([]Option{WithFetcher(c.web)}, c.opts...)...).Verify(ctx, Input{Value: "https://example.org/a.json"})
			if res.Valid || !res.Incomplete || !strings.Contains(res.IncompleteReason, c.want) {
				t.Fatalf("valid %v incomplete %v %q; want not valid, incomplete, %q", res.Valid, res.Incomplete, res.IncompleteReason, c.want)
			}
			if r := res.ValidatorReport().Report; r.Valid || !r.Incomplete || r.IncompleteReason == "" {
				t.Errorf("report %+v", r)
			}
		})
	}
}
