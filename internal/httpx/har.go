package httpx

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the fields obcert writes.
type harFile struct {
	Log harLog `json:"log"`
}

type harLog struct {
	Version string     `json:"version"`
	Creator harCreator `json:"creator"`
	Entries []harEntry `json:"entries"`
}

type harCreator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type harEntry struct {
	StartedDateTime string      `json:"startedDateTime"`
	Time            float64     `json:"time"`
	Request         harRequest  `json:"request"`
	Response        harResponse `json:"response"`
	Cache           struct{}    `json:"cache"`
	Timings         harTimings  `json:"timings"`
	Comment         string      `json:"comment,omitempty"`
}

type harRequest struct {
	Method      string         `json:"method"`
	URL         string         `json:"url"`
	HTTPVersion string         `json:"httpVersion"`
	Cookies     []harNameValue `json:"cookies"`
	Headers     []harNameValue `json:"headers"`
	QueryString []harNameValue `json:"queryString"`
	PostData    *harPostData   `json:"postData,omitempty"`
	HeadersSize int            `json:"headersSize"`
	BodySize    int64          `json:"bodySize"`
}

type harPostData struct {
	MimeType string `json:"mimeType"`
	Text     string `json:"text"`
	Comment  string `json:"comment,omitempty"`
}

type harResponse struct {
	Status      int            `json:"status"`
	StatusText  string         `json:"statusText"`
	HTTPVersion string         `json:"httpVersion"`
	Cookies     []harNameValue `json:"cookies"`
	Headers     []harNameValue `json:"headers"`
	Content     harContent     `json:"content"`
	RedirectURL string         `json:"redirectURL"`
	HeadersSize int            `json:"headersSize"`
	BodySize    int64          `json:"bodySize"`
}

type harContent struct {
	Size     int64  `json:"size"`
	MimeType string `json:"mimeType"`
	Text     string `json:"text,omitempty"`
	Encoding string `json:"encoding,omitempty"`
	Comment  string `json:"comment,omitempty"`
}

type harNameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type harTimings struct {
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
}

// WriteHAR writes every exchange recorded as a HAR 1.2 document. Text bodies are written as
// text, others in base64; a body cut to 256 KiB says so in its comment; an exchange that failed
// carries its error in the entry comment.
func (r *Recorder) WriteHAR(w io.Writer) error {
	entries := r.Entries()
	doc := harFile{Log: harLog{
		Version: "1.2",
		Creator: harCreator{Name: "obcert", Version: r.creatorVersion},
		Entries: make([]harEntry, len(entries)),
	}}
	for i, e := range entries {
		doc.Log.Entries[i] = harEntryOf(e)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("writing HAR: %w", err)
	}
	return nil
}

func harEntryOf(e Entry) harEntry {
	receive := max(e.Duration-e.Wait, 0)
	return harEntry{
		StartedDateTime: e.Started.Format("2006-01-02T15:04:05.000Z07:00"),
		Time:            millis(e.Wait + receive),
		Request:         harRequestOf(e),
		Response:        harResponseOf(e),
		Timings:         harTimings{Wait: millis(e.Wait), Receive: millis(receive)},
		Comment:         e.Error,
	}
}

func harRequestOf(e Entry) harRequest {
	req := harRequest{
		Method: e.Method, URL: e.URL, HTTPVersion: or(e.Proto, "HTTP/1.1"),
		Cookies: []harNameValue{}, Headers: harHeaders(e.RequestHeader),
		QueryString: harQuery(e.URL), HeadersSize: -1, BodySize: e.RequestBodySize,
	}
	if e.RequestBodySize > 0 {
		text, encoding := harText(e.RequestBody)
		req.PostData = &harPostData{MimeType: e.RequestHeader.Get("Content-Type"), Text: text,
			Comment: bodyComment(encoding, e.RequestBodyCut, len(e.RequestBody), e.RequestBodySize)}
	}
	return req
}

func harResponseOf(e Entry) harResponse {
	text, encoding := harText(e.ResponseBody)
	bodySize := e.ResponseBodySize
	if e.Status == 0 {
		bodySize = -1
	}
	return harResponse{
		Status: e.Status, StatusText: e.StatusText, HTTPVersion: e.Proto,
		Cookies: []harNameValue{}, Headers: harHeaders(e.ResponseHeader),
		Content: harContent{Size: e.ResponseBodySize, MimeType: e.ResponseHeader.Get("Content-Type"),
			Text: text, Encoding: encoding, Comment: cutComment(e.ResponseBodyCut, len(e.ResponseBody), e.ResponseBodySize)},
		RedirectURL: e.ResponseHeader.Get("Location"), HeadersSize: -1, BodySize: bodySize,
	}
}

// harText is b as text when it is UTF-8, else in base64 with the encoding that says so.
func harText(b []byte) (text, encoding string) {
	if utf8.Valid(b) {
		return string(b), ""
	}
	return base64.StdEncoding.EncodeToString(b), "base64"
}

func bodyComment(encoding string, isCut bool, kept int, size int64) string {
	c := cutComment(isCut, kept, size)
	if encoding == "" {
		return c
	}
	if c != "" {
		return "base64; " + c
	}
	return "base64"
}

func cutComment(isCut bool, kept int, size int64) string {
	if !isCut {
		return ""
	}
	return fmt.Sprintf("truncated: the first %d of %d bytes kept", kept, size)
}

// harHeaders lists h sorted by name, so the same exchange always writes the same HAR.
func harHeaders(h http.Header) []harNameValue {
	out := []harNameValue{}
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, v := range h[name] {
			out = append(out, harNameValue{Name: name, Value: v})
		}
	}
	return out
}

// harQuery lists the query parameters of rawURL in order.
func harQuery(rawURL string) []harNameValue {
	out := []harNameValue{}
	u, err := url.Parse(rawURL)
	if err != nil || u.RawQuery == "" {
		return out
	}
	for _, part := range strings.Split(u.RawQuery, "&") {
		if part != "" {
			name, value, _ := strings.Cut(part, "=")
			out = append(out, harNameValue{Name: unescape(name), Value: unescape(value)})
		}
	}
	return out
}

func unescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
