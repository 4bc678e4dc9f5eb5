package httpx

import (
	"context"
	"errors"
	"fmt"
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
// the whole client path (resty, http.Client, the recording transport) gives for it.
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
		"https://example.org/moved": {"status": 301}, "https://example.org/p%20q?x=1#f": "a.json"}`
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
	for _, u := range []string{"https://example.org/a", "https://example.org/b.png", "https://example.org/gone",
		"https://example.org/empty", "https://example.org/nobody", "https://example.org/moved",
		"https://example.org/p%20q?x=1#f", "https://example.org/unlisted", "ftp://example.org/a"} {
		got, gerr := direct.Get(ctx, u, "application/json")
		want, werr := whole.Get(ctx, u, "application/json")
		if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Errorf("%s: direct error %v, client path error %v", u, gerr, werr)
			continue
		}
		if gerr != nil {
			continue
		}
		pu, _ := url.Parse(u)
		if _, ok := direct.offline(ctx, "GET", Request{URL: u}, pu); !ok && got.Status/100 != 3 {
			t.Errorf("%s was not answered directly", u)
		}
		if got.RequestURL != want.RequestURL || got.FinalURL != want.FinalURL || got.Status != want.Status ||
			got.ContentType != want.ContentType || string(got.Body) != string(want.Body) ||
			!reflect.DeepEqual(got.Header, want.Header) || len(got.Redirects) != len(want.Redirects) {
			t.Errorf("%s:\n  direct      %+v\n  client path %+v", u, *got, *want)
		}
	}
}
