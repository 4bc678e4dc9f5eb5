package reference

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/obcert/obcert"
)

// connectClient trusts only the Badge Connect provider's CA.
func connectClient(t *testing.T, s *Server) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(s.ConnectCAPEM()) {
		t.Fatal("ConnectCAPEM holds no certificate")
	}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
}

// TestConnectProviderIsServedOverTLS reaches the manifest the candidate file names over TLS,
// trusting ConnectCAPEM, while the rest of the reference stays plain HTTP; the candidate file
// says how to consent without holding the password, which the process's environment holds.
func TestConnectProviderIsServedOverTLS(t *testing.T) {
	s := start(t)
	cf := s.CandidateFile()
	if cf.Connect == nil || cf.Connect.Provider == nil {
		t.Fatal("the candidate file has no connect.provider")
	}
	p := cf.Connect.Provider
	if !strings.HasPrefix(p.Manifest, "https://127.0.0.1:") || !strings.HasSuffix(p.Manifest, "/.well-known/badgeconnect.json") ||
		strings.HasPrefix(s.URL(), "https://") || p.Account != DefaultRecipient {
		t.Errorf("manifest %s, account %s, reference %s", p.Manifest, p.Account, s.URL())
	}
	c := p.Consent
	if c.Mode != "form" || len(c.Steps) != 2 || c.Steps[0].Fields["username"] != DefaultRecipient ||
		c.Steps[0].FieldsEnv["password"] != ConnectPasswordEnv || c.Steps[0].Submit != "login" || c.Steps[1].Submit != "approve" {
		t.Errorf("consent %+v", c)
	}
	if pw := os.Getenv(ConnectPasswordEnv); len(pw) < 16 {
		t.Errorf("%s holds %d characters, want a random password", ConnectPasswordEnv, len(pw))
	}
	raw, _ := json.Marshal(cf)
	if strings.Contains(string(raw), os.Getenv(ConnectPasswordEnv)) {
		t.Error("the candidate file holds the password")
	}
	resp, err := connectClient(t, s).Get(p.Manifest)
	if err != nil {
		t.Fatalf("GET the manifest: %v", err)
	}
	defer resp.Body.Close()
	var m struct {
		BadgeConnectAPI []struct{ APIBase, TokenURL string } `json:"badgeConnectAPI"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil || resp.StatusCode != http.StatusOK || resp.TLS == nil ||
		len(m.BadgeConnectAPI) != 1 || !strings.HasPrefix(m.BadgeConnectAPI[0].APIBase, strings.TrimSuffix(p.Manifest, "/.well-known/badgeconnect.json")) {
		t.Errorf("the manifest: HTTP %d %v %+v", resp.StatusCode, err, m)
	}
	if _, err := http.Get(p.Manifest); err == nil {
		t.Error("a client that does not trust the provider's CA reached it")
	}
}

// TestTwoServersShareThePassword starts two references in one process: each has its own
// provider, and the one password both need stays in the environment.
func TestTwoServersShareThePassword(t *testing.T) {
	a, b := start(t), start(t)
	pw := os.Getenv(ConnectPasswordEnv)
	ma, mb := a.CandidateFile().Connect.Provider.Manifest, b.CandidateFile().Connect.Provider.Manifest
	if ma == mb || pw == "" || os.Getenv(ConnectPasswordEnv) != processConnectPassword() {
		t.Errorf("manifests %s and %s, password set %v", ma, mb, pw != "")
	}
	if slices.Equal(a.ConnectCAPEM(), b.ConnectCAPEM()) {
		t.Error("two servers share a Badge Connect CA")
	}
}

// TestConnectProviderSharesTheServersCA issues the provider's certificate from the server's CA
// when the server serves HTTPS: the one CA file a client is given reaches both.
func TestConnectProviderSharesTheServersCA(t *testing.T) {
	s := start(t, WithTLS())
	if !slices.Equal(s.ConnectCAPEM(), s.CACertPEM()) {
		t.Fatal("over HTTPS the provider's CA is not the server's")
	}
	resp, err := connectClient(t, s).Get(s.CandidateFile().Connect.Provider.Manifest)
	if err != nil {
		t.Fatalf("GET the manifest trusting the server's CA: %v", err)
	}
	resp.Body.Close()
}

// TestConnectPasswordCanBeGiven logs in with a password given by option, which the process's
// environment then holds.
func TestConnectPasswordCanBeGiven(t *testing.T) {
	defer os.Setenv(ConnectPasswordEnv, processConnectPassword())
	s := start(t, WithConnectPassword("an operator's password"))
	if got := os.Getenv(ConnectPasswordEnv); got != "an operator's password" {
		t.Errorf("%s holds %d characters, not the password given", ConnectPasswordEnv, len(got))
	}
	if secrets := s.ConnectSecrets(); !slices.Contains(secrets, "an operator's password") {
		t.Error("ConnectSecrets does not list the password given")
	}
}

// TestCloseStopsTheConnectProvider frees the provider's port on Close.
func TestCloseStopsTheConnectProvider(t *testing.T) {
	s := start(t)
	addr := strings.TrimPrefix(strings.TrimSuffix(s.CandidateFile().Connect.Provider.Manifest, "/.well-known/badgeconnect.json"), "https://")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("the provider's port %s is still taken after Close: %v", addr, err)
	}
	ln.Close()
}

// TestConnectFaultsReachTheProvider breaks the served provider with a fault from the catalogue.
func TestConnectFaultsReachTheProvider(t *testing.T) {
	f := mustFault(t, "connect-version-wrong")
	if f.Role != obcert.RoleConnect || len(f.Specs) != 1 {
		t.Fatalf("fault %+v", f)
	}
	for _, tc := range []struct {
		opts []Option
		want string
	}{{nil, "v2p1"}, {[]Option{WithFault(f)}, "2.1"}} {
		s := start(t, tc.opts...)
		resp, err := connectClient(t, s).Get(s.CandidateFile().Connect.Provider.Manifest)
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			BadgeConnectAPI []struct{ Version string } `json:"badgeConnectAPI"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&m)
		resp.Body.Close()
		if len(m.BadgeConnectAPI) != 1 || m.BadgeConnectAPI[0].Version != tc.want {
			t.Errorf("faults %d: manifest %+v, want version %s", len(tc.opts), m, tc.want)
		}
	}
}
