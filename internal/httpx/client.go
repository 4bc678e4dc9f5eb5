package httpx

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"
)

// Client sends requests with the limits it was built with. It is safe for concurrent use.
type Client struct {
	cfg config
	// rc is the HTTP machinery (resty over a recording http.Client), built at its first use: a
	// run whose every GET an offline map answers directly never needs it.
	rcOnce sync.Once
	rc     *resty.Client
}

// Request is one request to send.
type Request struct {
	Method string // GET when empty
	URL    string
	Header http.Header
	// Body is sent with methods that carry one (not GET or HEAD); without a Content-Type
	// header, resty sets a guessed one.
	Body []byte
	// NoFollow returns a redirect response as it is instead of following it.
	NoFollow bool
}

// Response is the answer to a request, whatever its status.
type Response struct {
	RequestURL  string
	FinalURL    string
	Status      int
	Header      http.Header
	ContentType string // media type, lower case, without parameters
	Body        []byte
	Redirects   []string // the URL of each redirect hop in order; the last is FinalURL
	Duration    time.Duration
	Entry       int // Recorder index of the final exchange, -1 if none
}

// New returns a Client: a 10s timeout per request unless opts say otherwise, bodies of at most
// a badge's size (limits.MaxBadgeBytes, 16 MiB), at most 5 redirects.
func New(opts ...Option) *Client {
	cfg := defaultConfig()
	for _, opt := range opts {
		opt(&cfg)
	}
	return &Client{cfg: cfg}
}

// resty returns the client's HTTP machinery, built the first time it is asked for.
func (c *Client) resty() *resty.Client {
	c.rcOnce.Do(func() {
		base := c.cfg.transport
		if base == nil {
			base = newBaseTransport(c.cfg)
		}
		hc := &http.Client{Transport: &recordingTransport{base: base, rec: c.cfg.recorder, maxBody: maxBodyBytes}}
		c.rc = resty.NewWithClient(hc).
			SetRedirectPolicy(redirectPolicy(maxRedirects)).
			SetResponseBodyLimit(maxBodyBytes).
			SetHeader("User-Agent", c.cfg.userAgent).
			SetLogger(discardLogger{})
	})
	return c.rc
}

// Get fetches rawURL, sending accept as the Accept header when it is not empty.
func (c *Client) Get(ctx context.Context, rawURL, accept string) (*Response, error) {
	req := Request{Method: http.MethodGet, URL: rawURL}
	if accept != "" {
		// The offline shortcut sends nothing, so it needs no header: try it before making one,
		// and before parsing a URL that is exactly one of the map's.
		if resp, ok := c.offlineExact(ctx, req); ok {
			return resp, nil
		}
		if u, err := url.Parse(rawURL); err == nil && checkTarget(u) == nil {
			if resp, ok := c.offline(ctx, http.MethodGet, req, u); ok {
				return resp, nil
			}
		}
		req.Header = http.Header{"Accept": {accept}}
	}
	return c.Do(ctx, req)
}

// Do sends req. A response with any status is a Response; an error means no response came
// (bad URL, transport failure, timeout, body too large, redirect refused) and is an *Error.
//
// ISSUER-17: "Revoke a hosted Assertion by answering with HTTP 410 Gone." Statuses are for
// the caller to judge, so a 410 is a Response, not an error.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	u, err := url.Parse(req.URL)
	if err == nil {
		err = checkTarget(u)
	}
	if err != nil {
		return nil, &Error{Method: method, URL: req.URL, Entry: -1, Err: err}
	}
	if resp, ok := c.offline(ctx, method, req, u); ok {
		return resp, nil
	}
	tctx, cancel := context.WithTimeout(ctx, c.cfg.timeout)
	defer cancel()
	tr := &trace{noFollow: req.NoFollow}
	started := time.Now()
	resp, err := c.newRequest(withTrace(tctx, tr), req).Execute(method, req.URL)
	if err != nil {
		return nil, c.fail(ctx, tctx, method, req.URL, tr, err)
	}
	return newResponse(req.URL, resp, tr, time.Since(started)), nil
}

// offline answers a plain GET that an offline map holds without the HTTP client machinery
// (resty, http.Client, the recording transport): the response is the one that machinery gives for
// it, except that its Body and Header are the map's own, shared by every response for that URL
// and read-only. Anything else goes the whole way: a request with a recorder (its exchange must be
// recorded), a cancelled one, a URL the map does not list or a file it cannot read (for the same
// error), a redirect status, a body over the limit.
func (c *Client) offline(ctx context.Context, method string, req Request, u *url.URL) (*Response, bool) {
	m := c.offlineMap(ctx, method, req)
	if m == nil {
		return nil, false
	}
	started := time.Now()
	key := u.String()
	a, ok := m.answers[key]
	if !ok || !a.exact {
		return nil, false
	}
	return m.answer(a, req.URL, started)
}

// offlineExact is offline for a GET of a URL that is exactly a key of the map whose parse is the
// identity (offlineAnswer.exact): url.Parse, checkTarget and String would give the URL and the
// answer offline looks up, so they are skipped. Any other URL is for offline.
//
// offline itself answers only such keys too: for them the whole path (resty writes the parsed URL
// out, http.NewRequest parses it again) asks the map for the key offline looks up; for any other
// key it may ask for another (see offlineAnswer.exact).
func (c *Client) offlineExact(ctx context.Context, req Request) (*Response, bool) {
	m := c.offlineMap(ctx, req.Method, req)
	if m == nil {
		return nil, false
	}
	started := time.Now()
	a, ok := m.answers[req.URL]
	if !ok || !a.exact {
		return nil, false
	}
	return m.answer(a, req.URL, started)
}

// offlineMap is the client's offline map when the offline shortcut may answer req, or nil.
func (c *Client) offlineMap(ctx context.Context, method string, req Request) *OfflineMap {
	m, ok := c.cfg.transport.(*OfflineMap)
	if !ok || c.cfg.recorder != nil || method != http.MethodGet || req.Body != nil || ctx.Err() != nil {
		return nil
	}
	return m
}

// answer is the Response of a, asked for as requestURL, when the offline shortcut may give it.
func (m *OfflineMap) answer(a *offlineAnswer, requestURL string, started time.Time) (*Response, bool) {
	if a.status/100 == 3 {
		return nil, false
	}
	body, err := m.bodyOf(a)
	if err != nil || len(body) > maxBodyBytes {
		return nil, false
	}
	return &Response{
		RequestURL:  requestURL,
		FinalURL:    a.url,
		Status:      a.status,
		Header:      a.header,
		ContentType: a.mediaType,
		Body:        body,
		Duration:    time.Since(started),
		Entry:       -1,
	}, true
}

func (c *Client) newRequest(ctx context.Context, req Request) *resty.Request {
	rr := c.resty().R().SetContext(ctx)
	for name, values := range req.Header {
		for _, v := range values {
			rr.Header.Add(name, v)
		}
	}
	if req.Body != nil {
		rr.SetBody(req.Body)
	}
	return rr
}

// fail builds the error of a request, names a timeout as such, and notes the error on the
// recorded exchange.
func (c *Client) fail(parent, tctx context.Context, method, rawURL string, tr *trace, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	switch {
	case errors.Is(err, resty.ErrResponseBodyTooLarge):
		err = bodyTooLarge(maxBodyBytes)
	case errors.Is(err, ErrBodyTooLarge):
	case errors.Is(tctx.Err(), context.DeadlineExceeded) && parent.Err() == nil:
		err = timeoutError{after: c.cfg.timeout, answered: tr.lastAnswered(), received: tr.lastReceived()}
	default:
		err = named(err)
	}
	e := &Error{Method: method, URL: rawURL, Entry: tr.lastEntry(), Err: err}
	if e.Entry >= 0 {
		c.cfg.recorder.setError(e.Entry, e.Error())
	}
	return e
}

func newResponse(requestURL string, resp *resty.Response, tr *trace, d time.Duration) *Response {
	raw := resp.RawResponse
	r := &Response{
		RequestURL:  requestURL,
		FinalURL:    raw.Request.URL.String(),
		Status:      raw.StatusCode,
		Header:      raw.Header,
		ContentType: mediaType(raw.Header.Get("Content-Type")),
		Body:        resp.Body(),
		Duration:    d,
		Entry:       tr.lastEntry(),
	}
	for i, h := range tr.hops {
		if i > 0 {
			r.Redirects = append(r.Redirects, h.url)
		}
	}
	return r
}

// mediaType is the lower-case media type of a Content-Type value, without parameters.
func mediaType(contentType string) string {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

type discardLogger struct{}

func (discardLogger) Errorf(string, ...any) {}
func (discardLogger) Warnf(string, ...any)  {}
func (discardLogger) Debugf(string, ...any) {}

// HTTPClient returns a standard client over the same recording transport, limits and roots,
// for libraries that take an *http.Client (golang.org/x/oauth2, a cookie-jar user agent): every
// exchange it makes is recorded like the Client's own. Its timeout bounds each request; it
// follows at most 5 redirects unless the caller sets CheckRedirect.
func (c *Client) HTTPClient() *http.Client {
	return &http.Client{Transport: c.resty().GetClient().Transport, Timeout: c.cfg.timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return fmt.Errorf("%w (limit %d): %s", ErrTooManyRedirects, maxRedirects, hopList(via, req))
			}
			return checkTarget(req.URL)
		}}
}
