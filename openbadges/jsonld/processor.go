package jsonld

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/piprate/json-gold/ld"
)

// maxDepth caps how deeply nested a document may be before json-gold sees it.
const maxDepth = 64

// Processor runs JSON-LD operations offline against the embedded contexts, fetching anything else
// only through its RemoteLoader. It is safe for concurrent use.
type Processor struct {
	remote RemoteLoader
	api    *ld.JsonLdProcessor
	budget *budget // every load of every call counts (budget.go)
}

// New returns a Processor for one verification: its load budget (budget.go) spans all its calls.
// remote may be nil: then only embedded documents are available.
func New(remote RemoteLoader) *Processor {
	return &Processor{remote: remote, api: ld.NewJsonLdProcessor(), budget: newBudget()}
}

func (p *Processor) options(l *callLoader) *ld.JsonLdOptions {
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = l
	opts.ProcessingMode = ld.JsonLd_1_1
	return opts
}

// Compact compacts doc (a decoded JSON value) into the given context URL (normally V2). It returns
// the compacted node (without arrays-of-one, json-gold default) and the URLs of every non-OB
// remote context it loaded (for extensions).
func (p *Processor) Compact(ctx context.Context, doc any, contextURL string) (map[string]any, []string, error) {
	l := newCallLoader(ctx, p.remote, p.budget)
	out, err := p.compactTo(l, doc, contextURL)
	if err != nil {
		return nil, l.loaded, err
	}
	return out, l.loaded, nil
}

// CompactOwn is Compact into V2 that also reports whether the result depends on doc alone: the
// document is in compact OB v2 form (the fast path, fastpath.go, answered), so nothing was loaded,
// nothing was counted against the budget, and the same document always compacts to the same
// result. A caller may then keep what it derives from the document for the next time it meets it.
// When own, out may be doc itself (a document already compact is given back, not copied): the
// caller reads out and doc and changes neither.
func (p *Processor) CompactOwn(ctx context.Context, doc any) (out map[string]any, loaded []string, own bool, err error) {
	if precheck(ctx, doc) == nil {
		if out, ok := compactFastKept(doc); ok {
			return out, nil, true, nil
		}
	}
	out, loaded, err = p.Compact(ctx, doc, V2)
	return out, loaded, false, err
}

// compactTo compacts doc into the context at contextURL, using the shared parsed context when
// there is one.
func (p *Processor) compactTo(l *callLoader, doc any, contextURL string) (map[string]any, error) {
	if precheck(l.ctx, doc) == nil {
		if out, ok := compactFast(doc, contextURL); ok {
			return out, nil
		}
	}
	if active, ok, err := parsedContext(contextURL); ok && err == nil {
		return p.compactShared(l, doc, active, contextURL)
	}
	return p.compact(l, doc, map[string]any{"@context": contextURL})
}

// compact runs json-gold's Compact: doc compacted into context.
func (p *Processor) compact(l *callLoader, doc any, context any) (out map[string]any, err error) {
	if err := precheck(l.ctx, doc); err != nil {
		return nil, err
	}
	defer recoverInto(&err)
	opts := p.options(l)
	out, err = p.api.Compact(withParsedContext(doc, opts), context, opts)
	if err != nil {
		return nil, fmt.Errorf("JSON-LD compaction: %w", err)
	}
	return out, nil
}

// compactShared does what json-gold's Compact does, with an active context parsed beforehand.
func (p *Processor) compactShared(l *callLoader, doc any, active *ld.Context, contextURL string) (out map[string]any, err error) {
	expanded, err := p.expand(l, doc)
	if err != nil {
		return nil, fmt.Errorf("JSON-LD compaction: %w", err)
	}
	defer recoverInto(&err)
	compacted, err := ld.NewJsonLdApi().Compact(active, "", expanded, true)
	if err != nil {
		return nil, fmt.Errorf("JSON-LD compaction: %w", err)
	}
	switch c := compacted.(type) {
	case map[string]any:
		out = c
	case []any:
		out = map[string]any{}
		if len(c) > 0 {
			out["@graph"] = c
		}
	default:
		return nil, errors.New("JSON-LD compaction: no node produced")
	}
	if len(out) > 0 {
		out["@context"] = contextURL
	}
	return out, nil
}

// Expand expands doc (a decoded JSON value).
func (p *Processor) Expand(ctx context.Context, doc any) ([]any, error) {
	out, err := p.expand(newCallLoader(ctx, p.remote, p.budget), doc)
	if err != nil {
		return nil, fmt.Errorf("JSON-LD expansion: %w", err)
	}
	return out, nil
}

func (p *Processor) expand(l *callLoader, doc any) (out []any, err error) {
	if err := precheck(l.ctx, doc); err != nil {
		return nil, err
	}
	defer recoverInto(&err)
	opts := p.options(l)
	return p.api.Expand(withParsedContext(doc, opts), opts)
}

// Normalize returns the URDNA2015 canonical N-Quads of doc, for RDF-level comparison.
func (p *Processor) Normalize(ctx context.Context, doc any) (out string, err error) {
	l := newCallLoader(ctx, p.remote, p.budget)
	if err := precheck(ctx, doc); err != nil {
		return "", err
	}
	defer recoverInto(&err)
	opts := p.options(l)
	opts.Algorithm = ld.AlgorithmURDNA2015
	opts.Format = "application/n-quads"
	res, err := p.api.Normalize(withParsedContext(doc, opts), opts)
	if err != nil {
		return "", fmt.Errorf("JSON-LD normalization: %w", err)
	}
	s, ok := res.(string)
	if !ok {
		return "", errors.New("JSON-LD normalization: no N-Quads produced")
	}
	return s, nil
}

// precheck refuses a cancelled call, a document that is not a JSON object or array (json-gold
// would take a string for a URL to load) and a document nested beyond maxDepth.
func precheck(ctx context.Context, doc any) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	switch doc.(type) {
	case map[string]any, []any:
	default:
		return fmt.Errorf("a JSON-LD document is a JSON object or array, not %s", Kind(doc))
	}
	return checkDepth(doc, maxDepth)
}

// checkDepth reports an error if v nests objects and arrays more than limit levels deep.
func checkDepth(v any, limit int) error {
	if limit < 0 {
		return fmt.Errorf("document nested more than %d levels deep", maxDepth)
	}
	switch t := v.(type) {
	case map[string]any:
		for _, e := range t {
			if err := checkDepth(e, limit-1); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range t {
			if err := checkDepth(e, limit-1); err != nil {
				return err
			}
		}
	}
	return nil
}

// recoverInto turns a panic inside json-gold into an error: bad input must not crash the caller.
func recoverInto(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("JSON-LD processor failed on this input: %v", r)
	}
}

// Kind names the JSON kind of a decoded value as a person would: an object, an array, a string,
// a number, true or false, or null.
func Kind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "true or false"
	case nil:
		return "null"
	}
	return "not JSON"
}
