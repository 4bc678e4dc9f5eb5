package reference

import (
	"crypto/tls"
	"net/http"
	"time"

	"github.com/obcert/obcert"
	refdisplayer "github.com/obcert/obcert/reference/displayer"
)

// Paths of the displayer part.
const (
	pathAdapter = "/displayer" // the conformance adapter: POST /displayer/display, /displayer/verify
	pathVendor  = "/vendor"    // the issuer of the vendor-supplied badges (DISPLAYER-01)
)

// displayerPart is the Displayer's part of the reference: the reference displayer's conformance
// adapter, and the badges the displayer is certified with besides the harness's fixtures
// (DISPLAYER-01: "three vendor-supplied badges"). Those are served by a clean issuer of its own,
// so that an issuer fault never changes what the displayer must show.
type displayerPart struct {
	base    string
	adapter http.Handler
	vendor  *issuer
}

var _ part = (*displayerPart)(nil)

// newDisplayer builds the displayer part for a server whose origin is base.
func newDisplayer(base string, c *config, faults []Fault) (part, error) {
	vendor, err := newIssuer(base+pathVendor, c, nil)
	if err != nil {
		return nil, err
	}
	opts := []refdisplayer.Option{refdisplayer.WithClock(c.now)}
	if c.roots != nil { // the vendor badges are served over the reference's own TLS
		opts = append(opts, refdisplayer.WithClient(&http.Client{Timeout: 10 * time.Second,
			Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: c.roots, MinVersion: tls.VersionTLS12}}}))
	}
	for _, f := range faults {
		for _, h := range f.effect {
			if h.displayer != nil {
				opts = append(opts, h.displayer)
			}
		}
	}
	return &displayerPart{base: base, adapter: refdisplayer.New(opts...), vendor: vendor.(*issuer)}, nil
}

func (p *displayerPart) mount(mux *http.ServeMux) {
	mux.Handle(pathAdapter+"/", http.StripPrefix(pathAdapter, p.adapter))
	vendor := http.NewServeMux()
	p.vendor.mount(vendor)
	mux.Handle(pathVendor+"/", http.StripPrefix(pathVendor, vendor))
}

// describe writes the displayer section: the adapter, and three vendor badges (valid hosted,
// valid signed, revoked hosted) with the status each must be shown with.
func (p *displayerPart) describe(cf *obcert.CandidateFile) {
	role := &obcert.DisplayerRole{Mode: "adapter", Adapter: p.base + pathAdapter}
	pick := func(refs []obcert.BadgeRef, name, status string) {
		for _, r := range refs {
			if r.Name == name {
				r.Name = "vendor-" + name
				role.Badges = append(role.Badges, obcert.DisplayBadge{BadgeRef: r, Status: status})
			}
		}
	}
	pick(p.vendor.role.Badges, "hosted", "valid")
	pick(p.vendor.role.Badges, "signed", "valid")
	pick(p.vendor.role.Revoked, "revoked-hosted", "revoked")
	cf.Displayer = role
}

// displayerFaults are the reference displayer's faults, each one value as every part's are.
func displayerFaults() []Fault {
	return partFaults(obcert.RoleDisplayer, refdisplayer.Faults(), func(o refdisplayer.Option) hook { return hook{displayer: o} })
}

// BrowserDisplayer is the displayer section's browser part for the reference displayer's page
// (GET /displayer/view?badge=...), for a candidate file in browser mode.
func (s *Server) BrowserDisplayer() obcert.BrowserDisplayer {
	return refdisplayer.Browser(s.URL() + pathAdapter + "/view?badge={url}")
}
