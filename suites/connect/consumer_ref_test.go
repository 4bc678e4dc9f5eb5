package connect

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/obcert/obcert"
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
	run := func(t *testing.T, opts ...refconnectconsumer.Option) ([]string, map[string]suites.Outcome) {
		rec := httpx.NewRecorder()
		env := consumerEnv(startConsumer(t, opts...), rec)
		env.Out = t.TempDir()
		defer env.Close()
		bad, outs := judgeAll(t, env)
		checkNoSecret(t, consumerSessionOf(context.Background(), env), rec, env.Out, outs)
		return bad, outs
	}
	bad, outs := run(t)
	if len(bad) > 0 {
		t.Fatalf("the clean reference consumer fails %v: %+v", bad, outs[bad[0]])
	}
	for _, f := range refconnectconsumer.Faults() {
		t.Run(f.Name, func(t *testing.T) {
			bad, _ := run(t, f.Option)
			slices.Sort(bad)
			if !slices.Equal(bad, f.Specs) {
				t.Errorf("fails %v, want %v", bad, f.Specs)
			}
		})
	}
}

// checkNoSecret checks that no secret of the connections is in the recorded exchanges of the
// harness (the adapter's) nor in any outcome.
func checkNoSecret(t *testing.T, s *consumerSession, rec *httpx.Recorder, dir string, outs map[string]suites.Outcome) {
	t.Helper()
	var sec []string
	for _, c := range s.conns {
		for _, v := range connectionSecrets(c) {
			if len(v) >= 8 {
				sec = append(sec, v)
			}
		}
	}
	if len(sec) < 5 {
		t.Fatalf("found only %d secrets in the recording", len(sec))
	}
	var har bytes.Buffer
	if err := rec.WriteHAR(&har); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(outs)
	var files []byte
	for _, c := range s.conns {
		if len(c.Evidence) < 2 {
			t.Errorf("%s: evidence %v, want the adapter's exchange and the recording", c.Name, c.Evidence)
		}
		for _, ref := range c.Evidence {
			if strings.HasPrefix(ref, "evidence/") {
				b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(ref)))
				if err != nil || !bytes.Contains(b, []byte(fixtures.ConnectTokenPath)) || !bytes.Contains(b, []byte("REDACTED")) {
					t.Errorf("%s: the recording %s: %v", c.Name, ref, err)
				}
				files = append(files, b...)
			}
		}
	}
	for _, v := range sec {
		if bytes.Contains(har.Bytes(), []byte(v)) || strings.Contains(string(out), v) || bytes.Contains(files, []byte(v)) {
			t.Errorf("a secret of the connection (%d characters) is in the harness's exchanges, evidence or outcomes", len(v))
		}
	}
}

// TestAConsumerThatNeverConnectsPassesNothing: an adapter that answers a made-up ConnectAnswer
// without connecting fails every consumer spec; one that hangs makes every spec an error.
func TestAConsumerThatNeverConnectsPassesNothing(t *testing.T) {
	liar := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(`{"assertions":["urn:uuid:1"],"profile":{"id":"https://p.example/me"},"posted":{"statusCode":200,"statusText":"OK"}}`))
	}))
	defer liar.Close()
	env := consumerEnv(liar.URL, httpx.NewRecorder())
	defer env.Close()
	bad, outs := judgeAll(t, env)
	if len(bad) != len(consumerSpecs()) {
		t.Errorf("a consumer that never connected fails only %v", bad)
	}
	for id, o := range outs {
		if len(o.Unread) == 0 && len(o.Problems) == 0 {
			t.Errorf("%s: %+v", id, o)
		}
	}
	hang := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { time.Sleep(2 * time.Second) }))
	defer hang.Close()
	env = &suites.Env{Candidate: env.Candidate, Client: httpx.New(httpx.WithTimeout(200 * time.Millisecond)), Now: time.Now}
	env.Candidate.Connect = &obcert.ConnectRole{Consumer: &obcert.ConnectConsumer{Adapter: hang.URL}}
	defer env.Close()
	for _, sp := range consumerSpecs() {
		o := sp.Body(context.Background(), env, sp)
		if len(o.Unread) != 1 || !o.Unread[0].Unreachable {
			t.Errorf("%s with a hanging adapter: %+v", sp.ID, o)
		}
	}
}
