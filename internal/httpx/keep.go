package httpx

// DefaultMaxBodyBytes is the largest response body a Client reads.
const DefaultMaxBodyBytes = maxBodyBytes

// KeepBodies makes a Recorder keep each body whole up to limit bytes instead of the first 256 KiB:
// what an audit run records so that a replay can answer every request from it. Give it the
// client's body cap (DefaultMaxBodyBytes) and no body the client read is cut.
func KeepBodies(limit int) RecorderOption { return func(r *Recorder) { r.keep = limit } }

func (r *Recorder) kept() int {
	if r.keep > 0 {
		return r.keep
	}
	return maxKeptBody
}
