package reference

import (
	"net/http"

	"github.com/obcert/obcert"
)

// connectConsumerPart is the reference's small Badge Connect consumer (reference/connectconsumer),
// which connects to the provider obcert names through its adapter.
type connectConsumerPart struct{}

var _ part = (*connectConsumerPart)(nil)

// newConnectConsumer builds the Badge Connect consumer part.
func newConnectConsumer(base string, c *config, faults []Fault) (part, error) {
	return &connectConsumerPart{}, nil
}

func (p *connectConsumerPart) mount(mux *http.ServeMux) {}

func (p *connectConsumerPart) describe(cf *obcert.CandidateFile) {}
