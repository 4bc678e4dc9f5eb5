package displayer

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/obcert/obcert"
)

// pageTemplate is the reference displayer's page: each field in an element of its own id, and a
// verify link that verifies the badge again.
var pageTemplate = template.Must(template.New("view").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.S.Name}}</title></head>
<body>
<h1 id="name">{{.S.Name}}</h1>
{{if .S.Image}}<img id="image" alt="badge image" src="{{.Image}}" width="64" height="64">{{end}}
<p id="description">{{.S.Description}}</p>
<p>Issued by <span id="issuer">{{.S.IssuerName}}</span> on <time id="issued-on">{{.S.IssuedOn}}</time></p>
<p>Status: <strong id="status">{{.S.Status}}</strong></p>
<p>Last verified: <time id="last-verified">{{.S.LastVerified}}</time></p>
<p><a id="verify" href="{{.Verify}}">Verify again</a></p>
</body></html>
`))

// page serves GET /view?badge=B[&verify=1]: B is the badge's URL, a data: URI of a baked image,
// or its compact JWS.
func (h *handler) page(w http.ResponseWriter, r *http.Request) {
	b := r.URL.Query().Get("badge")
	in, ok := inputOf(b)
	if !ok {
		http.Error(w, "badge: give the badge's URL, a data: URI of a baked image, or its JWS", http.StatusBadRequest)
		return
	}
	s := h.show(r.Context(), in, r.URL.Query().Get("verify") == "1")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = pageTemplate.Execute(w, struct {
		S      seen
		Image  template.URL
		Verify string
	}{s, template.URL(s.Image), "view?verify=1&badge=" + url.QueryEscape(b)})
}

// inputOf reads the badge parameter of the page.
func inputOf(b string) (input, bool) {
	b = strings.TrimSpace(b)
	switch {
	case b == "":
		return input{}, false
	case strings.HasPrefix(b, "http://") || strings.HasPrefix(b, "https://"):
		return input{URL: b}, true
	case strings.HasPrefix(b, "data:"):
		meta, data, found := strings.Cut(strings.TrimPrefix(b, "data:"), ",")
		if !found || !strings.HasSuffix(meta, ";base64") {
			return input{}, false
		}
		img, err := base64.StdEncoding.DecodeString(data)
		if err != nil {
			return input{}, false
		}
		return input{Image: img, MediaType: strings.TrimSuffix(meta, ";base64")}, true
	}
	return input{JWS: b}, true
}

// Browser is the browser section for the page at view (a URL template with {url}): the id of
// each field's element.
func Browser(view string) obcert.BrowserDisplayer {
	return obcert.BrowserDisplayer{Page: view, Selectors: obcert.BrowserSelectors{Name: "#name", Description: "#description",
		Image: "#image", Issuer: "#issuer", IssuedOn: "#issued-on", Status: "#status", Verify: "#verify", LastVerified: "#last-verified"}}
}
