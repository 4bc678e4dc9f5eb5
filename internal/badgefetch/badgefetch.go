// Package badgefetch lets the verification core fetch through the harness's hardened HTTP client,
// so the core depends on its Fetcher interface and never on an HTTP library.
package badgefetch

import (
	"context"
	"errors"

	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/openbadges/verify"
)

// Fetcher adapts an httpx.Client to verify.Fetcher.
type Fetcher struct{ Client *httpx.Client }

var _ verify.Fetcher = Fetcher{}

// Fetch implements verify.Fetcher: every exchange is recorded by the client's recorder, and the
// document carries the reference to it as evidence.
func (f Fetcher) Fetch(ctx context.Context, url, accept string) (*verify.Fetched, error) {
	resp, err := f.Client.Get(ctx, url, accept)
	var he *httpx.Error
	if errors.As(err, &he) && he.Entry >= 0 {
		return nil, &verify.FetchError{Err: err, Evidence: httpx.EntryRef(he.Entry)}
	}
	if err != nil {
		return nil, err
	}
	out := &verify.Fetched{URL: resp.RequestURL, FinalURL: resp.FinalURL, Status: resp.Status,
		ContentType: resp.ContentType, Header: resp.Header, Body: resp.Body}
	if resp.Entry >= 0 {
		out.Evidence = httpx.EntryRef(resp.Entry)
	}
	return out, nil
}
