package host

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/openbadges/bake"
	"github.com/obcert/obcert/suites"
)

// ModeBrowser drives the product's own import page and export links in headless Chromium
// (chromedp), by the candidate file's CSS selectors, with a screenshot per page as evidence.
const ModeBrowser = "browser"

// browser imports each badge through the product's import page and downloads its exports by the
// links of the product's badge page, through the harness's HTTP client (so they are recorded).
type browser struct {
	cf      obcert.BrowserHost
	tab     context.Context
	timeout time.Duration
	out     string // the report folder, where screenshots go
	uploads string // the folder baked images are uploaded from
	client  *httpx.Client
	key     string            // the import under way, for messages and screenshots
	keys    map[string]string // badge id → the import it came from
}

var _ Driver = (*browser)(nil)

// newBrowser starts headless Chromium (closed when the run ends) for the pages cf describes.
func newBrowser(env *suites.Env, cf obcert.BrowserHost) (*browser, error) {
	tab, err := suites.StartChromium(env, "host.mode browser")
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "obcert-uploads-")
	if err != nil {
		return nil, fmt.Errorf("creating the folder badges are uploaded from: %w", err)
	}
	env.Defer(func() { _ = os.RemoveAll(dir) })
	return &browser{cf: cf, tab: tab, timeout: max(env.RequestTimeout, 10*time.Second), out: env.Out, uploads: dir,
		client: env.Client, keys: map[string]string{}}, nil
}

// bind names the import that follows.
func (b *browser) bind(key string) { b.key = key }

// within is the tab, bounded by the driver's timeout and by ctx.
func (b *browser) within(ctx context.Context) (context.Context, func()) {
	tctx, cancel := context.WithTimeout(b.tab, b.timeout)
	stop := context.AfterFunc(ctx, cancel)
	return tctx, func() { stop(); cancel() }
}

// absent names the selectors of want that match nothing on the page.
func absent(ctx context.Context, want map[string]string) ([]string, error) {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(want)) {
		q := want[name]
		found, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf("document.querySelector(%q) !== null", q)))
		if err != nil {
			return nil, fmt.Errorf("%s (%q) is not a CSS selector Chromium accepts: %v", name, q, err)
		}
		if !found {
			out = append(out, fmt.Sprintf("%s (%q)", name, q))
		}
	}
	return out, nil
}

// readText is the text of the element q matches, and whether it matched one.
func readText(ctx context.Context, q string) (string, bool, error) {
	v, err := chromedp.Run(ctx, chromedp.Evaluate[*string](fmt.Sprintf("(() => { const e = document.querySelector(%q); return e ? e.innerText : null })()", q)))
	if err != nil || v == nil {
		return "", false, err
	}
	return strings.Join(strings.Fields(*v), " "), true, nil
}

func (b *browser) Import(ctx context.Context, in Input, account string) (Imported, error) {
	tctx, done := b.within(ctx)
	defer done()
	s := b.cf.Selectors
	name := b.key
	fail := func(format string, a ...any) (Imported, error) {
		ev := b.shoot(tctx, name)
		return Imported{Evidence: ev}, &suites.DriveError{Reason: fmt.Sprintf("importing fixture %s through the page %s: ", b.key, b.cf.Import) + fmt.Sprintf(format, a...), Evidence: ev}
	}
	if err := chromedp.Do(tctx, chromedp.Navigate(b.cf.Import), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		return fail("the page could not be loaded in Chromium: %v", err)
	}
	want := map[string]string{"host.browser.selectors.submit": s.Submit}
	field := "host.browser.selectors.paste"
	if len(in.Image) > 0 {
		field = "host.browser.selectors.upload"
		want[field] = s.Upload
	} else {
		want[field] = s.Paste
	}
	if s.Account != "" {
		want["host.browser.selectors.account"] = s.Account
	}
	if miss, err := absent(tctx, want); err != nil || len(miss) > 0 {
		if err != nil {
			return fail("%v", err)
		}
		return fail("%s matched nothing on the page", strings.Join(miss, ", "))
	}
	var fill []chromedp.Action[chromedp.Void]
	if len(in.Image) > 0 {
		ext := "png"
		if bake.Sniff(in.Image) == bake.SVG {
			ext = "svg"
		}
		path := filepath.Join(b.uploads, strings.ReplaceAll(b.key, "/", "-")+"."+ext)
		if err := os.WriteFile(path, in.Image, 0o600); err != nil {
			return fail("the image could not be written to upload it: %v", err)
		}
		fill = append(fill, chromedp.SetUploadFiles(chromedp.CSS(s.Upload), []string{path}))
	} else {
		text := in.URL
		switch {
		case in.JWS != "":
			text = in.JWS
		case len(in.JSON) > 0:
			text = string(in.JSON)
		}
		fill = append(fill, chromedp.SetValue(chromedp.CSS(s.Paste), text))
	}
	if s.Account != "" {
		fill = append(fill, chromedp.SetValue(chromedp.CSS(s.Account), account))
	}
	if err := chromedp.Do(tctx, fill...); err != nil {
		return fail("filling in %s: %v", field, err)
	}
	if err := submit(tctx, s.Submit); err != nil {
		return fail("%v", err)
	}
	id, imported, err := readText(tctx, s.Imported)
	if err != nil {
		return fail("the answer page could not be read: %v", err)
	}
	reason, refused, err := readText(tctx, s.Refused)
	if err != nil {
		return fail("the answer page could not be read: %v", err)
	}
	switch {
	case imported && id != "":
		b.keys[id] = b.key
		return Imported{ID: id, Status: "imported", Evidence: b.shoot(tctx, name)}, nil
	case imported:
		return fail("host.browser.selectors.imported (%q) is on the answer page but shows no id", s.Imported)
	case refused:
		return Imported{Status: "refused", Reason: reason, Evidence: b.shoot(tctx, name)}, nil
	}
	return fail("the answer page shows neither host.browser.selectors.imported (%q) nor host.browser.selectors.refused (%q)", s.Imported, s.Refused)
}

// submit clicks the submit control and waits for the page it loads (or for the page to settle,
// when the form answers in place).
func submit(ctx context.Context, q string) error {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__obcertBefore = true`)); err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(q))); err != nil {
		return fmt.Errorf("clicking host.browser.selectors.submit: %w", err)
	}
	_, _ = chromedp.Run(ctx, chromedp.Poll[bool](`!window.__obcertBefore && document.readyState === 'complete'`,
		chromedp.WithPollingTimeout(5*time.Second)))
	return chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS("body")))
}

// exportLinks are the badge page's link selectors for each export form.
func (b *browser) exportLink(as string) (string, string) {
	s := b.cf.Selectors
	switch as {
	case "png":
		return "host.browser.selectors.exportPNG", s.ExportPNG
	case "svg":
		return "host.browser.selectors.exportSVG", s.ExportSVG
	}
	return "host.browser.selectors.export", s.Export
}

func (b *browser) Export(ctx context.Context, id, as string) (Exported, error) {
	tctx, done := b.within(ctx)
	defer done()
	key := b.keys[id]
	if key == "" {
		key = id
	}
	page := strings.ReplaceAll(b.cf.Badge, "{id}", url.QueryEscape(id))
	name := key + "-export-" + as
	fail := func(format string, a ...any) (Exported, error) {
		ev := b.shoot(tctx, name)
		return Exported{Evidence: ev}, &suites.DriveError{Reason: fmt.Sprintf("exporting fixture %s as %s from the page %s: ", key, as, page) + fmt.Sprintf(format, a...), Evidence: ev}
	}
	field, q := b.exportLink(as)
	if q == "" {
		return Exported{}, &suites.DriveError{Reason: fmt.Sprintf("the candidate file declares no %s: obcert cannot download the %s export of fixture %s", field, as, key)}
	}
	if err := chromedp.Do(tctx, chromedp.Navigate(page), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		return fail("the page could not be loaded in Chromium: %v", err)
	}
	want := map[string]string{field: q}
	if b.cf.Selectors.Status != "" {
		want["host.browser.selectors.status"] = b.cf.Selectors.Status
	}
	if miss, err := absent(tctx, want); err != nil || len(miss) > 0 {
		if err != nil {
			return fail("%v", err)
		}
		return fail("%s matched nothing on the page", strings.Join(miss, ", "))
	}
	var status string
	if b.cf.Selectors.Status != "" {
		st, _, err := readText(tctx, b.cf.Selectors.Status)
		if err != nil {
			return fail("the page could not be read: %v", err)
		}
		status = strings.ToLower(st)
	}
	href, err := chromedp.Run(tctx, chromedp.Evaluate[string](fmt.Sprintf("(() => { const e = document.querySelector(%q); return e.href || e.getAttribute('href') || '' })()", q)))
	if err != nil {
		return fail("the page could not be read: %v", err)
	}
	if u, err := url.Parse(href); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return fail("%s links to %q, not an http(s) URL obcert can download", field, clip(href))
	}
	ev := b.shoot(tctx, name)
	resp, err := b.client.Do(ctx, httpx.Request{Method: http.MethodGet, URL: href})
	if err != nil {
		return Exported{Evidence: ev}, &suites.DriveError{Reason: fmt.Sprintf("GET %s (the %s link of fixture %s) got no answer: %v", href, field, key, err), Evidence: ev}
	}
	if resp.Entry >= 0 {
		ev = append(ev, httpx.EntryRef(resp.Entry))
	}
	if resp.Status != http.StatusOK {
		return Exported{Evidence: ev}, &suites.DriveError{Reason: fmt.Sprintf("GET %s (the %s link of fixture %s) answered HTTP %d, not 200 OK", href, field, key, resp.Status), Evidence: ev}
	}
	if as == "json" {
		return Exported{JSON: resp.Body, Status: status, Evidence: ev}, nil
	}
	return Exported{Image: resp.Body, MediaType: resp.ContentType, Status: status, Evidence: ev}, nil
}

// shoot writes a screenshot of the tab as evidence; none when it cannot be taken.
func (b *browser) shoot(ctx context.Context, name string) []string {
	shot, _ := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if name == "" {
		name = "host"
	}
	return suites.WriteScreenshot(b.out, "host-"+name, shot)
}
