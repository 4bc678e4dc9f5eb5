package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/obcert/obcert/internal/limits"
)

// OfflineMap is an http.RoundTripper that answers every request from a JSON file mapping each
// URL to a file name (relative to the map file) or to {"file": "...", "status": 410,
// "content_type": "..."}, each field optional. This is the format of the mocks.json files of the
// reference validator's test scenarios. A URL must match a key exactly.
//
// The map file is read and checked when the map is loaded; a file it names is read the first time
// its URL is asked for, and kept (at most maxBodyBytes+1 bytes of it: more is a body the client
// refuses as too large anyway). A map of thousands of entries costs only the entries used, and a
// file that is absent is an error for the request that needs it. A GET the Client answers without
// its HTTP machinery (Client.offline) gets those kept bytes, and one header per content type and
// size, shared with every other such GET: read-only.
type OfflineMap struct {
	path    string
	dir     string // the map file's directory, which file names are relative to
	answers map[string]*offlineAnswer
	// headers are the response headers handed out, one per content type and size: shared by the
	// answers alike (at most maxSharedHeaders of them), read-only.
	headersMu sync.Mutex
	headers   map[headerKey]http.Header
	// files reads the files the map names, relative to dir (limits.Dir: on linux through a
	// descriptor of dir, so that each open walks only the name below it).
	files *limits.Dir
	// open, when set (tests count the calls), opens a file the map names instead, by its path.
	open func(name string) (*os.File, error)
}

var _ http.RoundTripper = (*OfflineMap)(nil)

type headerKey struct {
	contentType string
	size        int
}

// maxSharedHeaders bounds OfflineMap.headers: past it, an answer has a header of its own.
const maxSharedHeaders = 1024

type offlineAnswer struct {
	key         string // as the map file writes it
	url         string // the key of answers: what url.Parse and String make of key
	status      int
	contentType string
	mediaType   string // mediaType(contentType), worked out once
	file        string // as the map names it, relative to its directory; "" for no body
	// exact: url is what url.Parse and String make of it, a URL the client may fetch
	// (checkTarget), and one http.NewRequest keeps as it is (no empty port to drop), so the whole
	// client path asks the map for url when given url, or any URL that parses to it: the offline
	// shortcut may answer (Client.offline), and a request for exactly url may skip the parse
	// (Client.offlineExact). Any other answer is given by the whole path only.
	exact bool

	once   sync.Once
	body   []byte
	header http.Header // offlineHeader of the body, found once with it (sharedHeader): shared, read-only
	err    error
}

// offlineSpec is one value of the map file: a file name, or an object.
type offlineSpec struct {
	File        string `json:"file"`
	Status      int    `json:"status"`
	ContentType string `json:"content_type"`
}

func (s *offlineSpec) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &s.File); err == nil {
		return nil
	}
	type plain offlineSpec
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode((*plain)(s))
}

// maxMapBytes bounds an offline map file (a million entries fit).
const maxMapBytes = 256 << 20

// LoadOfflineMap reads and checks the map file at path; the files it names are read when first
// asked for.
func LoadOfflineMap(path string) (*OfflineMap, error) {
	raw, err := limits.ReadFile(path, maxMapBytes)
	if err != nil {
		return nil, fmt.Errorf("offline map: %w", err)
	}
	var specs map[string]offlineSpec
	// Most maps name a file for every URL: decoded as such in one pass, without a decoder per value.
	var files map[string]string
	if json.Unmarshal(raw, &files) == nil && files != nil {
		specs = make(map[string]offlineSpec, len(files))
		for k, f := range files {
			specs[k] = offlineSpec{File: f}
		}
	} else if err := json.Unmarshal(raw, &specs); err != nil {
		return nil, fmt.Errorf("offline map %s: %w", path, err)
	}
	m := &OfflineMap{path: path, dir: filepath.Dir(path), answers: make(map[string]*offlineAnswer, len(specs)), files: limits.NewDir(filepath.Dir(path))}
	for key, spec := range specs {
		if err := m.add(key, spec); err != nil {
			return nil, fmt.Errorf("offline map %s: %s: %w", path, key, err)
		}
	}
	return m, nil
}

func (m *OfflineMap) add(key string, spec offlineSpec) error {
	a := &offlineAnswer{key: key, status: spec.Status, contentType: spec.ContentType}
	if plainURL(key) {
		// what the parse below finds of it: its own canonical form, exact (TestPlainURLIsTheParse)
		a.url, a.exact = key, true
		return m.addAnswer(a, spec)
	}
	u, err := url.Parse(key)
	if err != nil {
		return err
	}
	k := u.String()
	a.url = k
	ku := u // the parse of k when k is the key itself
	if k != key {
		ku, err = url.Parse(k)
	}
	if err == nil && ku.String() == k && checkTarget(ku) == nil && !emptyPort(ku.Host) {
		a.exact = true
	}
	return m.addAnswer(a, spec)
}

// addAnswer completes a (its url and exact set) from spec and files it under its url.
func (m *OfflineMap) addAnswer(a *offlineAnswer, spec offlineSpec) error {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	if a.status < 100 || a.status > 599 {
		return fmt.Errorf("status %d is not an HTTP status", a.status)
	}
	a.file = spec.File
	if a.contentType == "" {
		a.contentType = contentTypeOf(spec.File)
	}
	a.mediaType = mediaType(a.contentType)
	m.answers[a.url] = a
	return nil
}

// plainURL reports a URL of the plainest form, "http://" or "https://", a host of lower-case
// letters, digits, dots and hyphens (not empty), an optional port of digits, then nothing or a path
// of letters, digits and "-._~/": url.Parse reads it, String writes it back as it is, and it is an
// http(s) URL with a host and no empty port, so the offline map takes it as its own exact key
// without parsing it. False is "parse it".
func plainURL(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(s, "http://"); !ok {
			return false
		}
	}
	host, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		host, path = rest[:i], rest[i:]
	}
	if name, port, hasPort := strings.Cut(host, ":"); hasPort {
		if port == "" || strings.IndexFunc(port, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
			return false
		}
		host = name
	}
	if host == "" {
		return false
	}
	for i := 0; i < len(host); i++ {
		if c := host[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	for i := 0; i < len(path); i++ {
		if c := path[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~/", c) >= 0) {
			return false
		}
	}
	return true
}

// emptyPort reports a host with an empty port ("example.org:"), which http.NewRequest drops.
func emptyPort(host string) bool {
	return strings.HasSuffix(host, ":") && strings.LastIndex(host, ":") > strings.LastIndex(host, "]")
}

// bodyOf returns the body of a, reading its file the first time. The body is a's own, shared by
// every request for it: no caller may write into it.
func (m *OfflineMap) bodyOf(a *offlineAnswer) ([]byte, error) {
	a.once.Do(func() {
		defer func() {
			if a.err == nil {
				a.header = m.sharedHeader(a, len(a.body))
			}
		}()
		if a.file == "" {
			return
		}
		var err error
		if m.open != nil {
			a.body, err = m.readOpened(a.file)
		} else {
			a.body, err = m.files.ReadSized(a.file, maxBodyBytes)
		}
		// More than the limit is kept as limit+1 bytes, a body the client refuses as too large.
		if errors.Is(err, limits.ErrTooLarge) {
			err = nil
		}
		if err != nil {
			a.body = nil
			a.err = fmt.Errorf("offline map %s: %s: %w", m.path, a.key, err)
		}
	})
	return a.body, a.err
}

// readOpened reads the file through the open hook, as files.ReadSized does.
func (m *OfflineMap) readOpened(file string) ([]byte, error) {
	fh, err := m.open(filepath.Join(m.dir, filepath.FromSlash(file)))
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	var size int64
	if st, err := fh.Stat(); err == nil {
		size = st.Size()
	}
	return limits.ReadSized(fh, size, maxBodyBytes)
}

// contentTypeOf guesses a file's content type from its extension.
func contentTypeOf(file string) string {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".json":
		return "application/json"
	case ".png":
		return "image/png"
	case ".svg":
		return "image/svg+xml"
	case ".jws":
		return "text/plain"
	case ".html":
		return "text/html"
	}
	return "application/octet-stream"
}

// RoundTrip answers req from the map; a URL the map does not list is an error matching
// ErrNoOfflineEntry, not a 404.
func (m *OfflineMap) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	a, ok := m.answers[req.URL.String()]
	if !ok {
		return nil, fmt.Errorf("offline map %s: %w for %s", m.path, ErrNoOfflineEntry, req.URL)
	}
	data, err := m.bodyOf(a)
	if err != nil {
		return nil, err
	}
	body := io.ReadCloser(http.NoBody)
	if req.Method != http.MethodHead && len(data) > 0 {
		body = io.NopCloser(bytes.NewReader(data))
	}
	return &http.Response{
		Status:     strconv.Itoa(a.status) + " " + http.StatusText(a.status),
		StatusCode: a.status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: offlineHeader(a, len(data)),
		Body:   body, ContentLength: int64(len(data)), Request: req,
	}, nil
}

// sharedHeader is offlineHeader(a, size), one value for every answer of a's content type and size.
func (m *OfflineMap) sharedHeader(a *offlineAnswer, size int) http.Header {
	k := headerKey{contentType: a.contentType, size: size}
	m.headersMu.Lock()
	defer m.headersMu.Unlock()
	if h, ok := m.headers[k]; ok {
		return h
	}
	h := offlineHeader(a, size)
	if len(m.headers) < maxSharedHeaders {
		if m.headers == nil {
			m.headers = map[headerKey]http.Header{}
		}
		m.headers[k] = h
	}
	return h
}

func offlineHeader(a *offlineAnswer, size int) http.Header {
	return http.Header{
		"Content-Type":   {a.contentType},
		"Content-Length": {strconv.Itoa(size)},
	}
}
