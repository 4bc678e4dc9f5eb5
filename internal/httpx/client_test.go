package httpx_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/internal/limits"
)

func serve(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestGetReturnsBodyAndContentType(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/ld+json; charset=utf-8")
		fmt.Fprintf(w, `{"accept":%q,"ua":%q}`, r.Header.Get("Accept"), r.UserAgent())
	})
	resp, err := httpx.New().Get(context.Background(), srv.URL+"/a", "application/ld+json")
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 200 || resp.ContentType != "application/ld+json" || resp.FinalURL != srv.URL+"/a" {
		t.Errorf("got status %d, content type %q, final URL %q", resp.Status, resp.ContentType, resp.FinalURL)
	}
	if want := `{"accept":"application/ld+json","ua":"obcert/dev"}`; string(resp.Body) != want {
		t.Errorf("body %s, want %s", resp.Body, want)
	}
	resp, err = httpx.New(httpx.WithVersion("1.2.3")).Get(context.Background(), srv.URL+"/a", "")
	if err != nil || !strings.Contains(string(resp.Body), `"ua":"obcert/1.2.3"`) {
		t.Errorf("WithVersion: body %s, error %v", resp.Body, err)
	}
	if resp.Entry != -1 || len(resp.Redirects) != 0 {
		t.Errorf("without a recorder: entry %d, redirects %v", resp.Entry, resp.Redirects)
	}
}

func TestTimeoutWaitingForHeaders(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	rec := httpx.NewRecorder()
	c := httpx.New(httpx.WithTimeout(200*time.Millisecond), httpx.WithRecorder(rec))
	start := time.Now()
	_, err := c.Get(context.Background(), srv.URL+"/slow", "")
	assertTimeout(t, err, srv.URL+"/slow", time.Since(start), "with no answer: not even a status line came")
	entries := rec.Entries()
	if len(entries) != 1 || !strings.Contains(entries[0].Error, "timeout after 200ms") {
		t.Errorf("recorded %+v, want one entry with the timeout", entries)
	}
}

func TestTimeoutBoundsReadingTheBody(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("first bytes"))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	start := time.Now()
	_, err := httpx.New(httpx.WithTimeout(200*time.Millisecond)).Get(context.Background(), srv.URL, "")
	assertTimeout(t, err, srv.URL, time.Since(start), "with 11 bytes of the body received")
}

func assertTimeout(t *testing.T, err error, url string, took time.Duration, got string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error from a request slower than the timeout")
	}
	want := "GET " + url + ": timeout after 200ms " + got
	if err.Error() != want || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %q, want %q matching context.DeadlineExceeded", err, want)
	}
	if took > 2*time.Second {
		t.Errorf("the request took %s", took)
	}
}

func TestCallerCancellationIsNotATimeout(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := httpx.New().Get(ctx, srv.URL, "")
	if !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "timeout") {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

func TestBodyLimit(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write(make([]byte, limits.MaxBadgeBytes+1<<20))
	})
	rec := httpx.NewRecorder()
	c := httpx.New(httpx.WithRecorder(rec))
	_, err := c.Get(context.Background(), srv.URL+"/big", "")
	if !errors.Is(err, httpx.ErrBodyTooLarge) {
		t.Fatalf("error %v, want ErrBodyTooLarge", err)
	}
	if want := "GET " + srv.URL + "/big: response body too large: more than 16 MiB"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q, want it to start with %q", err, want)
	}
	var he *httpx.Error
	if !errors.As(err, &he) || he.Entry != 0 {
		t.Fatalf("error %#v, want an *httpx.Error naming entry 0", err)
	}
	e := rec.Entries()[0]
	if e.Status != 200 || e.Error == "" || len(e.ResponseBody) != 256<<10 || e.ResponseBodySize != limits.MaxBadgeBytes+1 {
		t.Errorf("entry: status %d, error %q, kept %d of %d bytes", e.Status, e.Error, len(e.ResponseBody), e.ResponseBodySize)
	}
}

func TestBodyWithinLimit(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { w.Write(make([]byte, limits.MaxBadgeBytes)) })
	resp, err := httpx.New().Get(context.Background(), srv.URL, "")
	if err != nil || len(resp.Body) != limits.MaxBadgeBytes {
		t.Fatalf("a body of exactly the limit: %v", err)
	}
}

func redirectServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b", http.StatusFound) })
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/c", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/c", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "end") })
	mux.HandleFunc("/loop1", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop2", http.StatusFound) })
	mux.HandleFunc("/loop2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop1", http.StatusFound) })
	mux.HandleFunc("/n/", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, r.URL.Path+"x", http.StatusFound) })
	mux.HandleFunc("/ftp", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "ftp://example.org/file")
		w.WriteHeader(http.StatusFound)
	})
	return serve(t, mux.ServeHTTP)
}

func TestRedirectChainRecordedHopByHop(t *testing.T) {
	srv := redirectServer(t)
	rec := httpx.NewRecorder()
	resp, err := httpx.New(httpx.WithRecorder(rec)).Get(context.Background(), srv.URL+"/a", "")
	if err != nil {
		t.Fatal(err)
	}
	wantHops := []string{srv.URL + "/b", srv.URL + "/c"}
	if fmt.Sprint(resp.Redirects) != fmt.Sprint(wantHops) || resp.FinalURL != srv.URL+"/c" || string(resp.Body) != "end" {
		t.Errorf("redirects %v, final %s, body %q", resp.Redirects, resp.FinalURL, resp.Body)
	}
	var got []string
	for _, e := range rec.Entries() {
		got = append(got, fmt.Sprintf("%d %s", e.Status, strings.TrimPrefix(e.URL, srv.URL)))
	}
	if want := "[302 /a 301 /b 200 /c]"; fmt.Sprint(got) != want || resp.Entry != 2 {
		t.Errorf("recorded %v (final entry %d), want %s (final entry 2)", got, resp.Entry, want)
	}
}

func TestNoFollowReturnsTheRedirect(t *testing.T) {
	srv := redirectServer(t)
	resp, err := httpx.New().Do(context.Background(), httpx.Request{URL: srv.URL + "/a", NoFollow: true})
	if err != nil || resp.Status != http.StatusFound || resp.Header.Get("Location") != "/b" {
		t.Fatalf("got %+v, %v; want the 302 itself", resp, err)
	}
}

func TestRedirectLoop(t *testing.T) {
	srv := redirectServer(t)
	_, err := httpx.New().Get(context.Background(), srv.URL+"/loop1", "")
	if !errors.Is(err, httpx.ErrRedirectLoop) {
		t.Fatalf("error %v, want ErrRedirectLoop", err)
	}
	hops := srv.URL + "/loop1 -> " + srv.URL + "/loop2 -> " + srv.URL + "/loop1"
	if !strings.Contains(err.Error(), hops) {
		t.Errorf("error %q does not name the hops %s", err, hops)
	}
}

func TestTooManyRedirects(t *testing.T) {
	srv := redirectServer(t)
	rec := httpx.NewRecorder()
	_, err := httpx.New(httpx.WithRecorder(rec)).Get(context.Background(), srv.URL+"/n/", "")
	if !errors.Is(err, httpx.ErrTooManyRedirects) || !strings.Contains(err.Error(), srv.URL+"/n/xxxxxx") {
		t.Fatalf("error %v, want ErrTooManyRedirects naming /n/xxxxxx", err)
	}
	if rec.Len() != 6 || rec.Entries()[5].Error == "" {
		t.Errorf("recorded %d entries, want 6 (5 redirects), the last with the error", rec.Len())
	}
}

func TestRedirectToOtherSchemeRefused(t *testing.T) {
	srv := redirectServer(t)
	_, err := httpx.New().Get(context.Background(), srv.URL+"/ftp", "")
	if !errors.Is(err, httpx.ErrUnsupportedScheme) || !strings.Contains(err.Error(), "ftp://example.org/file") {
		t.Errorf("error %v, want ErrUnsupportedScheme naming the target", err)
	}
}

func TestNonHTTPSchemeRefused(t *testing.T) {
	rec := httpx.NewRecorder()
	c := httpx.New(httpx.WithRecorder(rec))
	for _, u := range []string{"ftp://example.org/x", "file:///etc/passwd", "javascript:alert(1)", "/relative", "http:///nohost"} {
		_, err := c.Get(context.Background(), u, "")
		if !errors.Is(err, httpx.ErrUnsupportedScheme) || !strings.HasPrefix(err.Error(), "GET "+u+": ") {
			t.Errorf("%s: error %v, want ErrUnsupportedScheme", u, err)
		}
	}
	if rec.Len() != 0 {
		t.Errorf("refused URLs were sent: %d exchanges", rec.Len())
	}
}

func TestGoneIsAResponse(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/ld+json")
		w.WriteHeader(http.StatusGone)
		io.WriteString(w, `{"id":"x","revoked":true}`)
	})
	resp, err := httpx.New().Get(context.Background(), srv.URL, "")
	if err != nil || resp.Status != http.StatusGone || !strings.Contains(string(resp.Body), "revoked") {
		t.Fatalf("got %+v, %v; want a 410 response", resp, err)
	}
}

func TestPostSendsBodyAndHeaders(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %s %s %s", r.Method, r.Header.Get("Content-Type"), r.Header.Get("X-Two"), b)
	})
	req := httpx.Request{Method: http.MethodPost, URL: srv.URL, Body: []byte(`{"a":1}`),
		Header: http.Header{"Content-Type": {"application/json"}, "X-Two": {"x", "y"}}}
	resp, err := httpx.New().Do(context.Background(), req)
	if err != nil || string(resp.Body) != `POST application/json x {"a":1}` {
		t.Fatalf("got %q, %v", resp.Body, err)
	}
}

func TestDenyPrivateRefusesLoopback(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {})
	_, err := httpx.New(httpx.WithDenyPrivate(true)).Get(context.Background(), srv.URL, "")
	if !errors.Is(err, httpx.ErrPrivateAddress) || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("error %v, want ErrPrivateAddress for loopback", err)
	}
	if _, err := httpx.New(httpx.WithDenyPrivate(false)).Get(context.Background(), srv.URL, ""); err != nil {
		t.Errorf("loopback refused by default: %v", err)
	}
}

func TestRootCAs(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "tls") }))
	t.Cleanup(srv.Close)
	if _, err := httpx.New().Get(context.Background(), srv.URL, ""); err == nil {
		t.Error("an unknown certificate authority was trusted")
	}
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	resp, err := httpx.New(httpx.WithRootCAs(pool)).Get(context.Background(), srv.URL, "")
	if err != nil || string(resp.Body) != "tls" {
		t.Errorf("with the test CA: %v", err)
	}
}

func TestConcurrentRequestsShareOneClient(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, r.URL.Path) })
	rec := httpx.NewRecorder()
	c := httpx.New(httpx.WithRecorder(rec))
	const n = 64
	var wg sync.WaitGroup
	entries := make([]int, n)
	for i := range n {
		wg.Go(func() {
			resp, err := c.Get(context.Background(), fmt.Sprintf("%s/%d", srv.URL, i), "")
			if err != nil || string(resp.Body) != fmt.Sprintf("/%d", i) {
				t.Errorf("request %d: %v", i, err)
				return
			}
			entries[i] = resp.Entry
		})
	}
	wg.Wait()
	seen := map[int]bool{}
	all := rec.Entries()
	for i, e := range entries {
		if seen[e] || e < 0 || e >= len(all) || all[e].URL != fmt.Sprintf("%s/%d", srv.URL, i) {
			t.Errorf("request %d points at entry %d", i, e)
		}
		seen[e] = true
	}
	if rec.Len() != n {
		t.Errorf("recorded %d exchanges, want %d", rec.Len(), n)
	}
}

func BenchmarkGet(b *testing.B) {
	srv := serve(b, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"ok":true}`) })
	c := httpx.New(httpx.WithRecorder(httpx.NewRecorder()))
	ctx := context.Background()
	for b.Loop() {
		if _, err := c.Get(ctx, srv.URL, "application/json"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCompressedBodyLimitAppliesAfterDecompression(t *testing.T) {
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write(make([]byte, limits.MaxBadgeBytes+1<<20))
	zw.Close()
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(zipped.Bytes())
	})
	c := httpx.New()
	for _, acceptEncoding := range []string{"", "gzip"} {
		req := httpx.Request{URL: srv.URL, Header: http.Header{}}
		if acceptEncoding != "" {
			req.Header.Set("Accept-Encoding", acceptEncoding)
		}
		if _, err := c.Do(context.Background(), req); !errors.Is(err, httpx.ErrBodyTooLarge) {
			t.Errorf("Accept-Encoding %q: %d compressed bytes expanding to 17 MiB gave %v, want ErrBodyTooLarge",
				acceptEncoding, zipped.Len(), err)
		}
	}
}
