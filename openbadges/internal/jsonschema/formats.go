package jsonschema

import (
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/xeipuuv/gojsonschema"
)

// Formats are custom JSON Schema formats by name, for the schemas compiled WithFormats(f).
//
// The library knows formats only through a process-wide registry. A Formats registers its
// checkers there once, under names private to it, and Compile renames the format keywords of
// the schemas it is passed to: one schema's formats never apply to another, and two Formats
// may give the same name different meanings.
type Formats struct {
	checkers map[string]func(string) bool
	prefix   string
	once     sync.Once
}

var lastFormats atomic.Int64

// NewFormats returns the formats named by the keys of checkers. A checker sees string values
// only: values of other types are left to the "type" keyword.
func NewFormats(checkers map[string]func(string) bool) *Formats {
	n := lastFormats.Add(1)
	return &Formats{checkers: checkers, prefix: "obcert-formats-" + strconv.FormatInt(n, 10) + "/"}
}

// register adds the checkers to the library's registry, once.
func (f *Formats) register() {
	f.once.Do(func() {
		for name, check := range f.checkers {
			gojsonschema.FormatCheckers.Add(f.prefix+name, stringChecker(check))
		}
	})
}

// private returns the registry name of format name, or name itself when f does not define it.
func (f *Formats) private(name string) string {
	if _, ok := f.checkers[name]; ok {
		return f.prefix + name
	}
	return name
}

// stringChecker adapts a string predicate to the library.
type stringChecker func(string) bool

func (f stringChecker) IsFormat(v any) bool {
	s, ok := v.(string)
	return !ok || f(s)
}
