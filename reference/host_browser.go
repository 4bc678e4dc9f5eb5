package reference

import (
	"github.com/obcert/obcert"
	refhost "github.com/obcert/obcert/reference/host"
)

// BrowserHost is the host section's browser part for the reference host's pages
// (GET /host/ui/import, /host/ui/badge?id=...), for a candidate file in host.mode browser.
func (s *Server) BrowserHost() obcert.BrowserHost {
	return refhost.Browser(s.URL() + pathHost)
}
