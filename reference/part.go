package reference

import (
	"net/http"
	"slices"

	"github.com/obcert/obcert"
)

// part is what one role brings to the reference: its handlers on the server's shared mux, and
// its section of the candidate file. Every HTTP method reaches a part's handlers: the part
// decides what each method gets. The issuer is the first part; a displayer adapter, a host and a
// Badge Connect provider mount beside it.
type part interface {
	mount(mux *http.ServeMux)
	describe(cf *obcert.CandidateFile)
}

// newPart builds the part of one role for a server whose origin is base, broken by the faults
// of that role.
type newPart func(base string, c *config, faults []Fault) (part, error)

// rolePart is one role the reference plays, and how its part is built.
type rolePart struct {
	role  obcert.Role
	build newPart
}

// parts lists every role the reference plays.
var parts = []rolePart{{obcert.RoleIssuer, newIssuer}, {obcert.RoleDisplayer, newDisplayer}, {obcert.RoleHost, newHost},
	{obcert.RoleConnect, newConnect}, {obcert.RoleConnect, newConnectConsumer}}

// buildParts builds every part for a server whose origin is base.
func buildParts(base string, c *config) ([]part, error) {
	var out []part
	for _, p := range parts {
		var faults []Fault
		for _, f := range c.faults {
			if f.Role == p.role {
				faults = append(faults, f)
			}
		}
		built, err := p.build(base, c, faults)
		if err != nil {
			return nil, err
		}
		out = append(out, built)
	}
	return out, nil
}

// wrapped puts around h the wrap hooks that apply at path, the first one outermost.
func wrapped(h http.Handler, path string, hooks []hook) http.Handler {
	for i := len(hooks) - 1; i >= 0; i-- {
		if hw := hooks[i]; hw.wrap != nil && (len(hw.paths) == 0 || slices.Contains(hw.paths, path)) {
			h = hw.wrap(h)
		}
	}
	return h
}

// notFound answers every path no part serves.
func notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, "not found", r.URL.Path)
}
