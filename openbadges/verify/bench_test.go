package verify_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/obcert/obcert/internal/badgefetch"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/openbadges/verify"
)

// scenarios are the reference validator's end-to-end tests, in the module's testdata.
const scenarios = "../../testdata/validator-core-testfiles/scenarios"

// benchScenario verifies a scenario's input through the whole pipeline: the hardened client
// answering from the scenario's offline map, JSON-LD, class validation and verification.
func benchScenario(b *testing.B, dir string) {
	dir = filepath.Join(scenarios, dir)
	m, err := httpx.LoadOfflineMap(filepath.Join(dir, "mocks.json"))
	if err != nil {
		b.Fatal(err)
	}
	in := verify.Input{Value: "https://example.org/beths-robotics-badge.json"}
	if raw, err := os.ReadFile(filepath.Join(dir, "assertion.jws")); err == nil {
		in = verify.Input{Data: raw, Name: "assertion.jws"}
	}
	v := verify.New(verify.WithFetcher(badgefetch.Fetcher{Client: httpx.New(httpx.WithTransport(m))}))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := v.Verify(context.Background(), in)
		if err != nil || !res.Valid {
			b.Fatalf("err=%v valid=%v %v", err, res.Valid, res.Findings)
		}
	}
}

func BenchmarkVerifyHosted(b *testing.B) { benchScenario(b, "01-hosted-2_0-basic") }
func BenchmarkVerifySigned(b *testing.B) { benchScenario(b, "11-signed-valid") }
