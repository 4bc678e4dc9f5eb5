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
		runner := func(b *testing.B) *batchRunner {
			r, err := newBatchRunner(f)
			if err != nil {
				b.Fatal(err)
			}
			return r
		}
		// measure runs loop (which validates b.N badges, each through the runner get gives it) and
		// reports badges/s.
		measure := func(b *testing.B, loop func(get func() *batchRunner)) {
			shared := runner(b)
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			loop(func() *batchRunner { return shared })
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "badges/s")
		}
		one := func(b *testing.B, r *batchRunner) bool {
			if l := r.one(context.Background(), item); !l.Valid {
				b.Errorf("not valid: %+v", l.Messages)
				return false
			}
			return true
		}
		b.Run(c.name+"/single", func(b *testing.B) {
			measure(b, func(func() *batchRunner) {
				for range b.N {
					one(b, runner(b))
				}
			})
		})
		b.Run(c.name+"/batch", func(b *testing.B) {
			measure(b, func(get func() *batchRunner) {
				for range b.N {
					one(b, get())
				}
			})
		})
		b.Run(c.name+"/parallel", func(b *testing.B) {
			measure(b, func(get func() *batchRunner) {
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() && one(b, get()) {
					}
				})
			})
		})
	}
}
