package memca

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestClientsTrustingThePoolReachALeafServer serves TLS with a leaf of the CA and fetches from it
// with a client that trusts only the CA.
func TestClientsTrustingThePoolReachALeafServer(t *testing.T) {
	ca, err := New("obcert test CA")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	if srv.TLS, err = ca.ServerConfig(); err != nil {
		t.Fatal(err)
	}
	srv.StartTLS()
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool()}}}
	resp, err := client.Get(srv.URL)
	if err != nil {
		t.Fatalf("a client trusting the CA could not reach its leaf: %v", err)
	}
	resp.Body.Close()
	if len(ca.PEM()) == 0 {
		t.Error("the CA has no PEM")
	}
}
