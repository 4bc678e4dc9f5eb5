package reference

import (
	"net/http"

	"github.com/obcert/obcert"
)

// connectPart is the reference host's Badge Connect provider (reference/connect), served over
// TLS on a listener of its own.
type connectPart struct{}

var _ part = (*connectPart)(nil)

// newConnect builds the Badge Connect provider part.
func newConnect(base string, c *config, faults []Fault) (part, error) { return &connectPart{}, nil }

func (p *connectPart) mount(mux *http.ServeMux) {}

func (p *connectPart) describe(cf *obcert.CandidateFile) {}
