package suites

// Fresh returns an Env with the same candidate and tools and nothing memoized: a retried spec
// fetches again instead of reading the failed attempt's memo.
func (e *Env) Fresh() *Env {
	return &Env{Candidate: e.Candidate, BaseDir: e.BaseDir, Client: e.Client, Now: e.Now, RequestTimeout: e.RequestTimeout}
}
