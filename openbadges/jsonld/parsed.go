package jsonld

import (
	"errors"
	"sync"

	"github.com/piprate/json-gold/ld"
)

// Parsing a context is most of the cost of a compaction, and json-gold keeps nothing between
// calls. The core Open Badges contexts are therefore parsed once, with their inverse (the
// term-selection table compaction needs) built up front, and shared: after GetInverse json-gold
// only reads them, and every parse derives a copy. A parsed context keeps the options it was
// parsed with, loader included, so expansion gets a per-call copy (callContext); compaction uses
// the shared one directly, which loads nothing because the core contexts scope no contexts.

type sharedContext struct {
	once sync.Once
	ctx  *ld.Context
	err  error
}

var sharedContexts sync.Map // OB context URL -> *sharedContext

// parsedContext returns the shared active context for a core Open Badges context URL.
func parsedContext(url string) (*ld.Context, bool, error) {
	if !isOBContext(url) {
		return nil, false, nil
	}
	v, _ := sharedContexts.LoadOrStore(url, &sharedContext{})
	s := v.(*sharedContext)
	s.once.Do(func() {
		opts := ld.NewJsonLdOptions("")
		opts.ProcessingMode = ld.JsonLd_1_1
		opts.DocumentLoader = embeddedLoader{}
		s.ctx, s.err = ld.NewContext(nil, opts).Parse(url)
		if s.err == nil {
			s.ctx.GetInverse()
		}
	})
	return s.ctx, true, s.err
}

// embeddedLoader answers from the embedded documents only. It keeps no state, so contexts parsed
// with it can be shared between goroutines.
type embeddedLoader struct{}

var _ ld.DocumentLoader = embeddedLoader{}

func (embeddedLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	doc, ok, err := embeddedDocument(u)
	if !ok {
		err = errors.New("not embedded: " + u)
	}
	if err != nil {
		return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, err)
	}
	return &ld.RemoteDocument{DocumentURL: u, Document: doc}, nil
}

// withParsedContext returns doc with a leading core Open Badges context URL in its top-level
// @context replaced by that context already parsed. Only the leading entry is replaced: it is
// processed against the initial context, exactly as the shared copy was. doc itself is not
// modified.
func withParsedContext(doc any, opts *ld.JsonLdOptions) any {
	m, ok := doc.(map[string]any)
	if !ok {
		return doc
	}
	switch c := m["@context"].(type) {
	case string:
		if pc, ok, err := parsedContext(c); ok && err == nil {
			return withContext(m, callContext(pc, opts))
		}
	case []any:
		if len(c) == 0 {
			return doc
		}
		if first, isString := c[0].(string); isString {
			if pc, ok, err := parsedContext(first); ok && err == nil {
				return withContext(m, append([]any{callContext(pc, opts)}, c[1:]...))
			}
		}
	}
	return doc
}

// callContext copies the term definitions of a shared context into a context bound to this
// call's options, so that contexts nested in the document load through this call's loader.
func callContext(shared *ld.Context, opts *ld.JsonLdOptions) *ld.Context {
	c := ld.NewContext(nil, opts)
	values := *shared.Values
	c.Values = &values
	for k, v := range shared.TermDefinitions {
		c.TermDefinitions[k] = v
	}
	for k, v := range shared.Protected {
		c.Protected[k] = v
	}
	return c
}

func withContext(m map[string]any, c any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	out["@context"] = c
	return out
}
