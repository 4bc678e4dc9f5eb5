package httpx

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/obcert/obcert/internal/limits"
)

// recordingTransport reads each response body within the limit, records the exchange, and
// notes the hop in the request's trace. http.Client calls it once per redirect hop, which the
// resty hooks cannot see.
type recordingTransport struct {
	base    http.RoundTripper
	rec     *Recorder
	maxBody int64
}

func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req, reqBody, err := t.captureRequestBody(req)
	if err != nil {
		return nil, err
	}
	e := Entry{Started: time.Now(), Method: req.Method, URL: req.URL.String(),
		RequestHeader: req.Header.Clone(), RequestBody: reqBody, RequestBodySize: int64(len(reqBody))}
	resp, err := t.base.RoundTrip(req)
	e.Wait = time.Since(e.Started)
	if err != nil {
		t.finish(req, e, err)
		return nil, err
	}
	body, err := readLimited(resp.Body, t.maxBody)
	if errors.Is(err, ErrBodyTooLarge) && resp.Uncompressed {
		err = decompressedTooLarge(t.maxBody)
	}
	e.Duration = time.Since(e.Started)
	fillResponse(&e, resp, body)
	if err != nil {
		t.finish(req, e, err)
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if req.Method != http.MethodHead {
		resp.ContentLength = int64(len(body))
	}
	t.finish(req, e, nil)
	return resp, nil
}

// captureRequestBody returns the body to record, leaving the request able to send it.
func (t *recordingTransport) captureRequestBody(req *http.Request) (*http.Request, []byte, error) {
	if t.rec == nil || req.Body == nil || req.Body == http.NoBody {
		return req, nil, nil
	}
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return req, nil, err
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		return req, b, err
	}
	b, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return req, nil, err
	}
	clone := *req
	clone.Body = io.NopCloser(bytes.NewReader(b))
	return &clone, b, nil
}

// readLimited reads and closes body, failing with ErrBodyTooLarge past limit bytes. On error
// it returns what it read, for the record.
func readLimited(body io.ReadCloser, limit int64) ([]byte, error) {
	defer body.Close()
	b, err := limits.ReadAll(body, limit)
	if errors.Is(err, limits.ErrTooLarge) {
		return b, bodyTooLarge(limit)
	}
	return b, err
}

func fillResponse(e *Entry, resp *http.Response, body []byte) {
	e.Status = resp.StatusCode
	e.StatusText = statusText(resp)
	e.Proto = resp.Proto
	e.ResponseHeader = resp.Header.Clone()
	e.ResponseBody = body
	e.ResponseBodySize = int64(len(body))
}

// statusText is the reason phrase of resp ("Found" from "302 Found").
func statusText(resp *http.Response) string {
	if _, text, ok := strings.Cut(resp.Status, " "); ok {
		return text
	}
	return http.StatusText(resp.StatusCode)
}

func (t *recordingTransport) finish(req *http.Request, e Entry, err error) {
	if e.Duration == 0 {
		e.Duration = time.Since(e.Started)
	}
	if err != nil {
		e.Error = err.Error()
	}
	idx := -1
	if t.rec != nil {
		idx = t.rec.add(e)
	}
	if tr := traceOf(req.Context()); tr != nil {
		tr.hops = append(tr.hops, hop{url: req.URL.String(), entry: idx, answered: e.Status != 0, received: e.ResponseBodySize})
	}
}
