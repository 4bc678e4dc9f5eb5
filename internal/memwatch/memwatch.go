// Package memwatch measures what a piece of code costs in memory, for the tests that hold
// obcert's memory flat whatever a hostile candidate sends.
package memwatch

import (
	"runtime"
	"sync"
	"time"
)

// During runs f and returns the peak live heap above the starting one, sampled with
// runtime.ReadMemStats every 2 ms, and the bytes allocated in all, both in MB.
func During(f func()) (peakMB, totalMB uint64) {
	peak, total := DuringBytes(f)
	return peak >> 20, total >> 20
}

// DuringBytes is During in bytes.
func DuringBytes(f func()) (peak, total uint64) {
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
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
	peak = max(peak, after.HeapAlloc, before.HeapAlloc)
	return peak - before.HeapAlloc, after.TotalAlloc - before.TotalAlloc
}
