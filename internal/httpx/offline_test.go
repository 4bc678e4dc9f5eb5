package httpx_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/obcert/obcert/internal/httpx"
)

// scenarios holds the reference validator's test scenarios, each with a mocks.json.
const scenarios = "../../testdata/validator-core-testfiles/scenarios"

func TestOfflineMapServesTheScenarioMocks(t *testing.T) {
	maps, err := filepath.Glob(filepath.Join(scenarios, "*", "mocks.json"))
	if err != nil || len(maps) == 0 {
		t.Fatalf("no mocks.json under %s: %v", scenarios, err)
	}
	for _, path := range maps {
		t.Run(filepath.Base(filepath.Dir(path)), func(t *testing.T) {
			m, err := httpx.LoadOfflineMap(path)
			if err != nil {
				t.Fatal(err)
			}
			c := httpx.New(httpx.WithTransport(m))
			for url, file := range readMocks(t, path) {
				resp, err := c.Get(context.Background(), url, "application/ld+json")
				if err != nil {
					t.Fatal(err)
				}
				want, err := os.ReadFile(filepath.Join(filepath.Dir(path), file))
				if err != nil {
					t.Fatal(err)
				}
				if resp.Status != 200 || !bytes.Equal(resp.Body, want) || resp.ContentType != extensionType(file) {
					t.Errorf("%s: status %d, content type %q, %d bytes; want 200, %q, %d bytes of %s",
						url, resp.Status, resp.ContentType, len(resp.Body), extensionType(file), len(want), file)
				}
			}
		})
	}
}

func readMocks(t *testing.T, path string) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var mocks map[string]string
	if err := json.Unmarshal(raw, &mocks); err != nil || len(mocks) == 0 {
		t.Fatalf("%s: %v", path, err)
	}
	return mocks
}

func extensionType(file string) string {
	switch filepath.Ext(file) {
	case ".json":
		return "application/json"
	case ".png":
		return "image/png"
	}
	return "application/octet-stream"
}

func TestOfflineMapUnknownURL(t *testing.T) {
	path := filepath.Join(scenarios, "01-hosted-2_0-basic", "mocks.json")
	m, err := httpx.LoadOfflineMap(path)
	if err != nil {
		t.Fatal(err)
	}
	rec := httpx.NewRecorder()
	url := "https://example.org/beths-robotics-badge.json/"
	_, err = httpx.New(httpx.WithTransport(m), httpx.WithRecorder(rec)).Get(context.Background(), url, "")
	want := "offline map " + path + ": no entry for " + url
	if !errors.Is(err, httpx.ErrNoOfflineEntry) || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("error %v, want one ending %q", err, want)
	}
	if rec.Len() != 1 || rec.Entries()[0].Error == "" {
		t.Errorf("the failed exchange was not recorded with its error")
	}
}

func TestOfflineMapObjectEntries(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "revoked.json"), `{"revoked":true}`)
	write(t, filepath.Join(dir, "key.jws"), "a.b.c")
	write(t, filepath.Join(dir, "mocks.json"), `{
		"https://example.org/revoked": {"file": "revoked.json", "status": 410, "content_type": "application/ld+json"},
		"https://example.org/gone": {"status": 410},
		"https://example.org/key": {"file": "key.jws"}
	}`)
	m, err := httpx.LoadOfflineMap(filepath.Join(dir, "mocks.json"))
	if err != nil {
		t.Fatal(err)
	}
	c := httpx.New(httpx.WithTransport(m))
	for url, want := range map[string]string{
		"https://example.org/revoked": `410 application/ld+json {"revoked":true}`,
		"https://example.org/gone":    "410 application/octet-stream ",
		"https://example.org/key":     "200 text/plain a.b.c",
	} {
		resp, err := c.Get(context.Background(), url, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%d %s %s", resp.Status, resp.ContentType, resp.Body); got != want {
			t.Errorf("%s: got %q, want %q", url, got, want)
		}
	}
}

func TestLoadOfflineMapErrors(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"bad-status.json":    `{"https://example.org/a": {"status": 99}}`,
		"unknown-field.json": `{"https://example.org/a": {"flie": "x.json"}}`,
		"not-a-map.json":     `["https://example.org/a"]`,
	} {
		write(t, filepath.Join(dir, name), content)
		if _, err := httpx.LoadOfflineMap(filepath.Join(dir, name)); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v, want one naming the map file", name, err)
		}
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
