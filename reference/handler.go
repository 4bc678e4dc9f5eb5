package reference

import (
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/obcert/obcert"
)

const (
	typeLDJSON = "application/ld+json"
	typeJSON   = "application/json"
	typeHTML   = "text/html; charset=utf-8"
	typePlain  = "text/plain; charset=utf-8"
)

// mount serves every resource of the issuer at its path, inside the faults' middleware.
func (p *issuer) mount(mux *http.ServeMux) {
	for path, res := range p.resources {
		pattern := path
		if path == pathIndex {
			pattern = "/{$}"
		}
		mux.Handle(pattern, wrapped(serveResource(res), path, p.hooks))
	}
}

// describe writes the issuer's section of the candidate file, with the faults' edits.
func (p *issuer) describe(cf *obcert.CandidateFile) {
	role := p.role // describe runs once, when the server starts
	cf.Issuer = &role
	for _, h := range p.hooks {
		if h.candidate != nil {
			h.candidate(p.b, cf)
		}
	}
}

// serveResource answers GET and HEAD with res, negotiated; other methods get 405.
func serveResource(res resource) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "method not allowed", r.URL.Path)
			return
		}
		contentType, body := negotiate(res, strings.Join(r.Header.Values("Accept"), ","))
		if res.kind != kindRaw {
			w.Header().Set("Vary", "Accept")
		}
		write(w, res.status, contentType, body)
	})
}

func write(w http.ResponseWriter, status int, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // a HEAD request discards the body
}

func writeError(w http.ResponseWriter, status int, msg, path string) {
	body, _ := json.Marshal(map[string]string{"error": msg, "path": path})
	write(w, status, typeJSON, body)
}

// negotiate picks the media type and body of res for the Accept header accept.
func negotiate(res resource, accept string) (string, []byte) {
	if res.kind == kindRaw {
		return res.contentType, res.body
	}
	want := preferred(accept)
	if res.kind == kindAssertion && want == typeHTML {
		return typeHTML, res.page
	}
	// ISSUER-08: "A hosted Assertion is served as application/ld+json and/or application/json."
	// ISSUER-09: "default to application/ld+json. If the request's Accept is only
	// application/json, answer with application/json."
	if want == typeJSON {
		return typeJSON, res.body
	}
	return typeLDJSON, res.body
}

// preferred reads an Accept header. Named types win over wildcards, in this order:
// application/ld+json, application/json, text/html; anything else gets application/ld+json.
func preferred(accept string) string {
	types := acceptable(accept)
	switch {
	case types[typeLDJSON]:
		return typeLDJSON
	case types[typeJSON]:
		return typeJSON
	case types["text/html"]:
		return typeHTML
	}
	return typeLDJSON
}

// acceptable returns the media types an Accept header accepts (q > 0).
func acceptable(accept string) map[string]bool {
	out := map[string]bool{}
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		if q, ok := params["q"]; ok {
			if v, err := strconv.ParseFloat(q, 64); err != nil || v <= 0 {
				continue
			}
		}
		out[mt] = true
	}
	return out
}
