package httpx

// DefaultMaxBodyBytes is the largest response body a Client reads unless WithMaxBodyBytes says
// otherwise.
const DefaultMaxBodyBytes = defaultMaxBodyBytes

// NewRecorderKeeping returns a Recorder that keeps each body whole up to limit bytes instead of
// the first 256 KiB: what an audit run records so that a replay can answer every request from
// it. Give it the client's body cap (DefaultMaxBodyBytes) and no body the client read is cut.
func NewRecorderKeeping(limit int) *Recorder { return &Recorder{keep: limit} }

func (r *Recorder) kept() int {
	if r.keep > 0 {
		return r.keep
	}
	return maxKeptBody
}
