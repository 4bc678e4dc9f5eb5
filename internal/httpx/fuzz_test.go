package httpx_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/obcert/obcert/internal/httpx"
)

// FuzzOfflineMap: the offline-map reader never panics, whatever the map file holds; a map that
// loads answers a request for a URL it lists. Seeds: testdata/fuzz/FuzzOfflineMap and below.
func FuzzOfflineMap(f *testing.F) {
	f.Add([]byte(`{"http://e.test/a": "a.json"}`))
	f.Add([]byte(`{"http://e.test/a": {"file": "a.json", "status": 410, "content_type": "application/ld+json"}}`))
	f.Add([]byte(`{"http://e.test/a": {"file": "../../etc/passwd"}}`))
	f.Add([]byte(`{"http://e.test/a": {"file": "a.json", "status": -1}, "http://e.test/a ": 7}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "a.json"), []byte(`{"ok":true}`), 0o600); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "mocks.json")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		m, err := httpx.LoadOfflineMap(p)
		if err != nil {
			return
		}
		req, _ := http.NewRequest(http.MethodGet, "http://e.test/a", nil)
		if resp, err := m.RoundTrip(req); err == nil {
			resp.Body.Close()
		}
	})
}
