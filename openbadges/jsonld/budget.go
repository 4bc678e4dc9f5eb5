package jsonld

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
)

// Budgets of one Processor, that is of one verification. Every load counts, whether it is
// answered from the embedded set, from a call's cache or by the RemoteLoader: a hostile context
// that makes json-gold load the same document again and again must run out of budget.
const (
	// MaxLoads caps the context and document loads of one Processor.
	MaxLoads = 512
	// MaxContexts caps the distinct remote (not embedded) contexts of one Processor.
	MaxContexts = 32
	// MaxImportDepth caps how deeply remote contexts may include or import each other.
	MaxImportDepth = 8
)

// json-gold v0.9.1 bug (reported upstream-style here; reproduced by TestJSONGoldMissesContextCycle):
// Context.parse is meant to refuse a remote context that includes itself (JSON-LD 1.1 context
// processing, step 5.2.2, "recursive context inclusion"), but before recursing it copies the
// list of contexts seen so far with
//
//	remoteContextsCpy := make([]string, 0, len(remoteContexts))
//	copy(remoteContextsCpy, remoteContexts)
//
// copy copies min(len(dst), len(src)) = 0 elements, so the nested parse always starts with an
// empty list and the check never fires: {"@context": "http://x/a"} served at http://x/a recurses
// until the process runs out of memory. The fix upstream is `append([]string(nil), remoteContexts...)`.
// obcert does not rely on the check: the budget below follows the include graph of every remote
// context it loads and refuses a cycle, excessive depth and excessive loads itself.

// ErrBudget marks an error of a spent load budget: the verification stopped before it was done.
var ErrBudget = errors.New("JSON-LD load budget spent")

// budget is the load budget shared by every call of one Processor. Once spent it stays spent.
type budget struct {
	mu       sync.Mutex
	loads    int
	contexts map[string]bool     // remote contexts loaded
	includes map[string][]string // remote context URL -> the context URLs it includes or imports
	chains   map[string][]string // remote context URL -> the longest include chain that reaches it
	err      error
}

// newBudget returns a fresh budget. Its maps are made by fetched, the first time a remote context
// is loaded: most badges load none.
func newBudget() *budget { return &budget{} }

// load counts one load of u; it returns an error once the budget is spent.
func (b *budget) load(u string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return b.err
	}
	b.loads++
	if b.loads > MaxLoads {
		b.err = fmt.Errorf("%w: more than %d JSON-LD context loads for one badge, the last of %s; its contexts load each other without end", ErrBudget, MaxLoads, u)
	}
	return b.err
}

// fetched records the remote context doc fetched from u and refuses a cycle or an include
// chain deeper than MaxImportDepth, and more than MaxContexts distinct contexts.
func (b *budget) fetched(u string, doc any) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return b.err
	}
	if b.contexts == nil {
		b.contexts, b.includes, b.chains = map[string]bool{}, map[string][]string{}, map[string][]string{}
	}
	if !b.contexts[u] {
		b.contexts[u] = true
		if len(b.contexts) > MaxContexts {
			b.err = fmt.Errorf("%w: more than %d distinct remote JSON-LD contexts for one badge (the last %s)", ErrBudget, MaxContexts, u)
			return b.err
		}
	}
	b.includes[u] = includedContexts(u, doc)
	if cycle := b.cycleFrom(u, []string{u}); cycle != nil {
		b.err = fmt.Errorf("JSON-LD context cycle: %s", strings.Join(cycle, " includes "))
	} else if chain := b.chainTo(u); len(chain) > MaxImportDepth {
		b.err = fmt.Errorf("JSON-LD contexts include each other more than %d levels deep (%s ... %s)",
			MaxImportDepth, chain[0], chain[len(chain)-1])
	}
	return b.err
}

// cycleFrom returns a path from u back to u through the known include graph, or nil.
func (b *budget) cycleFrom(u string, path []string) []string {
	seen := map[string]bool{}
	var walk func(v string, path []string) []string
	walk = func(v string, path []string) []string {
		for _, next := range b.includes[v] {
			if next == u {
				return append(append([]string(nil), path...), next)
			}
			if !seen[next] {
				seen[next] = true
				if c := walk(next, append(path, next)); c != nil {
					return c
				}
			}
		}
		return nil
	}
	return walk(u, path)
}

// chainTo returns the longest known chain of includes that ends at u (u last). Contexts are
// fetched before the contexts they include, so each parent's chain is known by then.
func (b *budget) chainTo(u string) []string {
	chain := []string{u}
	for parent, incl := range b.includes {
		if parent != u && contains(incl, u) && len(b.chains[parent])+1 > len(chain) {
			chain = append(append([]string(nil), b.chains[parent]...), u)
		}
	}
	b.chains[u] = chain
	return chain
}

func contains(l []string, s string) bool {
	for _, e := range l {
		if e == s {
			return true
		}
	}
	return false
}

// includedContexts lists the context URLs a remote context document includes: strings under
// any @context key and @import values, resolved against base.
func includedContexts(base string, doc any) []string {
	var out []string
	var walk func(v any, inContext bool)
	walk = func(v any, inContext bool) {
		switch t := v.(type) {
		case string:
			if inContext {
				out = append(out, resolve(base, t))
			}
		case []any:
			for _, e := range t {
				walk(e, inContext)
			}
		case map[string]any:
			for k, e := range t {
				switch k {
				case "@context":
					walk(e, true)
				case "@import":
					if s, ok := e.(string); ok {
						out = append(out, resolve(base, s))
					}
				default:
					walk(e, false)
				}
			}
		}
	}
	walk(doc, false)
	return out
}

func resolve(base, ref string) string {
	b, err := url.Parse(base)
	if err != nil {
		return ref
	}
	r, err := b.Parse(ref)
	if err != nil {
		return ref
	}
	return r.String()
}
