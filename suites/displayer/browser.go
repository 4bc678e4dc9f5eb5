package displayer

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/suites"
)

// ModeBrowser drives the product's own page in headless Chromium (chromedp), reading each field
// by the candidate file's CSS selectors, with a screenshot per badge as evidence.
const ModeBrowser = "browser"

// browser reads the product's page for each badge.
type browser struct {
	cf      obcert.BrowserDisplayer
	ctx     context.Context // the browser's tab
	timeout time.Duration
	out     string            // the report folder, where screenshots go
	ids     map[string]string // badge key → id, for the screenshots' names
}

var _ Driver = (*browser)(nil)

// newBrowser starts headless Chromium (closed when the run ends) for the page cf describes.
func newBrowser(env *suites.Env, cf obcert.BrowserDisplayer) (*browser, error) {
	tab, err := suites.StartChromium(env, "displayer.mode browser")
	if err != nil {
		return nil, err
	}
	return &browser{cf: cf, ctx: tab, timeout: max(env.RequestTimeout, 5*time.Second), out: env.Out, ids: map[string]string{}}, nil
}

func (b *browser) bind(id string, badge fixtures.Badge) { b.ids[badgeKey(badge)] = id }

func (b *browser) Display(ctx context.Context, badge fixtures.Badge) (Answer, error) {
	return b.read(ctx, badge, false)
}

func (b *browser) Verify(ctx context.Context, badge fixtures.Badge) (Answer, error) {
	if b.cf.Selectors.Verify == "" {
		return Answer{}, &suites.DriveError{Reason: "the candidate file declares no displayer.browser.selectors.verify: obcert cannot have the page verify the badge again"}
	}
	return b.read(ctx, badge, true)
}

// pageURL is the page that shows badge.
func (b *browser) pageURL(badge fixtures.Badge) string {
	v := badge.URL
	switch {
	case badge.JWS != "":
		v = badge.JWS
	case len(badge.Image) > 0:
		v = "data:" + badge.MediaType + ";base64," + base64.StdEncoding.EncodeToString(badge.Image)
	}
	return strings.ReplaceAll(b.cf.Page, "{url}", url.QueryEscape(v))
}

// readScript reads every declared selector: an element's text, an image's src; null when the
// selector matches nothing.
const readScript = `(() => { const out = {}; for (const [k, q] of Object.entries(%s)) { if (!q) continue;
const e = document.querySelector(q); if (!e) { out[k] = null; continue; }
out[k] = k === 'image' ? (e.currentSrc || e.src || e.getAttribute('href') || '') : e.innerText; } return out; })()`

func (b *browser) read(ctx context.Context, badge fixtures.Badge, again bool) (Answer, error) {
	page := b.pageURL(badge)
	tctx, cancel := context.WithTimeout(b.ctx, b.timeout)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	s := b.cf.Selectors
	sel := fmt.Sprintf(`{"name":%q,"description":%q,"image":%q,"issuer":%q,"issuedOn":%q,"status":%q,"lastVerified":%q}`,
		s.Name, s.Description, s.Image, s.Issuer, s.IssuedOn, s.Status, s.LastVerified)
	var got map[string]*string
	err := chromedp.Do(tctx, chromedp.Navigate(page), chromedp.WaitReady(chromedp.CSS("body")))
	if err == nil && again {
		err = b.clickVerify(tctx)
	}
	if err == nil {
		got, err = chromedp.Run(tctx, chromedp.Evaluate[map[string]*string](fmt.Sprintf(readScript, sel)))
	}
	shot, _ := chromedp.Run(tctx, chromedp.CaptureScreenshot())
	ev := b.screenshot(badge, again, shot)
	if err != nil {
		return Answer{}, &suites.DriveError{Reason: fmt.Sprintf("the page %s could not be read in Chromium: %v", clip(page), err), Evidence: ev}
	}
	a, err := b.answerOf(got)
	if err != nil {
		return Answer{}, &suites.DriveError{Reason: fmt.Sprintf("the page %s: %v", clip(page), err), Evidence: ev}
	}
	a.Evidence = ev
	return a, nil
}

// clickVerify clicks the verify control. One that navigates loads a new document; one that
// updates the page in place is read after a short wait.
func (b *browser) clickVerify(ctx context.Context) error {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__obcertBefore = true`)); err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(b.cf.Selectors.Verify))); err != nil {
		return fmt.Errorf("clicking displayer.browser.selectors.verify: %w", err)
	}
	_, _ = chromedp.Run(ctx, chromedp.Poll[bool](`!window.__obcertBefore && document.readyState === 'complete'`,
		chromedp.WithPollingTimeout(3*time.Second)))
	return chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS("body")))
}

// answerOf is what the page showed; a selector that matched nothing names its field.
func (b *browser) answerOf(got map[string]*string) (Answer, error) {
	var missing []string
	field := func(k string) string {
		v, declared := got[k]
		if !declared {
			return ""
		}
		if v == nil {
			missing = append(missing, "displayer.browser.selectors."+k)
			return ""
		}
		return normal(*v)
	}
	a := Answer{Name: field("name"), Description: field("description"), Image: field("image"), IssuerName: field("issuer"),
		IssuedOn: field("issuedOn"), Status: strings.ToLower(field("status")), LastVerified: field("lastVerified")}
	// A field the page leaves out is shown empty (a revoked badge may show no image); a page that
	// shows no status, or none of the fields, rendered nothing obcert can read.
	if len(missing) > 0 && (len(missing) == len(got) || slices.Contains(missing, "displayer.browser.selectors.status")) {
		return a, fmt.Errorf("%s matched nothing on the page", strings.Join(missing, ", "))
	}
	return a, nil
}

// screenshot writes shot into the report folder's evidence/ and returns its reference.
func (b *browser) screenshot(badge fixtures.Badge, again bool, shot []byte) []string {
	id := b.ids[badgeKey(badge)]
	if id == "" {
		id = "badge"
	}
	name := id
	if again {
		name += "-after-verify"
	}
	return suites.WriteScreenshot(b.out, name, shot)
}
