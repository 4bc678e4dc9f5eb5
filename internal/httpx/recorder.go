package httpx

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// maxKeptBody is how much of each body a Recorder keeps.
const maxKeptBody = 256 << 10

// Entry is one recorded HTTP exchange: one hop, with secrets already redacted and bodies cut
// to 256 KiB (or the limit of NewRecorderKeeping).
type Entry struct {
	Started          time.Time
	Method           string
	URL              string
	RequestHeader    http.Header
	RequestBody      []byte
	RequestBodySize  int64 // bytes sent, before redaction
	RequestBodyCut   bool  // RequestBody holds only the first 256 KiB
	Status           int   // 0 when no response came
	StatusText       string
	Proto            string
	ResponseHeader   http.Header
	ResponseBody     []byte
	ResponseBodySize int64 // bytes read, before redaction
	ResponseBodyCut  bool  // ResponseBody holds only the first 256 KiB
	Wait             time.Duration
	Duration         time.Duration
	Error            string
}

// Recorder keeps every exchange a Client makes, in order. It is safe for concurrent use.
type Recorder struct {
	creatorVersion string // the version of obcert the HAR names as its creator
	keep           int    // bytes of each body kept; 0 is maxKeptBody
	mu             sync.Mutex
	entries        []Entry
}

// RecorderOption configures a Recorder.
type RecorderOption func(*Recorder)

// CreatorVersion names the build of obcert in the HAR's creator (default "dev"). An empty v
// keeps the default.
func CreatorVersion(v string) RecorderOption {
	return func(r *Recorder) {
		if v != "" {
			r.creatorVersion = v
		}
	}
}

// NewRecorder returns an empty Recorder.
func NewRecorder(opts ...RecorderOption) *Recorder {
	r := &Recorder{creatorVersion: defaultVersion}
	for _, o := range opts {
		o(r)
	}
	return r
}

// EntryRef is the evidence reference of entry i in the report: "exchanges.har#entry=<i>".
func EntryRef(i int) string { return "exchanges.har#entry=" + strconv.Itoa(i) }

// Len is the number of exchanges recorded.
func (r *Recorder) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.entries)
}

// Entries returns a copy of the exchanges recorded, in order.
func (r *Recorder) Entries() []Entry {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Entry, len(r.entries))
	for i, e := range r.entries {
		out[i] = e.clone()
	}
	return out
}

// add redacts and cuts e, keeps it, and returns its index.
func (r *Recorder) add(e Entry) int {
	e = redactEntry(e)
	e.RequestBody, e.RequestBodyCut = cut(e.RequestBody, r.kept())
	e.ResponseBody, e.ResponseBodyCut = cut(e.ResponseBody, r.kept())
	r.mu.Lock()
	defer r.mu.Unlock()
	r.entries = append(r.entries, e)
	return len(r.entries) - 1
}

// setError replaces the error noted on entry i.
func (r *Recorder) setError(i int, msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i >= 0 && i < len(r.entries) {
		r.entries[i].Error = redactText(msg)
	}
}

// cut keeps at most limit bytes of b, without splitting a UTF-8 sequence of a text body.
func cut(b []byte, limit int) ([]byte, bool) {
	if len(b) <= limit {
		return bytes.Clone(b), false
	}
	kept := b[:limit]
	for i := 0; i < utf8.UTFMax-1 && len(kept) > 0 && !utf8.Valid(kept); i++ {
		kept = kept[:len(kept)-1]
	}
	if !utf8.Valid(kept) {
		kept = b[:limit]
	}
	return bytes.Clone(kept), true
}

func (e Entry) clone() Entry {
	e.RequestHeader = e.RequestHeader.Clone()
	e.ResponseHeader = e.ResponseHeader.Clone()
	e.RequestBody = bytes.Clone(e.RequestBody)
	e.ResponseBody = bytes.Clone(e.ResponseBody)
	return e
}
