package reference

import (
	"net/http"

	"github.com/obcert/obcert"
	refhost "github.com/obcert/obcert/reference/host"
)

// pathHost is the host part's conformance adapter: POST /host/import, /host/export.
const pathHost = "/host"

// hostPart is the Host's part of the reference: the reference host's conformance adapter, into
// into whose account (of the fixtures' recipient, HOST-04) the harness imports its fixtures.
type hostPart struct {
	base    string
	adapter http.Handler
}

var _ part = (*hostPart)(nil)

// newHost builds the host part for a server whose origin is base.
func newHost(base string, c *config, faults []Fault) (part, error) {
	opts := []refhost.Option{refhost.WithClock(c.now)}
	for _, f := range faults {
		for _, h := range f.effect {
			if h.host != nil {
				opts = append(opts, h.host)
			}
		}
	}
	return &hostPart{base: base, adapter: refhost.New(opts...)}, nil
}

func (p *hostPart) mount(mux *http.ServeMux) {
	mux.Handle(pathHost+"/", http.StripPrefix(pathHost, p.adapter))
}

// describe writes the host section: the adapter, and the account of the fixtures' recipient.
func (p *hostPart) describe(cf *obcert.CandidateFile) {
	cf.Host = &obcert.HostRole{Mode: "adapter", Adapter: p.base + pathHost, Account: DefaultRecipient}
}

// hostFaults are the reference host's faults, each one value as every part's are, and the
// rebake fault, which is byte surgery on the host's correct bake.
func hostFaults() []Fault {
	out := []Fault{{Name: "host-second-chunk", Description: "bakes a PNG export with a second openbadges iTXt chunk",
		Role: obcert.RoleHost, Requirements: []string{"HOST-15"}, Level: obcert.MUST, Specs: []string{"host/baked-export"},
		effect: []hook{{host: refhost.WithRebake(func(img []byte) ([]byte, error) {
			f := &file{body: img}
			err := duplicateChunk(f)
			return f.body, err
		})}}}}
	out = append(out, partFaults(obcert.RoleHost, refhost.Faults(), func(o refhost.Option) hook { return hook{host: o} })...)
	return out
}
