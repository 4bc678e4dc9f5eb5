package httpx

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
)

// TestOfflineMapReadsOnlyTheFilesAsked: a map of 1,004 entries, 500 of whose files are absent and
// 500 huge, loads without opening any file; each URL asked for opens its file once; an absent file
// is an error for its request only, and a huge one is read no further than the body limit.
func TestOfflineMapReadsOnlyTheFilesAsked(t *testing.T) {
	dir := t.TempDir()
	entries := map[string]string{}
	for i := range 4 {
		name := fmt.Sprintf("doc%d.json", i)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(fmt.Sprintf(`{"n": %d}`, i)), 0o644); err != nil {
			t.Fatal(err)
		}
		entries[fmt.Sprintf("https://example.org/doc%d", i)] = name
	}
	for i := range 500 {
		entries[fmt.Sprintf("https://example.org/absent%d", i)] = fmt.Sprintf("absent%d.json", i)
		name := fmt.Sprintf("huge%d.json", i)
		fh, err := os.Create(filepath.Join(dir, name))
		if err == nil {
			err = fh.Truncate(1 << 30) // sparse: 1 GiB that takes no disk
		}
		if err == nil {
			err = fh.Close()
		}
		if err != nil {
			t.Fatal(err)
		}
		entries[fmt.Sprintf("https://example.org/huge%d", i)] = name
	}
	var b strings.Builder
	b.WriteString("{")
	first := true
	for u, f := range entries {
		if !first {
			b.WriteString(",")
		}
		first = false
		fmt.Fprintf(&b, "%q: %q", u, f)
	}
	b.WriteString("}")
	path := filepath.Join(dir, "mocks.json")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	m, err := LoadOfflineMap(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.answers) != 1004 {
		t.Fatalf("the map holds %d entries, want 1004", len(m.answers))
	}
	var opened atomic.Int32
	var names []string
	m.open = func(name string) (*os.File, error) {
		opened.Add(1)
		names = append(names, filepath.Base(name))
		return os.Open(name)
	}
	c := New(WithTransport(m))
	ctx := context.Background()
	for round := range 2 {
		for i := range 4 {
			resp, err := c.Get(ctx, fmt.Sprintf("https://example.org/doc%d", i), "")
			if err != nil || resp.Status != 200 || string(resp.Body) != fmt.Sprintf(`{"n": %d}`, i) {
				t.Fatalf("round %d, doc%d: %v %+v", round, i, err, resp)
			}
		}
	}
	if n := opened.Load(); n != 4 {
		t.Errorf("asking for 4 URLs twice opened %d files (%v), want 4", n, names)
	}
	if _, err := c.Get(ctx, "https://example.org/absent7", ""); err == nil || !strings.Contains(err.Error(), "absent7.json") {
		t.Errorf("an absent file: error %v, want one naming it", err)
	}
	_, err = c.Get(ctx, "https://example.org/huge3", "")
	if !errors.Is(err, ErrBodyTooLarge) {
		t.Errorf("a 1 GiB file: error %v, want the body limit's", err)
	}
	if a := m.answers["https://example.org/huge3"]; len(a.body) > maxBodyBytes+1 {
		t.Errorf("a huge file was read to %d bytes, past the body limit", len(a.body))
	}
	if n := opened.Load(); n != 6 {
		t.Errorf("%d files opened in all (%v), want 6: the 4 documents, absent7 and huge3", n, names)
	}
}

// TestOfflineAnswersEqualTheClientPath: a GET the offline map answers directly gives the response
// the whole client path (resty, http.Client, the recording transport) gives for it, whether it is
// looked up after url.Parse (offline) or, for a URL that is exactly a key whose parse is the
// identity, without it (offlineExact); a URL that is no such key is not answered by offlineExact.
// Every direct answer for a URL shares one Body and one Header, built once; answers of one content
// type and size share the Header.
func TestOfflineAnswersEqualTheClientPath(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"a.json": `{"a": 1}`, "b.png": "\x89PNG...", "empty.json": ""}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "mocks.json")
	mocks := `{"https://example.org/a": "a.json", "https://example.org/b.png": "b.png",
		"https://example.org/gone": {"file": "a.json", "status": 410, "content_type": "application/ld+json; charset=utf-8"},
		"https://example.org/empty": "empty.json", "https://example.org/nobody": {"status": 404},
		"https://example.org/moved": {"status": 301}, "https://example.org/p%20q?x=1#f": "a.json",
		"HTTPS://Example.org/Upper": "a.json", "https://example.org/sp ace": "b.png",
		"ftp://example.org/a": "a.json", "//example.org/rel": "a.json", "https://example.org/absent": "absent.json",
		"https://example.org:/port": "a.json", "https://example.org/port": "b.png"}`
	if err := os.WriteFile(path, []byte(mocks), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := LoadOfflineMap(path)
	if err != nil {
		t.Fatal(err)
	}
	direct := New(WithTransport(m))
	whole := New(WithTransport(m), WithRecorder(NewRecorder()))
	ctx := context.Background()
	// exact: the URLs offlineExact answers (listed as they are, parse identically, may be fetched,
	// are no redirect, have a readable file).
	exact := map[string]bool{"https://example.org/a": true, "https://example.org/b.png": true,
		"https://example.org/gone": true, "https://example.org/empty": true, "https://example.org/nobody": true,
		"https://example.org/p%20q?x=1#f": true, "https://example.org/sp%20ace": true, "https://Example.org/Upper": true,
		"https://example.org/port": true}
	urls := []string{"https://example.org/a", "https://example.org/b.png", "https://example.org/gone",
		"https://example.org/empty", "https://example.org/nobody", "https://example.org/moved",
		"https://example.org/p%20q?x=1#f", "https://example.org/unlisted", "ftp://example.org/a",
		"HTTPS://Example.org/Upper", "https://Example.org/Upper", "https://example.org/sp ace",
		"https://example.org/sp%20ace", "//example.org/rel", "https://example.org/absent", "https://example.org/a#",
		"https://example.org:/port", "https://example.org/port"}
	answered := 0
	for _, u := range urls {
		want, werr := whole.Get(ctx, u, "application/json")
		got, gerr := direct.Get(ctx, u, "application/json")
		if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Errorf("%s: direct error %v, client path error %v", u, gerr, werr)
			continue
		}
		if gerr == nil {
			if d := responseDiff(got, want); d != "" {
				t.Errorf("%s: Get: %s", u, d)
			}
		}
		req := Request{Method: http.MethodGet, URL: u}
		ex, exOK := direct.offlineExact(ctx, req)
		if exOK != exact[u] {
			t.Errorf("%s: answered by offlineExact %v, want %v", u, exOK, exact[u])
		}
		var pr *Response
		var prOK bool
		if pu, err := url.Parse(u); err == nil && checkTarget(pu) == nil {
			pr, prOK = direct.offline(ctx, http.MethodGet, req, pu)
		}
		if exOK && !prOK {
			t.Errorf("%s: answered by offlineExact but not after url.Parse", u)
		}
		for name, r := range map[string]*Response{"offlineExact": ex, "offline": pr} {
			if r == nil {
				continue
			}
			answered++
			if werr != nil {
				t.Errorf("%s: %s answers, the client path fails: %v", u, name, werr)
				continue
			}
			if d := responseDiff(r, want); d != "" {
				t.Errorf("%s: %s: %s", u, name, d)
			}
			if again, _ := direct.offline(ctx, http.MethodGet, req, mustParse(t, u)); again == nil ||
				reflect.ValueOf(again.Header).UnsafePointer() != reflect.ValueOf(r.Header).UnsafePointer() ||
				len(r.Body) > 0 && &again.Body[0] != &r.Body[0] {
				t.Errorf("%s: two direct answers do not share one Header and Body", u)
			}
		}
	}
	// Answers of one content type and size share one header too.
	a, _ := direct.Get(ctx, "https://example.org/a", "application/json")
	pq, _ := direct.Get(ctx, "https://example.org/p%20q?x=1#f", "application/json")
	if a == nil || pq == nil || reflect.ValueOf(a.Header).UnsafePointer() != reflect.ValueOf(pq.Header).UnsafePointer() {
		t.Error("two answers of a.json do not share one header")
	}
	if answered < 2*len(exact) {
		t.Errorf("%d direct answers in all, want at least %d", answered, 2*len(exact))
	}
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// responseDiff says how got differs from want in what a caller reads (all but Duration and Entry),
// or returns "".
func responseDiff(got, want *Response) string {
	if got.RequestURL != want.RequestURL || got.FinalURL != want.FinalURL || got.Status != want.Status ||
		got.ContentType != want.ContentType || string(got.Body) != string(want.Body) ||
		!reflect.DeepEqual(got.Header, want.Header) || !reflect.DeepEqual(got.Redirects, want.Redirects) {
		return fmt.Sprintf("\n  direct      %+v\n  client path %+v", *got, *want)
	}
	return ""
}
