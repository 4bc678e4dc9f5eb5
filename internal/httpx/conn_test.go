package httpx_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/obcert/obcert/internal/httpx"
)

func TestConnReuseProbe(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c := httpx.New()
	start := time.Now()
	for range 200 {
		if _, err := c.Get(context.Background(), srv.URL, ""); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("200 gets in %s, %d connections", time.Since(start), conns.Load())
	hc := &http.Client{}
	start = time.Now()
	for range 200 {
		resp, _ := hc.Get(srv.URL)
		io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	t.Logf("plain: 200 gets in %s", time.Since(start))
}

func BenchmarkGetNoRec(b *testing.B) {
	srv := serve(b, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"ok":true}`) })
	c := httpx.New()
	ctx := context.Background()
	for b.Loop() {
		if _, err := c.Get(ctx, srv.URL, "application/json"); err != nil {
			b.Fatal(err)
		}
	}
}
