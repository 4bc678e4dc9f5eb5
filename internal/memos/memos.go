// Package memos empties, together, the process-wide memories of pure functions that obcert keeps
// across the badges of a batch: verdicts on strings (is this an HTTP(S) URL, an IRI, inside this
// issuer's scope, kept as it is by compaction), the shape errors of values that repeat, parsed keys.
// Each is a function of its key alone, so no verdict depends on what was met first; but a new
// process starts with all of them empty, and a benchmark of the first badge of a process
// (cmd/obcert's BenchmarkColdHosted and BenchmarkColdSigned) must too.
package memos

import "sync"

var (
	mu     sync.Mutex
	resets []func()
)

// Register adds the function that empties one memory. Packages call it from init.
func Register(reset func()) {
	mu.Lock()
	defer mu.Unlock()
	resets = append(resets, reset)
}

// ForgetAll empties every registered memory, as at process start. It is safe to call while
// verifications run, which then remember afresh.
func ForgetAll() {
	mu.Lock()
	fs := append([]func(){}, resets...)
	mu.Unlock()
	for _, f := range fs {
		f()
	}
}

// Count is how many memories are registered.
func Count() int {
	mu.Lock()
	defer mu.Unlock()
	return len(resets)
}
