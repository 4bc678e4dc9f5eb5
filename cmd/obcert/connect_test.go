package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reference"
)

// startedConnectReference starts the reference candidate apart from obcert and writes a
// candidate file naming its Badge Connect provider by the manifest URL, and its CA as tls.caFile:
// obcert reaches it as it would a provider elsewhere (issue 14, "done when" 5).
func startedConnectReference(t *testing.T, dir string) (*reference.Server, string) {
	t.Helper()
	srv, err := reference.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	cf := srv.CandidateFile()
	cf = obcert.CandidateFile{Candidate: cf.Candidate, Connect: &obcert.ConnectRole{Provider: cf.Connect.Provider},
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
