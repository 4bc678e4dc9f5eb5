package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/obcert/obcert"
	bc "github.com/obcert/obcert/openbadges/connect"
	"github.com/obcert/obcert/reference"
)

// startedConnectReference starts the reference candidate apart from obcert and writes a
// candidate file naming its Badge Connect provider by the manifest URL, and its CA as tls.caFile:
// obcert reaches it as it would a provider elsewhere (issue 14, "done when" 5).
func startedConnectReference(t *testing.T, dir string, opts ...reference.Option) (*reference.Server, string) {
	t.Helper()
	srv, err := reference.Start(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	cf := srv.CandidateFile()
	cf = obcert.CandidateFile{Candidate: cf.Candidate, Connect: &obcert.ConnectRole{Provider: cf.Connect.Provider, Consumer: cf.Connect.Consumer},
		TLS: obcert.TLSSettings{CAFile: "connect-ca.pem"}}
	if err := os.WriteFile(filepath.Join(dir, "connect-ca.pem"), srv.ConnectCAPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := yaml.Marshal(cf)
	if err != nil {
		t.Fatal(err)
	}
	return srv, writeCandidate(t, dir, string(b))
}

// TestConnectRunKeepsSecretsOut is issue 14's third "done when": a run against the reference
// provider, given by a candidate file with its manifest URL and CA file, is CONFORMANT; its
// exchanges.har holds the registration, authorization and token exchanges; and no client
// secret, code, token, session cookie or password the provider handed out appears in any file
// of the report folder.
func TestConnectRunKeepsSecretsOut(t *testing.T) {
	dir, out := t.TempDir(), filepath.Join(t.TempDir(), "out")
	srv, candidate := startedConnectReference(t, dir)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", "--candidate", candidate, "--role", "connect", "--out", out}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, want 0\n%s\n%s", code, stdout.String(), stderr.String())
	}
	r := readReport(t, out)
	for _, res := range r.Results {
		if res.Role != obcert.RoleConnect || res.State != obcert.StatePassed {
			t.Errorf("%s (%s) is %s: %s", res.ID, res.Role, res.State, res.Message)
		}
	}
	secrets := srv.ConnectSecrets()
	if len(secrets) < 10 {
		t.Fatalf("the provider handed out only %d secrets: the run did not exercise it", len(secrets))
	}
	har, err := os.ReadFile(filepath.Join(out, harFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/o/register", "/o/authorize?", "/o/token", "code_challenge_method=S256", `client_secret\":\"REDACTED`, "code=REDACTED"} {
		if !bytes.Contains(har, []byte(want)) {
			t.Errorf("exchanges.har holds no %q", want)
		}
	}
	found := 0
	_ = filepath.Walk(out, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		found++
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds a secret the provider handed out (%.4s…)", filepath.Base(path), s)
			}
		}
		return nil
	})
	if found < 5 {
		t.Errorf("only %d files in the report folder", found)
	}
}

// TestConnectProfileRunsOnlyConnectSpecs: --profile connect-2.1 on the reference runs the Badge
// Connect specs and nothing else, and certifies them CONFORMANT.
func TestConnectProfileRunsOnlyConnectSpecs(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", "--profile", "connect-2.1", "--out", out}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, want 0\n%s\n%s", code, stdout.String(), stderr.String())
	}
	r := readReport(t, out)
	if len(r.Results) < 34 {
		t.Errorf("%d results, want the connect specs", len(r.Results))
	}
	for _, res := range r.Results {
		if res.Role != obcert.RoleConnect {
			t.Errorf("%s of role %s ran under connect-2.1", res.ID, res.Role)
		}
	}
}

// preissuedToken gets an access token with every Badge Connect scope from the reference
// provider, as a vendor would hand one to obcert for token mode.
func preissuedToken(t *testing.T, srv *reference.Server, p *obcert.ConnectProvider) string {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(srv.ConnectCAPEM())
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	c := &bc.Consumer{HTTP: hc, LookupEnv: os.LookupEnv}
	ctx := context.Background()
	resp, err := c.GetManifest(ctx, p.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := bc.ParseManifest(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	api := m.APIs[0]
	reg := bc.NewRegistration("https://vendor.example/cb", "1", bc.Scopes)
	resp, err = c.Register(ctx, api.RegistrationURL, reg.Fields())
	if err != nil {
		t.Fatal(err)
	}
	client, fs := bc.CheckRegistrationAnswer(reg, resp.Status, resp.Body)
	if len(fs) > 0 {
		t.Fatalf("registration: %v", fs)
	}
	g := bc.Grant{ClientID: client.ID, ClientSecret: client.Secret, AuthorizationURL: api.AuthorizationURL, TokenURL: api.TokenURL,
		RedirectURI: "https://vendor.example/cb", Scopes: bc.Scopes}
	a, err := c.Authorize(ctx, g, p.Consent.Steps, bc.AuthorizeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := c.Exchange(ctx, g, a.Code, a.Verifier)
	if err != nil {
		t.Fatal(err)
	}
	return tok.AccessToken
}

// TestConnectTokenMode: with consent.mode token, obcert uses the pre-issued token from the
// variable tokenEnv names; the specs that need the authorization flow are skipped saying so, the
// others pass, and the token appears in no output.
func TestConnectTokenMode(t *testing.T) {
	dir, out := t.TempDir(), filepath.Join(t.TempDir(), "out")
	srv, _ := startedConnectReference(t, dir)
	cf := srv.CandidateFile()
	token := preissuedToken(t, srv, cf.Connect.Provider)
	t.Setenv("OBCERT_TEST_CONNECT_TOKEN", token)
	p := *cf.Connect.Provider
	p.Consent = obcert.ConnectConsent{Mode: "token", TokenEnv: "OBCERT_TEST_CONNECT_TOKEN"}
	b, err := yaml.Marshal(obcert.CandidateFile{Candidate: cf.Candidate, Connect: &obcert.ConnectRole{Provider: &p},
		TLS: obcert.TLSSettings{CAFile: "connect-ca.pem"}})
	if err != nil {
		t.Fatal(err)
	}
	candidate := writeCandidate(t, dir, string(b))
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", "--candidate", candidate, "--role", "connect", "--out", out}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, want 0\n%s\n%s", code, stdout.String(), stderr.String())
	}
	skipped := 0
	for _, res := range readReport(t, out).Results {
		if strings.HasPrefix(res.ID, "connect/consumer-") { // this candidate declares a provider only
			if res.State != obcert.StateSkipped {
				t.Errorf("%s is %s without a consumer section", res.ID, res.State)
			}
			continue
		}
		switch res.State {
		case obcert.StateSkipped:
			skipped++
			if !strings.Contains(res.Message, "mode is token") {
				t.Errorf("%s skipped saying %q", res.ID, res.Message)
			}
		case obcert.StatePassed:
		default:
			t.Errorf("%s is %s: %s", res.ID, res.State, res.Message)
		}
	}
	if skipped < 10 {
		t.Errorf("%d specs skipped in token mode, want every one that needs the flow", skipped)
	}
	_ = filepath.Walk(out, func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			if b, _ := os.ReadFile(path); bytes.Contains(b, []byte(token)) {
				t.Errorf("%s holds the pre-issued token", filepath.Base(path))
			}
		}
		return err
	})
}

// TestHostConnectMode: host.mode connect imports the host fixtures by POST /assertions and
// exports them by GET /assertions through the reference provider; every host spec passes but the
// two Badge Connect cannot serve (a baked export, a stored badge's standing), skipped saying so.
// A provider that stores every badge unverified fails host/refuses-invalid.
func TestHostConnectMode(t *testing.T) {
	accepts, ok := reference.LookupFault("connect-accepts-invalid")
	if !ok {
		t.Fatal("no fault connect-accepts-invalid")
	}
	for _, c := range []struct {
		name   string
		opts   []reference.Option
		code   int
		failed []string
	}{
		{"clean", nil, 0, nil},
		{"accepts invalid", []reference.Option{reference.WithFault(accepts)}, 1, []string{"host/refuses-invalid", "(skipped) host/refusal-reason"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, out := t.TempDir(), filepath.Join(t.TempDir(), "out")
			srv, _ := startedConnectReference(t, dir, c.opts...)
			cf := srv.CandidateFile()
			b, err := yaml.Marshal(obcert.CandidateFile{Candidate: cf.Candidate, Connect: &obcert.ConnectRole{Provider: cf.Connect.Provider, Consumer: cf.Connect.Consumer},
				Host: &obcert.HostRole{Mode: "connect", Account: cf.Connect.Provider.Account}, TLS: obcert.TLSSettings{CAFile: "connect-ca.pem"}})
			if err != nil {
				t.Fatal(err)
			}
			candidate := writeCandidate(t, dir, string(b))
			var stdout, stderr bytes.Buffer
			if code := run([]string{"run", "--candidate", candidate, "--role", "host", "--out", out}, strings.NewReader(""), &stdout, &stderr); code != c.code {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, c.code, stdout.String(), stderr.String())
			}
			var passed, failed []string
			for _, res := range readReport(t, out).Results {
				switch {
				case res.ID == "host/baked-export" || res.ID == "host/reverification":
					if res.State != obcert.StateSkipped || !strings.Contains(res.Message, "host.mode is connect") {
						t.Errorf("%s is %s: %s", res.ID, res.State, res.Message)
					}
				case res.State == obcert.StatePassed:
					passed = append(passed, res.ID)
				case res.State == obcert.StateFailed:
					failed = append(failed, res.ID)
				case res.ID == "host/refusal-reason" && res.State == obcert.StateSkipped && c.failed != nil:
					failed = append(failed, "(skipped) "+res.ID) // nothing was refused: no reason to read
				default:
					t.Errorf("%s is %s: %s", res.ID, res.State, res.Message)
				}
			}
			if strings.Join(failed, " ") != strings.Join(c.failed, " ") || len(passed)+len(failed) != 8 {
				t.Errorf("failed %v (want %v), passed %v", failed, c.failed, passed)
			}
		})
	}
}
