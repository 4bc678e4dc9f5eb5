package verify

import (
	"context"
	"errors"
	"net/http"

	"github.com/obcert/obcert/internal/httpx"
)

// Fetcher gets a document by URL. Non-2xx answers are documents too (a 410 means revoked);
// an error means no answer at all.
type Fetcher interface {
	Fetch(ctx context.Context, url, accept string) (*Fetched, error)
}

// Fetched is one fetched document.
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

// ClientFetcher fetches through the harness's hardened HTTP client.
type ClientFetcher struct{ Client *httpx.Client }

var _ Fetcher = ClientFetcher{}

// Fetch implements Fetcher.
func (f ClientFetcher) Fetch(ctx context.Context, url, accept string) (*Fetched, error) {
	resp, err := f.Client.Get(ctx, url, accept)
	if err != nil {
		return nil, err
	}
	out := &Fetched{URL: resp.RequestURL, FinalURL: resp.FinalURL, Status: resp.Status,
		ContentType: resp.ContentType, Header: resp.Header, Body: resp.Body}
	if resp.Entry >= 0 {
		out.Evidence = httpx.EntryRef(resp.Entry)
	}
	return out, nil
}

// errNoFetcher is returned by a Verifier that was given no Fetcher.
var errNoFetcher = errors.New("no fetcher configured: this verification needs a network fetch")

type noFetcher struct{}

func (noFetcher) Fetch(context.Context, string, string) (*Fetched, error) { return nil, errNoFetcher }
