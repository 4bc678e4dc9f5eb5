package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkValidateBatch measures the per-badge cost of validation through an offline map, hosted
// and signed: "single" builds everything per badge as one obcert validate process does (the offline
// map read, a new client, an empty cache), "batch" reuses one batch runner (one map, one run cache)
// one badge at a time, "parallel" runs the batch runner on every GOMAXPROCS worker. Each reports
// badges/s.
func BenchmarkValidateBatch(b *testing.B) {
	hosted, _ := filepath.Abs(filepath.Join(scenarios, "01-hosted-2_0-basic"))
	signed, _ := filepath.Abs(filepath.Join(scenarios, "11-signed-valid"))
	for _, c := range []struct{ name, dir, input string }{
		{"hosted", hosted, "https://example.org/beths-robotics-badge.json"},
		{"signed", signed, filepath.Join(signed, "assertion.jws")},
	} {
		f := validateFlags{offlineMap: filepath.Join(c.dir, "mocks.json"), timeout: time.Minute}
		item := batchItem{input: c.input}
		check := func(b *testing.B, l batchLine) {
			if !l.Valid {
				b.Fatalf("not valid: %+v", l.Messages)
			}
		}
		rate := func(b *testing.B, start time.Time) {
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "badges/s")
		}
		b.Run(c.name+"/single", func(b *testing.B) {
			b.ReportAllocs()
			start := time.Now()
			for range b.N {
				r, err := newBatchRunner(f)
				if err != nil {
					b.Fatal(err)
				}
				check(b, r.one(context.Background(), item))
			}
			rate(b, start)
		})
		b.Run(c.name+"/batch", func(b *testing.B) {
			r, err := newBatchRunner(f)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				check(b, r.one(context.Background(), item))
			}
			rate(b, start)
		})
		b.Run(c.name+"/parallel", func(b *testing.B) {
			r, err := newBatchRunner(f)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if l := r.one(context.Background(), item); !l.Valid {
						b.Error("not valid")
						return
					}
				}
			})
			rate(b, start)
		})
	}
}
