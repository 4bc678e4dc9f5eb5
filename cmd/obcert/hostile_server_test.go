package main

import (
	"bytes"
	"compress/gzip"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Hostile answers for the loopback hostile server. Each is bounded in bytes and in time, and
// ends when the client gives up.

// endless writes chunk until the client stops reading or total bytes are written.
func endless(chunk []byte, total int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/ld+json")
		for n := 0; n < total; n += len(chunk) {
			if _, err := w.Write(chunk); err != nil || r.Context().Err() != nil {
				return
			}
		}
	}
}

// drip writes one byte every interval, at most n bytes, until the client gives up.
func drip(interval time.Duration, n int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/ld+json")
		w.WriteHeader(http.StatusOK)
		for range n {
			if _, err := w.Write([]byte(" ")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(interval):
			}
		}
	}
}

// silent never answers; it returns when the client gives up (or after 10 s).
func silent(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
}

// redirectTo answers 302 to path.
func redirectTo(path string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, path, http.StatusFound) }
}

// reset closes the connection with a TCP RST before answering.
func reset(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// hangUp answers a status line and half a body, then closes the connection.
func hangUp(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Length", "1000")
	w.Header().Set("Content-Type", "application/ld+json")
	_, _ = w.Write([]byte(`{"@context":`))
	w.(http.Flusher).Flush()
	if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
		_ = conn.Close()
	}
}

var (
	bombOnce sync.Once
	bomb     []byte
)

// bombBytes is 24 MiB of JSON whitespace, gzip-compressed to about 24 KiB, made once.
func bombBytes() []byte {
	bombOnce.Do(func() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		chunk := []byte(strings.Repeat(" ", 1<<20))
		for range 24 {
			_, _ = zw.Write(chunk)
		}
		_ = zw.Close()
		bomb = b.Bytes()
	})
	return bomb
}

// gzipBomb answers bombBytes as a gzip-encoded JSON body. The bomb is made before the server
// answers (by the case table), so that making it does not count against the client's timeout.
func gzipBomb(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/ld+json")
	w.Header().Set("Content-Encoding", "gzip")
	_, _ = w.Write(bombBytes())
}

// answer serves body with content type ct.
func answer(ct string, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ct)
		_, _ = w.Write(body)
	}
}
