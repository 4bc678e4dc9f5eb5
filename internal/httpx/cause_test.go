package httpx_test

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/obcert/obcert/internal/httpx"
)

// TestTLSErrorNamesTheCertificate: a certificate the client does not trust is named by its subject.
func TestTLSErrorNamesTheCertificate(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	rec := httpx.NewRecorder()
	_, err := httpx.New(httpx.WithRecorder(rec)).Get(context.Background(), srv.URL, "")
	if err == nil || !strings.Contains(err.Error(), "TLS error: the certificate of O=Acme Co") ||
		!strings.Contains(err.Error(), "not signed by a trusted authority") {
		t.Fatalf("got %v, want a TLS error naming the certificate's subject", err)
	}
	if es := rec.Entries(); len(es) != 1 || !strings.Contains(es[0].Error, "TLS error") {
		t.Errorf("the failed exchange is not recorded with its error: %+v", es)
	}
}
