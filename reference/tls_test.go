package reference

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// trusting is an HTTP client that trusts only the roots in pool.
func trusting(pool *x509.CertPool) *http.Client {
	return &http.Client{Timeout: 10 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
}

// getJSON fetches url with c and decodes its JSON body.
func getJSON(t *testing.T, c *http.Client, url string) map[string]any {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var d map[string]any
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &d) != nil {
		t.Fatalf("GET %s = %d:\n%s", url, resp.StatusCode, body)
	}
	return d
}

func TestTLSWithTheInMemoryCA(t *testing.T) {
	s := start(t, WithTLS())
	if !strings.HasPrefix(s.URL(), "https://127.0.0.1:") {
		t.Fatalf("URL() = %q, want https on 127.0.0.1", s.URL())
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(s.CACertPEM()) {
		t.Fatalf("CACertPEM is not a PEM certificate:\n%s", s.CACertPEM())
	}
	for _, c := range []*http.Client{trusting(pool), trusting(s.CertPool())} {
		if d := getJSON(t, c, s.URL()+pathIssuer); d["id"] != s.URL()+pathIssuer || d["publicKey"] != s.URL()+pathKey1 {
			t.Errorf("issuer over TLS: id %v, publicKey %v", d["id"], d["publicKey"])
		}
		if d := getJSON(t, c, otherOrigin(s.URL())+pathHosted); d["id"] != s.URL()+pathHosted {
			t.Errorf("hosted Assertion on localhost: id %v", d["id"])
		}
	}
	if cf := s.CandidateFile(); !strings.HasPrefix(cf.Issuer.Badges[0].URL, "https://") {
		t.Errorf("candidate hosted URL %q is not https", cf.Issuer.Badges[0].URL)
	}
}

func TestTLSIsNotTrustedWithoutTheCA(t *testing.T) {
	s := start(t, WithTLS())
	_, err := trusting(x509.NewCertPool()).Get(s.URL() + pathIssuer)
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Errorf("a client without the CA got %v, want an unknown-authority error", err)
	}
}

func TestPlainHTTPHasNoCA(t *testing.T) {
	s := start(t)
	if s.CACertPEM() != nil || s.CertPool() != nil || !strings.HasPrefix(s.URL(), "http://") {
		t.Errorf("a plain HTTP server: URL %q, CA %q", s.URL(), s.CACertPEM())
	}
}
