package verify

import (
	"runtime"
	"sync"
	"time"
)

// heapDuring runs f and returns the peak live heap above the starting one, sampled with
// runtime.ReadMemStats every few milliseconds, and the bytes allocated in all, in MB.
func heapDuring(f func()) (peakMB, totalMB uint64) {
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	})
	f()
	close(stop)
	wg.Wait()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	peak = max(peak, after.HeapAlloc)
	if peak < before.HeapAlloc {
		peak = before.HeapAlloc
	}
	return (peak - before.HeapAlloc) >> 20, (after.TotalAlloc - before.TotalAlloc) >> 20
}
