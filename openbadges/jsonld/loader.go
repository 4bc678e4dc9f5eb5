package jsonld

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/piprate/json-gold/ld"
)

const (
	// maxRemoteDocuments caps how many documents one call may fetch through the RemoteLoader.
	maxRemoteDocuments = 16
	// maxDocumentBytes caps the size of one fetched document.
	maxDocumentBytes = 1 << 20
)

// RemoteLoader fetches a document the embedded set lacks (the caller passes its hardened HTTP
// client). nil = offline only.
type RemoteLoader func(ctx context.Context, url string) ([]byte, error)

// ErrOffline is returned for a document that is not embedded when no RemoteLoader is set.
var ErrOffline = errors.New("not embedded and no remote loader: refusing to fetch")

// callLoader is the json-gold document loader of one call: it answers from the embedded set,
// then from the RemoteLoader within the call's limits, and records the extension contexts it
// loaded.
type callLoader struct {
	ctx     context.Context
	remote  RemoteLoader
	fetched int
	docs    map[string]any // remote documents fetched during this call
	loaded  []string       // non-OB context URLs, in load order
	seen    map[string]bool
	budget  *budget // the Processor's, shared by its calls
}

var _ ld.DocumentLoader = (*callLoader)(nil)

func newCallLoader(ctx context.Context, remote RemoteLoader, b *budget) *callLoader {
	return &callLoader{ctx: ctx, remote: remote, docs: map[string]any{}, seen: map[string]bool{}, budget: b}
}

// LoadDocument implements ld.DocumentLoader. json-gold calls it for remote contexts only.
func (l *callLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	doc, err := l.document(u)
	if err != nil {
		return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, err)
	}
	if !isOBContext(u) && !l.seen[u] {
		l.seen[u] = true
		l.loaded = append(l.loaded, u)
	}
	return &ld.RemoteDocument{DocumentURL: u, Document: doc}, nil
}

// document returns the decoded JSON document at u: embedded, fetched earlier in this call, or
// fetched now through the RemoteLoader.
func (l *callLoader) document(u string) (any, error) {
	if err := l.ctx.Err(); err != nil {
		return nil, fmt.Errorf("loading %s: %w", u, err)
	}
	if err := l.budget.load(u); err != nil {
		return nil, err
	}
	if doc, ok, err := embeddedDocument(u); ok {
		return doc, err
	}
	if doc, ok := l.docs[u]; ok {
		return CloneJSON(doc), nil
	}
	doc, err := l.fetch(u)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", u, err)
	}
	if err := l.budget.fetched(u, doc); err != nil {
		return nil, err
	}
	l.docs[u] = doc
	return CloneJSON(doc), nil
}

func (l *callLoader) fetch(u string) (any, error) {
	if l.remote == nil {
		return nil, ErrOffline
	}
	if pu, err := url.Parse(u); err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
		return nil, errors.New("only absolute http and https URLs can be loaded")
	}
	if l.fetched >= maxRemoteDocuments {
		return nil, fmt.Errorf("more than %d remote documents in one call", maxRemoteDocuments)
	}
	l.fetched++
	body, err := l.remote(l.ctx, u)
	if err != nil {
		return nil, err
	}
	if len(body) > maxDocumentBytes {
		return nil, fmt.Errorf("document larger than %d bytes", maxDocumentBytes)
	}
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	if err := checkDepth(doc, maxDepth); err != nil {
		return nil, err
	}
	return doc, nil
}
