package reference

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"
)

// testNow is the clock of every test server.
var testNow = time.Date(2026, 11, 26, 12, 30, 45, 0, time.UTC)

var (
	keysOnce sync.Once
	keyPair  [2]*rsa.PrivateKey
	keysErr  error
)

// testKeys returns two RSA keys generated once for the whole test binary.
func testKeys(t *testing.T) (*rsa.PrivateKey, *rsa.PrivateKey) {
	t.Helper()
	keysOnce.Do(func() {
		for i := range keyPair {
			if keyPair[i], keysErr = rsa.GenerateKey(rand.Reader, keyBits); keysErr != nil {
				return
			}
		}
	})
	if keysErr != nil {
		t.Fatalf("generating test keys: %v", keysErr)
	}
	return keyPair[0], keyPair[1]
}

// start starts a reference with the test keys, a seeded random source and a fixed clock, so that
// two servers differ only by their port and their faults.
func start(t *testing.T, opts ...Option) *Server {
	t.Helper()
	k1, k2 := testKeys(t)
	seed := [32]byte{1, 2, 3}
	base := []Option{withKeys(k1, k2), withRandom(mrand.NewChaCha8(seed)),
		WithClock(func() time.Time { return testNow })}
	s, err := Start(append(base, opts...)...)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// mustFault returns the named fault.
func mustFault(t *testing.T, name string) Fault {
	t.Helper()
	f, ok := LookupFault(name)
	if !ok {
		t.Fatalf("no fault %q", name)
	}
	return f
}

// startFault starts a reference with the named fault.
func startFault(t *testing.T, name string) *Server {
	t.Helper()
	return start(t, WithFault(mustFault(t, name)))
}

// response is what one request got.
type response struct {
	status      int
	contentType string
	body        []byte
}

var client = &http.Client{Timeout: 10 * time.Second}

// fetch requests url with method and the Accept header accept (none when empty).
func fetch(t *testing.T, method, url, accept string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, url, err)
	}
	return response{resp.StatusCode, resp.Header.Get("Content-Type"), body}
}

// get fetches path from s with no Accept header.
func get(t *testing.T, s *Server, path string) response {
	t.Helper()
	return fetch(t, http.MethodGet, s.URL()+path, "")
}

// getDoc fetches path from s and decodes its JSON body.
func getDoc(t *testing.T, s *Server, path string) map[string]any {
	t.Helper()
	r := get(t, s, path)
	var d map[string]any
	if err := json.Unmarshal(r.body, &d); err != nil {
		t.Fatalf("GET %s: %d %s: body is not JSON: %v\n%s", path, r.status, r.contentType, err, r.body)
	}
	return d
}
