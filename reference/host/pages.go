package host

import (
	"context"
	"encoding/json"
	"html/template"
	"io"
	"net/http"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges/bake"
)

// The reference host's own pages, for obcert's browser driver (host.mode browser): an import
// form that posts to itself and answers with the imported badge's id (or why it was refused), a
// page per badge with its status and export links, and the downloads themselves. Links are
// relative, so the pages work under any prefix (/host/ui/ in the reference).
func (h *handler) pages(mux *http.ServeMux) {
	mux.HandleFunc("GET /ui/import", h.importPage)
	mux.HandleFunc("POST /ui/import", h.importForm)
	mux.HandleFunc("GET /ui/badge", h.badgePage)
	mux.HandleFunc("GET /ui/export", h.download)
}

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Reference backpack</title></head><body>
<h1>Reference backpack</h1>
{{if .ID}}<p>Imported <a id="imported" href="badge?id={{.ID}}">{{.ID}}</a>.</p>{{end}}
{{if .Refused}}<p>Refused: <span id="refused">{{.Reason}}</span></p>{{end}}
<form method="post" action="import" enctype="multipart/form-data">
<p><label>Account <input id="account" name="account" type="email"></label></p>
<p><label>Baked badge image <input id="upload" name="file" type="file" accept="image/png,image/svg+xml"></label></p>
<p><label>Or a badge URL, signed badge or Assertion JSON <textarea id="paste" name="badge" rows="3" cols="60"></textarea></label></p>
<p><button id="submit" type="submit">Import</button></p>
</form></body></html>
`))

var badgeTmpl = template.Must(template.New("badge").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>{{.ID}}</title></head><body>
<h1>Badge {{.ID}}</h1>
<p>Status: <span id="status">{{.Status}}</span></p>
<ul><li><a id="export-json" href="export?id={{.ID}}&amp;as=json" download>Download JSON</a></li>
<li><a id="export-png" href="export?id={{.ID}}&amp;as=png" download>Download baked PNG</a></li>
<li><a id="export-svg" href="export?id={{.ID}}&amp;as=svg" download>Download baked SVG</a></li></ul>
</body></html>
`))

type pageData struct {
	ID, Reason, Status string
	Refused            bool
}

func (h *handler) importPage(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = pageTmpl.Execute(w, pageData{})
}

// importForm imports the uploaded image or the pasted URL, JWS or JSON into the account named.
func (h *handler) importForm(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 20<<20)
	var d pageData
	in, err := formRequest(r)
	if err == nil {
		d.ID, d.Reason = h.store(r.Context(), in)
	} else {
		d.Reason = err.Error()
	}
	d.Refused = d.ID == ""
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = pageTmpl.Execute(w, d)
}

// formRequest is the import the form carries.
func formRequest(r *http.Request) (request, error) {
	if err := r.ParseMultipartForm(20 << 20); err != nil {
		return request{}, err
	}
	in := request{Account: strings.TrimSpace(r.FormValue("account"))}
	if f, _, err := r.FormFile("file"); err == nil {
		defer f.Close()
		img, err := io.ReadAll(f)
		if err != nil {
			return request{}, err
		}
		if len(img) > 0 {
			in.Image, in.MediaType = img, "image/png"
			if bake.Sniff(img) == bake.SVG {
				in.MediaType = "image/svg+xml"
			}
			return in, nil
		}
	}
	switch v := strings.TrimSpace(r.FormValue("badge")); {
	case strings.HasPrefix(v, "{"):
		in.JSON = json.RawMessage(v)
	case strings.HasPrefix(v, "http://"), strings.HasPrefix(v, "https://"):
		in.URL = v
	default:
		in.JWS = v
	}
	return in, nil
}

func (h *handler) lookup(id string) (*badge, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	b, ok := h.badges[id]
	return b, ok
}

// statusOf is the badge's status: verified again now, unless the host never re-verifies.
func (h *handler) statusOf(ctx context.Context, b *badge) string {
	if h.c.neverReverify {
		return b.status
	}
	return h.check(ctx, b.verify)
}

func (h *handler) badgePage(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	b, ok := h.lookup(id)
	if !ok {
		http.Error(w, "no badge "+id, http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = badgeTmpl.Execute(w, pageData{ID: id, Status: h.statusOf(r.Context(), b)})
}

// download answers the export as a file: the JSON, or a baked image.
func (h *handler) download(w http.ResponseWriter, r *http.Request) {
	id, as := r.URL.Query().Get("id"), r.URL.Query().Get("as")
	b, ok := h.lookup(id)
	if !ok {
		http.Error(w, "no badge "+id, http.StatusNotFound)
		return
	}
	if as == "json" {
		w.Header().Set("Content-Type", "application/ld+json")
		w.Header().Set("Content-Disposition", `attachment; filename="`+id+`.json"`)
		_ = json.NewEncoder(w).Encode(h.exported(b.doc))
		return
	}
	if as != "png" && as != "svg" {
		http.Error(w, "as must be json, png or svg", http.StatusBadRequest)
		return
	}
	img, mt, err := h.bake(b, as)
	if err != nil {
		http.Error(w, "baking failed: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", mt)
	w.Header().Set("Content-Disposition", `attachment; filename="`+id+`.`+as+`"`)
	_, _ = w.Write(img)
}

// Browser is the host section's browser part for the reference host's pages under base (the
// host's root: base+"/ui/import"), for a candidate file in host.mode browser.
func Browser(base string) obcert.BrowserHost {
	return obcert.BrowserHost{Import: base + "/ui/import", Badge: base + "/ui/badge?id={id}",
		Selectors: obcert.HostSelectors{Upload: "#upload", Paste: "#paste", Account: "#account", Submit: "#submit",
			Imported: "#imported", Refused: "#refused", Status: "#status", Export: "#export-json", ExportPNG: "#export-png", ExportSVG: "#export-svg"}}
}
