package connect

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/internal/httpx"
	refconnectconsumer "github.com/obcert/obcert/reference/connectconsumer"
	"github.com/obcert/obcert/suites"
)

// startConsumer serves the reference consumer's adapter with opts.
func startConsumer(t *testing.T, opts ...refconnectconsumer.Option) string {
	t.Helper()
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	h = refconnectconsumer.New(append([]refconnectconsumer.Option{refconnectconsumer.WithOrigin(srv.URL)}, opts...)...)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestReferenceConsumer runs the consumer specs against the reference consumer: clean, every
// spec passes; under each of its faults, exactly the fault's specs fail or warn.
func TestReferenceConsumer(t *testing.T) {
	run := func(t *testing.T, opts ...refconnectconsumer.Option) ([]string, map[string]suites.Outcome, *consumerSession, *httpx.Recorder) {
		rec := httpx.NewRecorder()
		env := consumerEnv(startConsumer(t, opts...), rec)
		defer env.Close()
		bad, outs := judgeAll(t, env)
		return bad, outs, consumerSessionOf(context.Background(), env), rec
	}
	bad, outs, s, rec := run(t)
	if len(bad) > 0 {
		t.Fatalf("the clean reference consumer fails %v: %+v", bad, outs[bad[0]])
	}
	checkNoSecret(t, s, rec, outs)
	for _, f := range refconnectconsumer.Faults() {
		t.Run(f.Name, func(t *testing.T) {
			bad, outs, s, rec := run(t, f.Option)
			slices.Sort(bad)
			if !slices.Equal(bad, f.Specs) {
				t.Errorf("fails %v, want %v", bad, f.Specs)
			}
			checkNoSecret(t, s, rec, outs)
		})
	}
}

// secrets are the client secrets, codes, verifiers and tokens of the session's connections.
func secrets(s *consumerSession) []string {
	var out []string
	add := func(v string) {
		if len(v) >= 8 {
			out = append(out, v)
		}
	}
	for _, c := range s.conns {
		for _, x := range c.Rec.Exchanges {
			var ans map[string]any
			_ = json.Unmarshal(x.Answer, &ans)
			for _, k := range []string{"client_secret", "access_token", "refresh_token"} {
				v, _ := ans[k].(string)
				add(v)
			}
			if loc, err := url.Parse(x.Location); err == nil {
				add(loc.Query().Get("code"))
			}
			if x.Path == fixtures.ConnectTokenPath {
				add(formOf(x).Get("code_verifier"))
			}
		}
	}
	return out
}

// checkNoSecret checks that no secret of the connections is in the recorded exchanges of the
// harness (the adapter's) nor in any outcome.
func checkNoSecret(t *testing.T, s *consumerSession, rec *httpx.Recorder, outs map[string]suites.Outcome) {
	t.Helper()
	sec := secrets(s)
	if len(sec) < 5 {
		t.Fatalf("found only %d secrets in the recording", len(sec))
	}
	var har bytes.Buffer
	if err := rec.WriteHAR(&har); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(outs)
	for _, v := range sec {
		if bytes.Contains(har.Bytes(), []byte(v)) || strings.Contains(string(out), v) {
			t.Errorf("a secret of the connection (%d characters) is in the harness's exchanges or outcomes", len(v))
		}
	}
}
