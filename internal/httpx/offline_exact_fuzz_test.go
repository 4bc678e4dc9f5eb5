package httpx

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
)

// FuzzOfflineExact: for any key of a map and any requested URL, when the offline shortcut answers
// (offlineExact, or offline after url.Parse), the whole client path (resty, http.Client, the
// recording transport) gives the same response; what offlineExact answers, offline answers; and a
// request for exactly the map's own form of the key is answered without url.Parse whenever that
// form parses to itself and keeps its host.
func FuzzOfflineExact(f *testing.F) {
	for _, seed := range [][2]string{
		{"https://example.org/a", "https://example.org/a"},
		{"HTTPS://Example.org/A", "https://Example.org/A"},
		{"https://example.org/p q", "https://example.org/p%20q"},
		{"https://example.org/a?x=1#f", "https://example.org/a?x=1#"},
		{"ftp://example.org/a", "ftp://example.org/a"},
		{"//example.org/a", "//example.org/a"},
		{"https://example.org/%7e", "https://example.org/~"},
		{"http://[::1]:80/a", "http://[::1]:80/a"},
		{"https://user@example.org/a;b", "https://user@example.org/a;b"},
	} {
		f.Add(seed[0], seed[1])
	}
	dir := f.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.json"), []byte(`{"ok": true}`), 0o600); err != nil {
		f.Fatal(err)
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, key, request string) {
		m := &OfflineMap{path: filepath.Join(dir, "mocks.json"), dir: dir, answers: map[string]*offlineAnswer{}, open: os.Open}
		if err := m.add(key, offlineSpec{File: "a.json"}); err != nil {
			return
		}
		direct := New(WithTransport(m))
		whole := New(WithTransport(m), WithRecorder(NewRecorder()))
		for a := range m.answers {
			if ku, err := url.Parse(a); err == nil && ku.String() == a && checkTarget(ku) == nil && !emptyPort(ku.Host) {
				if _, ok := direct.offlineExact(ctx, Request{Method: http.MethodGet, URL: a}); !ok {
					t.Errorf("map key %q (listed as %q) parses to itself but is not answered exactly", a, key)
				}
			}
		}
		for _, u := range []string{request, key} {
			req := Request{Method: http.MethodGet, URL: u}
			ex, exOK := direct.offlineExact(ctx, req)
			pu, err := url.Parse(u)
			if exOK && (err != nil || checkTarget(pu) != nil) {
				t.Fatalf("%q is answered exactly, but url.Parse says %v", u, err)
			}
			var pr *Response
			if err == nil && checkTarget(pu) == nil {
				pr, _ = direct.offline(ctx, http.MethodGet, req, pu)
			}
			if exOK && pr == nil {
				t.Fatalf("%q is answered exactly, not after url.Parse", u)
			}
			for name, got := range map[string]*Response{"offlineExact": ex, "offline": pr} {
				if got == nil {
					continue
				}
				want, err := whole.Get(ctx, u, "application/json")
				if err != nil {
					t.Fatalf("%q is answered by %s, the client path fails: %v", u, name, err)
				}
				if d := responseDiff(got, want); d != "" {
					t.Fatalf("%q (map key %q), %s: %s", u, key, name, d)
				}
			}
		}
	})
}
