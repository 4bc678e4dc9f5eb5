package openbadges

import (
	"github.com/obcert/obcert/internal/memos"
	"github.com/obcert/obcert/openbadges/internal/jsonschema"
)

func init() { memos.Register(forgetAll) }

// forgetAll empties every memory of shape and value errors, as at process start.
func forgetAll() {
	for _, c := range Classes {
		s := shapeOf(c)
		s.memo.mu.Lock()
		s.memo.entries = nil
		s.memo.mu.Unlock()
		if s.split == nil {
			continue
		}
		if m := s.split.presence; m != nil {
			m.mu.Lock()
			m.errs = map[uint64][]jsonschema.Error{}
			m.mu.Unlock()
		}
		vs := s.split.values
		vs.mu.Lock()
		vs.m = nil
		for _, p := range s.split.props {
			m := &p.memo
			m.mu.Lock()
			m.n, m.bools, m.boolSeen = 0, [2][]jsonschema.Error{}, [2]bool{}
			m.lookups.Store(0)
			m.hits.Store(0)
			m.disabled.Store(false)
			m.mu.Unlock()
		}
		vs.mu.Unlock()
	}
}
