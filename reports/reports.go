package reports

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"

	"github.com/obcert/obcert"
)

// The files WriteAll writes.
const (
	JSONFile     = "report.json"
	HTMLFile     = "report.html"
	JUnitFile    = "junit.xml"
	MarkdownFile = "summary.md"
)

type renderer struct {
	name  string
	write func(io.Writer, *obcert.Report) error
}

// Option adds to what WriteAll writes.
type Option func(*page)

// page is what report.html shows besides the report itself.
type page struct {
	exchanges []obcert.Exchange
	images    map[string]template.URL // evidence reference → data: URI of the image it names
}

// WithExchanges makes report.html show the run's HTTP exchanges, each under the anchor its
// evidence references link to.
func WithExchanges(ex []obcert.Exchange) Option {
	return func(p *page) { p.exchanges = ex }
}

// WriteAll writes report.json, report.html, junit.xml and summary.md into dir, creating it if
// missing, and returns the paths written. A renderer that fails does not stop the others: every
// file that could be written is, and the errors are joined.
func WriteAll(dir string, r *obcert.Report, opts ...Option) ([]string, error) {
	if r == nil {
		return nil, errNilReport
	}
	var p page
	for _, o := range opts {
		o(&p)
	}
	html := func(w io.Writer, r *obcert.Report) error { return writePage(w, r, p) }
	renderers := []renderer{{JSONFile, WriteJSON}, {HTMLFile, html}, {JUnitFile, WriteJUnit}, {MarkdownFile, WriteMarkdown}}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating report directory: %w", err)
	}
	var paths []string
	var errs []error
	for _, rd := range renderers {
		path := filepath.Join(dir, rd.name)
		if err := writeFile(path, r, rd.write); err != nil {
			errs = append(errs, err)
			continue
		}
		paths = append(paths, path)
	}
	return paths, errors.Join(errs...)
}

// writeFile renders into memory first, so a renderer that fails leaves no half-written file.
func writeFile(path string, r *obcert.Report, write func(io.Writer, *obcert.Report) error) error {
	var buf bytes.Buffer
	if err := write(&buf, r); err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
