package httpx_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/obcert/obcert/internal/httpx"
)

// TestReplayAnswersFromTheHAR: what a Client recorded, a Replay answers with the network gone:
// the same statuses, headers and bodies (binary ones through base64), in recorded order per URL,
// the last again once they run out; a URL never recorded and a body cut short are ErrNotRecorded.
func TestReplayAnswersFromTheHAR(t *testing.T) {
	png := []byte{0x89, 'P', 'N', 'G', 0xff, 0x00, 0xfe}
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/img":
			w.Header().Set("Content-Type", "image/png")
			w.Write(png)
		case "/count":
			w.Write([]byte{'0' + byte(calls.Add(1))})
		case "/big":
			w.Write(bytes.Repeat([]byte("a"), 300<<10))
		case "/gone":
			w.WriteHeader(http.StatusGone)
		}
	}))
	rec := httpx.NewRecorder()
	live := httpx.New(httpx.WithRecorder(rec))
	ctx := context.Background()
	for _, p := range []string{"/img", "/count", "/count", "/big", "/gone"} {
		if _, err := live.Get(ctx, srv.URL+p, ""); err != nil {
			t.Fatal(err)
		}
	}
	srv.Close()
	replay := replayOf(t, rec)
	c := httpx.New(httpx.WithTransport(replay))
	get := func(p string) *httpx.Response {
		t.Helper()
		resp, err := c.Get(ctx, srv.URL+p, "")
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		return resp
	}
	if r := get("/img"); !bytes.Equal(r.Body, png) || r.ContentType != "image/png" {
		t.Errorf("/img = %q %s", r.Body, r.ContentType)
	}
	for _, want := range []string{"1", "2", "2"} {
		if r := get("/count"); string(r.Body) != want {
			t.Errorf("/count = %q, want %q", r.Body, want)
		}
	}
	if r := get("/gone"); r.Status != http.StatusGone {
		t.Errorf("/gone = %d", r.Status)
	}
	for _, p := range []string{"/never", "/big"} {
		if _, err := c.Get(ctx, srv.URL+p, ""); !errors.Is(err, httpx.ErrNotRecorded) {
			t.Errorf("%s: got %v, want ErrNotRecorded", p, err)
		}
	}
	if m := replay.Missed(); len(m) != 2 || !strings.Contains(m[0], "/never") {
		t.Errorf("missed %q", m)
	}
}

// TestRecorderKeepingAnswersBigBodies: a Recorder that keeps bodies whole lets a Replay answer a
// body the default Recorder would cut.
func TestRecorderKeepingAnswersBigBodies(t *testing.T) {
	big := bytes.Repeat([]byte{0xff, 'a'}, 200<<10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(big) }))
	rec := httpx.NewRecorder(httpx.KeepBodies(httpx.DefaultMaxBodyBytes))
	if _, err := httpx.New(httpx.WithRecorder(rec)).Get(context.Background(), srv.URL, ""); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	replay := replayOf(t, rec)
	resp, err := httpx.New(httpx.WithTransport(replay)).Get(context.Background(), srv.URL, "")
	if err != nil || !bytes.Equal(resp.Body, big) {
		t.Fatalf("replayed %d bytes (%v), want the %d recorded", len(resp.Body), err, len(big))
	}
}

// replayOf is a Replay of the HAR rec writes.
func replayOf(t *testing.T, rec *httpx.Recorder) *httpx.Replay {
	t.Helper()
	var buf bytes.Buffer
	if err := rec.WriteHAR(&buf); err != nil {
		t.Fatal(err)
	}
	replay, err := httpx.LoadHAR(&buf, 64<<20)
	if err != nil {
		t.Fatal(err)
	}
	return replay
}
