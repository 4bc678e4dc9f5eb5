package main

import (
	"bytes"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/obcert/obcert"
)

// hostileProvider is a Badge Connect provider whose manifest and registration are fine and whose
// authorization or token endpoint misbehaves as mode says.
func hostileProvider(t *testing.T, mode string) *httptest.Server {
	t.Helper()
	var hops atomic.Int64
	var srv *httptest.Server
	srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		base := srv.URL
		switch r.URL.Path {
		case "/.well-known/badgeconnect.json":
			if mode == "html-manifest" {
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprint(w, "<html><body>Welcome to our badge host!</body></html>")
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]any{"id": base + r.URL.Path, "badgeConnectAPI": []any{map[string]any{
				"name": "Hostile", "apiBase": base + "/ims/ob/v2p1", "version": "v2p1", "termsOfServiceUrl": base + "/tos",
				"privacyPolicyUrl": base + "/privacy", "scopesOffered": []string{"https://purl.imsglobal.org/spec/ob/v2p1/scope/assertion.readonly"},
				"registrationUrl": base + "/register", "authorizationUrl": base + "/authorize", "tokenUrl": base + "/token"}}})
		case "/register":
			var m map[string]any
			_ = json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&m)
			m["client_id"], m["client_secret"], m["client_id_issued_at"], m["client_secret_expires_at"] = "c", "hostile-secret", 1, 0
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			_ = json.NewEncoder(w).Encode(m)
		case "/authorize":
			switch mode {
			case "redirect-forever":
				http.Redirect(w, r, fmt.Sprintf("/authorize?hop=%d", hops.Add(1)), http.StatusFound)
			case "huge-page":
				w.Header().Set("Content-Type", "text/html")
				chunk := bytes.Repeat([]byte("<p>consent</p>"), 1<<16)
				for i := 0; i < 50<<20/len(chunk) && r.Context().Err() == nil; i++ {
					if _, err := w.Write(chunk); err != nil {
						return
					}
				}
			default: // a login form that only ever shows itself again
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprintf(w, `<form id="login" method="post" action="/login?n=%d"><input name="username"><input type="password" name="password"></form>`, hops.Add(1))
			}
		case "/login":
			w.Header().Set("Content-Type", "text/html")
			if mode == "never-token" {
				http.Redirect(w, r, "https://obcert.example/connect/callback?code=abc&state="+r.URL.Query().Get("state"), http.StatusFound)
				return
			}
			fmt.Fprintf(w, `<form id="login" method="post" action="/login?n=%d"><input name="username"><input type="password" name="password"></form>`, hops.Add(1))
		case "/token": // answers too late: the request times out
			select {
			case <-r.Context().Done():
			case <-time.After(3 * time.Second):
			}
			http.Error(w, "too late", http.StatusInternalServerError)
		default:
			http.NotFound(w, r)
		}
	}))
	srv.StartTLS()
	t.Cleanup(func() { srv.CloseClientConnections(); srv.Close() })
	return srv
}

// TestHostileConnectProviders is issue 14's bad input: a provider that redirects forever, answers
// HTML where JSON is due, sends a 50 MB page, loops on consent, or never issues a token gives a
// written report, failed or error results naming the step and the requirement, within the time
// budget, and no passed authorization.
func TestHostileConnectProviders(t *testing.T) {
	for _, c := range []struct {
		mode, spec, want string
	}{
		{"redirect-forever", "connect/authorize", "redirects and pages"},
		{"html-manifest", "connect/manifest", "not JSON"},
		{"huge-page", "connect/authorize", "too large"},
		{"consent-loop", "connect/authorize", "after the 1 consent step"},
		{"never-token", "connect/token", "did not answer within the request timeout"},
	} {
		t.Run(c.mode, func(t *testing.T) {
			srv := hostileProvider(t, c.mode)
			dir := t.TempDir()
			ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
			if err := os.WriteFile(filepath.Join(dir, "ca.pem"), ca, 0o644); err != nil {
				t.Fatal(err)
			}
			candidate := writeCandidate(t, dir, `candidate: {name: hostile}
tls: {caFile: ca.pem}
connect:
  provider:
    manifest: `+srv.URL+`/.well-known/badgeconnect.json
    consent:
      mode: form
      steps:
        - form: login
          fields: {username: someone}
          fieldsEnv: {password: OBCERT_TEST_HOSTILE_PASSWORD}
`)
			t.Setenv("OBCERT_TEST_HOSTILE_PASSWORD", "pw-of-the-hostile-test")
			out := filepath.Join(dir, "out")
			var stdout, stderr bytes.Buffer
			started := time.Now()
			code := run([]string{"run", "--candidate", candidate, "--role", "connect", "--request-timeout", "1s", "--out", out}, strings.NewReader(""), &stdout, &stderr)
			if took := time.Since(started); took > 60*time.Second {
				t.Errorf("the run took %s", took)
			}
			if code != obcert.NotConformant.ExitCode() && code != obcert.Incomplete.ExitCode() {
				t.Fatalf("exit %d, want 1 or 3\n%s", code, stderr.String())
			}
			r := readReport(t, out)
			var got *obcert.Result
			for i, res := range r.Results {
				if res.ID == c.spec {
					got = &r.Results[i]
				}
				if res.State == obcert.StatePassed && (res.ID == "connect/authorize" || res.ID == "connect/token" || res.ID == "connect/post-assertion") {
					t.Errorf("%s passed", res.ID)
				}
			}
			if got == nil || (got.State != obcert.StateFailed && got.State != obcert.StateError) || !strings.Contains(got.Message, c.want) {
				t.Fatalf("%s: %+v, want failed or error saying %q", c.spec, got, c.want)
			}
			if c.spec == "connect/authorize" && !strings.Contains(got.Message, "CONNECT-33") {
				t.Errorf("the authorization's message names no requirement: %s", got.Message)
			}
		})
	}
}
