package reference

import (
	"net/http"

	"github.com/obcert/obcert"
	refconnectconsumer "github.com/obcert/obcert/reference/connectconsumer"
)

// pathConnectConsumer is the consumer's conformance adapter: POST /connect-consumer/connect.
const pathConnectConsumer = "/connect-consumer"

// connectConsumerPart is the reference's small Badge Connect consumer (reference/connectconsumer),
// which connects to the provider obcert names through its adapter.
type connectConsumerPart struct {
	base    string
	adapter http.Handler
}

var _ part = (*connectConsumerPart)(nil)

// newConnectConsumer builds the Badge Connect consumer part for a server whose origin is base,
// broken by the faults that carry a consumer option.
func newConnectConsumer(base string, c *config, faults []Fault) (part, error) {
	opts := []refconnectconsumer.Option{refconnectconsumer.WithOrigin(base)}
	for _, f := range faults {
		for _, h := range f.effect {
			if h.consumer != nil {
				opts = append(opts, h.consumer)
			}
		}
	}
	return &connectConsumerPart{base: base, adapter: refconnectconsumer.New(opts...)}, nil
}

func (p *connectConsumerPart) mount(mux *http.ServeMux) {
	mux.Handle(pathConnectConsumer+"/", http.StripPrefix(pathConnectConsumer, p.adapter))
}

// describe writes the connect section's consumer, keeping its provider.
func (p *connectConsumerPart) describe(cf *obcert.CandidateFile) {
	if cf.Connect == nil {
		cf.Connect = &obcert.ConnectRole{}
	}
	cf.Connect.Consumer = &obcert.ConnectConsumer{Adapter: p.base + pathConnectConsumer}
}

// connectConsumerFaults are the reference consumer's faults, each one value as every part's are.
func connectConsumerFaults() []Fault {
	return partFaults(obcert.RoleConnect, refconnectconsumer.Faults(), func(o refconnectconsumer.Option) hook { return hook{consumer: o} })
}
