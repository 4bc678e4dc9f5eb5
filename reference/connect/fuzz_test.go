package connect_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	refconnect "github.com/obcert/obcert/reference/connect"
)

// noNetwork is a client that dials nothing: a fuzzed badge URL is never fetched.
var noNetwork = &http.Client{Transport: &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
	return nil, errors.New("the fuzz test dials nothing")
}}}

var statusTexts = []string{"OK", "REQUEST_VALIDATION_ERROR", "RECIPIENT_PROFILE_MISMATCH", "INVALID_BADGE", "BAD_REQUEST",
	"UNAUTHENTICATED", "PERMISSION_DENIED", "NOT_FOUND", "METHOD_NOT_ALLOWED"}

// FuzzEveryAnswer sends any method, path, Authorization and body: the provider never panics nor
// fails with 5xx, and every answer under apiBase is a status envelope whose statusCode is the
// HTTP status and whose statusText is one the spec defines.
func FuzzEveryAnswer(f *testing.F) {
	for _, seed := range []struct{ method, path, auth, body string }{
		{"GET", "/ims/ob/v2p1/assertions?limit=2&offset=1", "Bearer x", ""},
		{"POST", "/ims/ob/v2p1/assertions", "Bearer ", `{"assertion": {"id": "http://127.0.0.1:1/a"}}`},
		{"POST", "/ims/ob/v2p1/profile", "bearer", `{"telephone": 5}`},
		{"DELETE", "/ims/ob/v2p1/profile/", "", ""},
		{"POST", "/o/register", "", `{"redirect_uris": [null], "scope": 7}`},
		{"POST", "/o/token", "Basic Og==", "grant_type=authorization_code&code="},
		{"POST", "/o/revoke", "Basic ???", "token=%zz"},
		{"GET", "/o/authorize?client_id=&redirect_uri=%", "", ""},
		{"POST", "/o/login", "", "request=x&username=&password="},
		{"POST", "/o/consent", "", "request=&approve=approve"},
		{"GET", "/.well-known/badgeconnect.json", "", ""},
	} {
		f.Add(seed.method, seed.path, seed.auth, seed.body)
	}
	p := refconnect.New(refconnect.WithPassword(password), refconnect.WithClient(noNetwork), refconnect.WithBaseURL("https://127.0.0.1:1"))
	f.Fuzz(func(t *testing.T, method, path, auth, body string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		req, err := http.NewRequestWithContext(t.Context(), method, "https://127.0.0.1:1"+path, strings.NewReader(body))
		if err != nil {
			return // not a request a client can send
		}
		req.TLS = &tls.ConnectionState{Version: tls.VersionTLS13}
		req.Header.Set("Authorization", auth)
		if strings.HasPrefix(path, "/o/") && method == http.MethodPost && !strings.HasPrefix(path, "/o/register") {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		rec := httptest.NewRecorder()
		done := make(chan struct{})
		go func() { defer close(done); p.ServeHTTP(rec, req) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s %s %q: no answer within 5s", method, path, body)
		}
		if rec.Code >= 500 {
			t.Fatalf("%s %s: HTTP %d", method, path, rec.Code)
		}
		if req.URL.Path != refconnect.DefaultAPIPath && !strings.HasPrefix(req.URL.Path, refconnect.DefaultAPIPath+"/") {
			return
		}
		var env struct {
			Status *struct {
				StatusCode int    `json:"statusCode"`
				StatusText string `json:"statusText"`
				Error      any    `json:"error"`
			} `json:"status"`
		}
		if method == http.MethodHead {
			return // no body
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil || env.Status == nil ||
			env.Status.StatusCode != rec.Code || !slices.Contains(statusTexts, env.Status.StatusText) {
			t.Fatalf("%s %s: HTTP %d with %q, not a status envelope of that status", method, path, rec.Code, rec.Body.String())
		}
	})
}
