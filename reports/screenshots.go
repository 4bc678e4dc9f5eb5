package reports

import (
	"encoding/base64"
	"html/template"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Caps on the screenshots report.html carries inline; a bigger one stays a link to its file.
const (
	maxInlineImage  = 1 << 20
	maxInlineImages = 16 << 20
)

// WithScreenshots makes report.html show, inline, the PNG screenshots the results reference as
// evidence files in dir (a browser-driven run keeps one per fixture), as data: URIs: the page still
// loads nothing from anywhere.
func WithScreenshots(dir string, refs []string) Option {
	return func(p *page) {
		p.images = map[string]template.URL{}
		total := 0
		for _, ref := range refs {
			clean := path.Clean(ref)
			if !strings.HasSuffix(strings.ToLower(clean), ".png") || path.IsAbs(clean) || strings.HasPrefix(clean, "..") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(clean)))
			if err != nil || len(b) > maxInlineImage || total+len(b) > maxInlineImages || !isPNG(b) {
				continue
			}
			total += len(b)
			p.images[ref] = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b))
		}
	}
}

func isPNG(b []byte) bool { return strings.HasPrefix(string(b), "\x89PNG\r\n\x1a\n") }

// showImages gives each evidence reference to an inline screenshot its data: URI.
func showImages(v htmlView, images map[string]template.URL) {
	if len(images) == 0 {
		return
	}
	for _, groups := range [][]resultGroup{v.Problems, v.Quiet} {
		for _, g := range groups {
			for _, rv := range g.Results {
				for i, e := range rv.Evidence {
					rv.Evidence[i].Image = images[e.Ref]
				}
			}
		}
	}
}
