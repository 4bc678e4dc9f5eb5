package httpx

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// ErrNotRecorded reports a request a Replay cannot answer: no exchange of the HAR matches it,
// or the recorded one is not complete enough to answer with (a body cut to 256 KiB).
var ErrNotRecorded = errors.New("not answerable from the recorded exchanges")

// Replay is an http.RoundTripper that answers every request from the exchanges of a HAR that
// WriteHAR wrote: each method and URL gets the answers recorded for it, in their order, the
// last one again once they run out. Secrets were redacted when the HAR was written, so a URL
// is matched after the same redaction.
type Replay struct {
	mu      sync.Mutex
	answers map[string][]harEntry
	served  map[string]int
	missed  []string
}

var _ http.RoundTripper = (*Replay)(nil)

// LoadHAR reads a HAR (at most limit bytes) into a Replay.
func LoadHAR(r io.Reader, limit int64) (*Replay, error) {
	var doc harFile
	raw, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading the HAR: %w", err)
	}
	if int64(len(raw)) > limit {
		return nil, fmt.Errorf("reading the HAR: larger than %d bytes", limit)
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("reading the HAR: %w", err)
	}
	p := &Replay{answers: map[string][]harEntry{}, served: map[string]int{}}
	for _, e := range doc.Log.Entries {
		key := replayKey(e.Request.Method, e.Request.URL)
		p.answers[key] = append(p.answers[key], e)
	}
	return p, nil
}

func replayKey(method, rawURL string) string { return method + " " + rawURL }

// Missed lists the requests the Replay could not answer, each with the reason, in order.
func (p *Replay) Missed() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.missed...)
}

// RoundTrip answers req with the next exchange recorded for its method and URL.
func (p *Replay) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	e, err := p.next(req)
	if err == nil {
		var resp *http.Response
		if resp, err = replayResponse(req, e); err == nil {
			return resp, nil
		}
	}
	p.mu.Lock()
	p.missed = append(p.missed, err.Error())
	p.mu.Unlock()
	return nil, err
}

func (p *Replay) next(req *http.Request) (harEntry, error) {
	key := replayKey(req.Method, redactURL(req.URL.String()))
	p.mu.Lock()
	defer p.mu.Unlock()
	list := p.answers[key]
	if len(list) == 0 {
		return harEntry{}, fmt.Errorf("%s %s: %w: no exchange was recorded for it", req.Method, req.URL, ErrNotRecorded)
	}
	i := min(p.served[key], len(list)-1)
	p.served[key]++
	return list[i], nil
}

// replayResponse rebuilds the response of e; an exchange that failed fails again with its error.
func replayResponse(req *http.Request, e harEntry) (*http.Response, error) {
	c := e.Response.Content
	switch {
	case e.Response.Status == 0 || e.Comment != "":
		return nil, fmt.Errorf("%s %s: the recorded exchange failed: %s", req.Method, req.URL, or(e.Comment, "no response"))
	case strings.HasPrefix(c.Comment, "truncated"):
		return nil, fmt.Errorf("%s %s: %w: the recorded body was %s", req.Method, req.URL, ErrNotRecorded, c.Comment)
	}
	body := []byte(c.Text)
	if c.Encoding == "base64" {
		var err error
		if body, err = base64.StdEncoding.DecodeString(c.Text); err != nil {
			return nil, fmt.Errorf("%s %s: %w: the recorded body is not base64", req.Method, req.URL, ErrNotRecorded)
		}
	}
	h := http.Header{}
	for _, nv := range e.Response.Headers {
		h.Add(nv.Name, nv.Value)
	}
	for _, name := range []string{"Content-Length", "Transfer-Encoding", "Content-Encoding"} {
		h.Del(name)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	rc := io.ReadCloser(http.NoBody)
	if req.Method != http.MethodHead && len(body) > 0 {
		rc = io.NopCloser(bytes.NewReader(body))
	}
	return &http.Response{Status: strconv.Itoa(e.Response.Status) + " " + e.Response.StatusText,
		StatusCode: e.Response.Status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: rc, ContentLength: int64(len(body)), Request: req}, nil
}
