package openbadges

import (
	"slices"
	"sync"
)

// The shape errors of a node are a pure function of its class and its content: the schema, its
// formats (pure predicates) and the node, nothing else (not the root's id, not the options). A
// batch of badges of one issuer embeds the same small value objects over and over (every hosted
// Assertion's verification is {"type": "hosted"}), so classShape.remembered keeps the shape errors
// of small flat objects by content:
//
//   - only objects of at most memoMaxProps properties whose values are strings, booleans or null,
//     and whose key (the properties in key order, each key and value length-prefixed) is at most
//     memoMaxKey bytes, are remembered: a key is cheap to build and says the content exactly;
//   - a class remembers at most memoMaxEntries objects; when it is full it forgets them all and
//     starts again, so an often-seen object comes back after a run of one-off ones.
//
// TestShapeMemoIsTheCheck compares findings with and without it.
const (
	memoMaxProps   = 8
	memoMaxKey     = 96
	memoMaxEntries = 256
)

// shapeMemo is one class's remembered shape errors. The slices it hands out are shared: callers
// only read them.
type shapeMemo struct {
	mu      sync.RWMutex
	entries map[string][]shapeError
}

// remembered returns s.checkAs(doc, clean), from memory when doc is small and flat.
//
// A node the schema's acceptor decides is valid (jsonschema.Schema.Accepts: most nodes of a batch)
// has no shape errors, and is answered before any memory is looked at.
func (s *classShape) remembered(doc map[string]any, clean bool) ([]shapeError, error) {
	if clean && s.compiledWhole().Accepts(doc) {
		return nil, nil
	}
	var buf [memoMaxKey]byte
	key, ok := memoKey(buf[:0], doc)
	if !ok {
		return s.checkAs(doc, clean)
	}
	s.memo.mu.RLock()
	errs, hit := s.memo.entries[string(key)]
	s.memo.mu.RUnlock()
	if hit {
		return errs, nil
	}
	errs, err := s.checkAs(doc, clean)
	if err != nil {
		return nil, err
	}
	s.memo.mu.Lock()
	if s.memo.entries == nil || len(s.memo.entries) >= memoMaxEntries {
		s.memo.entries = make(map[string][]shapeError)
	}
	s.memo.entries[string(key)] = errs
	s.memo.mu.Unlock()
	return errs, nil
}

// memoKey appends to b the canonical form of doc (its properties in key order, each key and value
// length-prefixed, the value after its kind: s string, t true, f false, n null), and reports false
// when doc is not small and flat enough to be remembered.
func memoKey(b []byte, doc map[string]any) ([]byte, bool) {
	if len(doc) > memoMaxProps {
		return nil, false
	}
	var keysBuf [memoMaxProps]string
	keys := keysBuf[:0]
	size := 0
	for k, v := range doc {
		size += 2 + len(k)
		switch t := v.(type) {
		case string:
			size += 3 + len(t)
		case bool, nil:
			size++
		default:
			return nil, false
		}
		if size > memoMaxKey {
			return nil, false
		}
		keys = append(keys, k)
	}
	if size > cap(b) {
		return nil, false
	}
	slices.Sort(keys)
	for _, k := range keys {
		b = appendLenPrefixed(b, k)
		switch t := doc[k].(type) {
		case string:
			b = appendLenPrefixed(append(b, 's'), t)
		case bool:
			if t {
				b = append(b, 't')
			} else {
				b = append(b, 'f')
			}
		case nil:
			b = append(b, 'n')
		}
	}
	return b, true
}

// appendLenPrefixed appends s after its length (two bytes: s is shorter than memoMaxKey).
func appendLenPrefixed(b []byte, s string) []byte {
	return append(append(b, byte(len(s)>>8), byte(len(s))), s...)
}
