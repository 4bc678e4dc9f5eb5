// Package partfault is the one shape of a fault of a part of the reference candidate (the
// displayer, the host, the Badge Connect provider and consumer): its name, what it does wrong,
// the one requirement it breaks, its level, exactly the specs a run fails or warns because of it,
// and the part's own option that breaks it.
package partfault

import (
	"slices"

	"github.com/obcert/obcert"
)

// Fault is one named way to break a part whose options are of type O.
type Fault[O any] struct {
	Name, Description string
	Requirements      []string
	Level             obcert.Level
	Specs             []string
	Option            O
}

// New is the fault named name that breaks requirement req at level, making a run fail (or warn,
// for a SHOULD) exactly specs, by option opt.
func New[O any](name, desc string, level obcert.Level, req string, specs []string, opt O) Fault[O] {
	return Fault[O]{Name: name, Description: desc, Requirements: []string{req}, Level: level,
		Specs: slices.Clone(specs), Option: opt}
}

// Lookup returns the fault of fs named name.
func Lookup[O any](fs []Fault[O], name string) (Fault[O], bool) {
	for _, f := range fs {
		if f.Name == name {
			return f, true
		}
	}
	return Fault[O]{}, false
}
