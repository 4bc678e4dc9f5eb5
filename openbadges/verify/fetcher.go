package verify

import (
	"context"
	"errors"
	"net/http"
)

// Fetcher gets a document by URL. Non-2xx answers are documents too (a 410 means revoked);
// an error means no answer at all.
type Fetcher interface {
	Fetch(ctx context.Context, url, accept string) (*Fetched, error)
}

// Fetched is one fetched document. Its Header and Body are read-only: a Fetcher may share them
// with other callers (a run cache hands every badge of a batch the same bytes, an offline map the
// bytes of its file), so a caller that needs to change one copies it first. Each Fetch returns its
// own *Fetched, whose other fields are the caller's.
type Fetched struct {
	URL         string // as requested
	FinalURL    string // after redirects
	Status      int
	ContentType string // media type, without parameters
	Header      http.Header
	Body        []byte
	// Evidence references the recorded exchange, when one was recorded.
	Evidence string
}

// errNoFetcher is returned by a Verifier that was given no Fetcher.
var errNoFetcher = errors.New("no fetcher configured: this verification needs a network fetch")

type noFetcher struct{}

func (noFetcher) Fetch(context.Context, string, string) (*Fetched, error) { return nil, errNoFetcher }

// FetchError is a fetch that got no answer, with the evidence reference of the exchange that was
// attempted (a Fetcher returns it so that the FetchRecord can link the exchange).
type FetchError struct {
	Err      error
	Evidence string
}

func (e *FetchError) Error() string { return e.Err.Error() }
func (e *FetchError) Unwrap() error { return e.Err }
