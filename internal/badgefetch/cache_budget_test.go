package badgefetch

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/openbadges/verify"
)

// TestCacheKeepsBudgets: a badge verified through a warm run cache asks for, records and spends
// exactly the fetches it does through a cold one: the cache answers below the budgets, never
// instead of them. Under tight limits, a warm cache changes no verdict.
func TestCacheKeepsBudgets(t *testing.T) {
	m, err := httpx.LoadOfflineMap(filepath.Join("..", "..", "testdata", "validator-core-testfiles", "scenarios", "01-hosted-2_0-basic", "mocks.json"))
	if err != nil {
		t.Fatal(err)
	}
	cache := NewCache(Fetcher{Client: httpx.New(httpx.WithTransport(m))}, 0, 0)
	in := verify.Input{Value: "https://example.org/beths-robotics-badge.json"}
	var fetches []int
	for range 3 {
		res, err := verify.New(verify.WithFetcher(cache)).Verify(context.Background(), in)
		if err != nil || !res.Valid {
			t.Fatalf("err %v valid %v: %v", err, res.Valid, res.Findings)
		}
		fetches = append(fetches, len(res.Fetches))
	}
	if fetches[0] == 0 || fetches[1] != fetches[0] || fetches[2] != fetches[0] {
		t.Errorf("fetches recorded cold, warm, warm: %v", fetches)
	}
	if hits, _ := cache.Stats(); hits != int64(2*fetches[0]) {
		t.Errorf("%d hits, want %d", hits, 2*fetches[0])
	}
	// Under tight graph limits the verdict and findings are the same, cold or warm.
	cold, _ := verify.New(verify.WithFetcher(Fetcher{Client: httpx.New(httpx.WithTransport(m))}), verify.WithLimits(1, 1)).Verify(context.Background(), in)
	warm, _ := verify.New(verify.WithFetcher(cache), verify.WithLimits(1, 1)).Verify(context.Background(), in)
	if cold.Valid != warm.Valid || cold.Incomplete != warm.Incomplete || len(cold.Findings) != len(warm.Findings) {
		t.Errorf("tight limits: cold valid %v incomplete %v %d findings; warm %v %v %d",
			cold.Valid, cold.Incomplete, len(cold.Findings), warm.Valid, warm.Incomplete, len(warm.Findings))
	}
}
