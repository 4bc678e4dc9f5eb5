package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/obcert/obcert/internal/memwatch"
)

// hostileDocs maps a path to a body; "{{O}}" in a body stands for the origin serving it.
type hostileDocs map[string]string

// badgeDocs is a hosted badge at /assertion whose Assertion also names the contexts in
// extraContexts (paths), with its BadgeClass, Profile and image; more adds or replaces documents.
func badgeDocs(t *testing.T, extraContexts []string, more hostileDocs) hostileDocs {
	ctx := `"https://w3id.org/openbadges/v2"`
	for _, c := range extraContexts {
		ctx += `,"{{O}}` + c + `"`
	}
	d := hostileDocs{
		"/assertion": `{"@context":[` + ctx + `],"type":"Assertion","id":"{{O}}/assertion",
		  "recipient":{"type":"email","hashed":false,"identity":"conformance@imsglobal.org"},
		  "issuedOn":"2026-01-01T00:00:00Z","badge":"{{O}}/badgeclass","verification":{"type":"HostedBadge"}}`,
		"/badgeclass": `{"@context":"https://w3id.org/openbadges/v2","type":"BadgeClass","id":"{{O}}/badgeclass",
		  "name":"Hostile","description":"A hostile badge.","image":"{{O}}/image.png",
		  "criteria":{"narrative":"None."},"issuer":"{{O}}/issuer"}`,
		"/issuer": `{"@context":"https://w3id.org/openbadges/v2","type":"Issuer","id":"{{O}}/issuer",
		  "name":"Hostile","url":"{{O}}/","email":"nobody@hostile.example"}`,
		"/image.png": string(tinyPNG(t)),
	}
	for k, v := range more {
		d[k] = v
	}
	return d
}

func (d hostileDocs) body(origin, path string) (string, bool) {
	b, ok := d[path]
	return strings.ReplaceAll(b, "{{O}}", origin), ok
}

func contentTypeOf(path string) string {
	if strings.HasSuffix(path, ".png") {
		return "image/png"
	}
	return "application/ld+json"
}

// serveDocs serves d on a loopback httptest server and returns its origin.
func serveDocs(t *testing.T, d hostileDocs) string { return serveHostile(t, d, nil) }

// hostileHandlers answer some paths in their own (hostile) way.
type hostileHandlers map[string]http.HandlerFunc

// serveHostile serves d on a loopback httptest server, each path of special by its handler, and
// returns the origin. Handlers must end when the request's context does.
func serveHostile(t *testing.T, d hostileDocs, special hostileHandlers) string {
	t.Helper()
	var origin string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h, ok := special[r.URL.Path]; ok {
			h(w, r)
			return
		}
		b, ok := d.body(origin, r.URL.Path)
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", contentTypeOf(r.URL.Path))
		_, _ = w.Write([]byte(b))
	}))
	t.Cleanup(func() { srv.CloseClientConnections(); srv.Close() })
	origin = srv.URL
	return origin
}

// offlineMapOf writes d as an offline map (mocks.json and its files) for origin and returns the
// map file's path.
func offlineMapOf(t *testing.T, origin string, d hostileDocs) string {
	t.Helper()
	dir := t.TempDir()
	m := map[string]map[string]string{}
	i := 0
	for path := range d {
		b, _ := d.body(origin, path)
		name := filepath.Join(dir, fmt.Sprintf("doc%d", i))
		i++
		if err := os.WriteFile(name, []byte(b), 0o600); err != nil {
			t.Fatal(err)
		}
		m[origin+path] = map[string]string{"file": filepath.Base(name), "content_type": contentTypeOf(path)}
	}
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	mocks := filepath.Join(dir, "mocks.json")
	if err := os.WriteFile(mocks, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return mocks
}

// bounded runs f and fails the test when it takes longer than limit or its peak live heap grows
// by more than maxMB megabytes (sampled with runtime.ReadMemStats). It returns both measures.
func bounded(t *testing.T, limit time.Duration, maxMB uint64, f func()) (time.Duration, uint64) {
	t.Helper()
	start := time.Now()
	mb, total := memwatch.During(f)
	took := time.Since(start)
	t.Logf("took %v, peak heap %d MB (%d MB allocated in all)", took.Round(time.Millisecond), mb, total)
	if took > limit {
		t.Errorf("took %v, limit %v", took, limit)
	}
	if mb > maxMB {
		t.Errorf("peak heap %d MB, limit %d MB", mb, maxMB)
	}
	return took, mb
}

// validateReport is the part of validate's JSON output the hostile tests read.
type validateReport struct {
	Report struct {
		Valid            bool   `json:"valid"`
		Incomplete       bool   `json:"incomplete"`
		IncompleteReason string `json:"incompleteReason"`
		Messages         []struct {
			Result string `json:"result"`
		} `json:"messages"`
	} `json:"report"`
}

func readValidateReport(t *testing.T, out string) validateReport {
	t.Helper()
	var rep validateReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("validate wrote no JSON report (%v):\n%.2000s", err, out)
	}
	return rep
}

// sleepFor answers after d, or not at all when the client gives up first.
func sleepFor(d time.Duration, then http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(d):
			then(w, r)
		}
	}
}
