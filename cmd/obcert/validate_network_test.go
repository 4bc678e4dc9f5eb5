package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/obcert/obcert/internal/limits"
)

// validate runs obcert validate with args and returns its exit status, stdout and stderr.
func validate(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"validate", "--format", "json"}, args...), strings.NewReader(stdin), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestValidateDenyPrivateRefusesLoopback(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	t.Cleanup(srv.Close)
	code, out, _ := validate(t, "", "--deny-private", srv.URL+"/assertion")
	if code != 1 || hits != 0 {
		t.Fatalf("exit %d after %d requests to the server; want 1 and none", code, hits)
	}
	if want := "127.0.0.1 is a loopback address"; !strings.Contains(out, want) {
		t.Errorf("the report does not say %q:\n%s", want, out)
	}
}

// --proxy sends the request for a name that resolves nowhere to the proxy, with the build's
// User-Agent.
func TestValidateProxy(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.String()+" "+r.UserAgent())
		mu.Unlock()
		http.NotFound(w, r)
	}))
	t.Cleanup(proxy.Close)
	code, out, _ := validate(t, "", "--proxy", proxy.URL, "http://badge.invalid/assertion")
	mu.Lock()
	defer mu.Unlock()
	if want := "GET http://badge.invalid/assertion obcert/" + version; code != 1 || len(seen) != 1 || seen[0] != want {
		t.Fatalf("exit %d, the proxy saw %q; want 1 and %q\n%s", code, seen, want, out)
	}
	if !strings.Contains(out, "404") {
		t.Errorf("the report does not give the proxy's 404:\n%s", out)
	}
}

func TestValidateNetworkFlagUsageErrors(t *testing.T) {
	dir := t.TempDir()
	mocks := filepath.Join(dir, "mocks.json")
	if err := os.WriteFile(mocks, []byte(`{}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"--proxy", "127.0.0.1:3128", "http://badge.invalid/a"},
		{"--proxy", "socks5://127.0.0.1:1080", "http://badge.invalid/a"},
		{"--offline-map", mocks, "--deny-private", "http://badge.invalid/a"},
		{"--offline-map", mocks, "--proxy", "http://127.0.0.1:3128", "http://badge.invalid/a"},
	} {
		if code, _, errs := validate(t, "", args...); code != 2 || !strings.Contains(errs, "--") {
			t.Errorf("%v: exit %d, %q; want 2 and a message naming the flag", args, code, errs)
		}
	}
}

func TestValidateRefusesAnOversizedInput(t *testing.T) {
	big := strings.Repeat(" ", limits.MaxBadgeBytes+1)
	if code, _, errs := validate(t, big, "-"); code != 2 || !strings.Contains(errs, "larger than 16 MiB") {
		t.Errorf("standard input over the limit: exit %d, %q", code, errs)
	}
	path := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(path, []byte(big), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := validate(t, "", path); code != 2 || !strings.Contains(errs, path+" is larger than 16 MiB") {
		t.Errorf("a file over the limit: exit %d, %q", code, errs)
	}
}
