package host

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/openbadges/jsonld"
	refhost "github.com/obcert/obcert/reference/host"
	"github.com/obcert/obcert/suites"
)

func TestCheckSectionNamesTheField(t *testing.T) {
	cf := obcert.CandidateFile{Host: &obcert.HostRole{Mode: "manual", Adapter: "ftp://x"}}
	err := checkSection(cf, t.TempDir())
	for _, want := range []string{`host.mode: "manual"`, `host.adapter: "ftp://x"`, "host.account: name the recipient identity"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("check said %v; want %q", err, want)
		}
	}
	noProvider := obcert.CandidateFile{Host: &obcert.HostRole{Mode: ModeConnect, Account: fixtures.Recipient}}
	if err := checkSection(noProvider, ""); err == nil || !strings.Contains(err.Error(), "connect.provider") {
		t.Errorf("host.mode connect without connect.provider: %v", err)
	}
	ok := obcert.CandidateFile{Host: &obcert.HostRole{Mode: ModeAdapter, Adapter: "http://127.0.0.1:1/h", Account: fixtures.Recipient}}
	if err := checkSection(ok, ""); err != nil || origins(ok)[0] != "http://127.0.0.1:1" {
		t.Errorf("a good section: %v, origins %v", err, origins(ok))
	}
}

// envFor is an Env whose host section names the adapter at u.
func envFor(u string, timeout time.Duration) *suites.Env {
	return &suites.Env{Candidate: obcert.CandidateFile{Host: &obcert.HostRole{Mode: ModeAdapter, Adapter: u, Account: fixtures.Recipient}},
		Client: httpx.New(httpx.WithTimeout(timeout)), Now: time.Now}
}

// specByID returns the spec id.
func specByID(t *testing.T, id string) suites.Spec {
	for _, s := range Specs() {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no spec %s", id)
	return suites.Spec{}
}

// TestABrokenAdapterIsReadNeverPassed drives adapters that hang, answer non-JSON, answer an
// unknown status, or answer imported for everything with an empty export: no spec passes.
func TestABrokenAdapterIsReadNeverPassed(t *testing.T) {
	for name, tc := range map[string]http.HandlerFunc{
		"hangs":    func(http.ResponseWriter, *http.Request) { time.Sleep(time.Second) },
		"not JSON": func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("<html>hello</html>")) },
		"status":   func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(`{"id":"1","status":"ok"}`)) },
		"500":      func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "oops", 500) },
		"201 only": func(w http.ResponseWriter, _ *http.Request) {
			w.Write([]byte(`{"id":"1","status":"imported","json":"a string"}`))
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(tc)
			defer srv.Close()
			env := envFor(srv.URL, 100*time.Millisecond)
			defer env.Close()
			for _, spec := range Specs() {
				o := spec.Body(context.Background(), env, spec)
				if len(o.Unread) == 0 && len(o.Problems) == 0 && o.Skip == "" {
					t.Errorf("%s: passed %v with a broken adapter", spec.ID, o.Checked)
				}
			}
		})
	}
}

// runSpec runs spec id against the host h.
func runSpec(t *testing.T, h http.Handler, id string) suites.Outcome {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	env := envFor(srv.URL, 5*time.Second)
	defer env.Close()
	spec := specByID(t, id)
	return spec.Body(context.Background(), env, spec)
}

// roundTripWith runs host/round-trip against the reference host exporting in form.
func roundTripWith(t *testing.T, form func(map[string]any) any) suites.Outcome {
	t.Helper()
	return runSpec(t, refhost.New(refhost.WithExportForm(form)), "host/round-trip")
}

// TestBenignExportFormsPass: the export as expanded JSON-LD, or with another key order and an
// extra equivalent context, is the same RDF dataset: the round trip passes.
func TestBenignExportFormsPass(t *testing.T) {
	for name, form := range map[string]func(map[string]any) any{
		"expanded": func(d map[string]any) any {
			out, err := jsonld.New(nil).Expand(context.Background(), d)
			if err != nil {
				t.Error(err)
			}
			return out
		},
		"other key order": func(d map[string]any) any { return reversedKeys(t, d) },
		"extra context": func(d map[string]any) any {
			d["@context"] = []any{map[string]any{"extra": "https://example.org/extra#"}, d["@context"]}
			return map[string]any{"@graph": []any{d}, "@context": map[string]any{"sdo": "http://schema.org/"}}
		},
	} {
		t.Run(name, func(t *testing.T) {
			o := roundTripWith(t, form)
			if len(o.Problems) > 0 || len(o.Unread) > 0 || len(o.Checked) != len(validImports) {
				t.Errorf("checked %v, problems %+v, unread %+v", o.Checked, o.Problems, o.Unread)
			}
		})
	}
}

// TestABadExportFails: an export that is not JSON-LD, another badge, or a lost property fails
// with a message that says so, never a crash.
func TestABadExportFails(t *testing.T) {
	for name, tc := range map[string]struct {
		form func(map[string]any) any
		want string
	}{
		"a string":      {func(map[string]any) any { return "not a badge" }, "its export is a string in JSON, not a JSON-LD document"},
		"another badge": {func(d map[string]any) any { d["id"] = "urn:uuid:other"; return d }, `its export is a badge with id "urn:uuid:other"`},
		"no terms":      {func(d map[string]any) any { return map[string]any{"id": d["id"], "x": 1} }, "holds no RDF statement"},
		"a bomb": {func(d map[string]any) any {
			return map[string]any{"@context": d["@context"], "id": d["id"], "x": strings.Repeat("a", 2<<20)}
		}, "more than the 1048576 obcert compares"},
		"lost issuedOn": {func(d map[string]any) any { delete(d, "issuedOn"); return d }, "the export lost the statement <"},
	} {
		t.Run(name, func(t *testing.T) {
			o := roundTripWith(t, tc.form)
			if len(o.Problems) == 0 || !strings.Contains(o.Problems[0].Message, tc.want) {
				t.Errorf("problems %+v; want %q", o.Problems, tc.want)
			}
		})
	}
}

// TestARefusalCountsOnlyBesideItsControl: a host that refuses everything fails
// host/refuses-invalid on its positive control, and no import spec passes.
func TestARefusalCountsOnlyBesideItsControl(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(`{"status":"refused","reason":"we refuse every badge today"}`))
	}))
	defer srv.Close()
	env := envFor(srv.URL, 5*time.Second)
	defer env.Close()
	spec := specByID(t, "host/refuses-invalid")
	o := spec.Body(context.Background(), env, spec)
	if len(o.Problems) != 1 || !strings.Contains(o.Problems[0].Message, "the positive control failed") {
		t.Errorf("problems %+v; want only the failed positive control", o.Problems)
	}
	spec = specByID(t, "host/import-url")
	if o := spec.Body(context.Background(), env, spec); len(o.Problems) != 1 || !strings.Contains(o.Problems[0].Message, "we refuse every badge today") {
		t.Errorf("import-url problems %+v", o.Problems)
	}
}

// TestABadBakedExportFails: a PNG export that is not an image, or a bomb of zeros, fails
// host/baked-export saying so, never a crash.
func TestABadBakedExportFails(t *testing.T) {
	for name, rebake := range map[string]func([]byte) ([]byte, error){
		"not an image": func([]byte) ([]byte, error) { return []byte("<html>no</html>"), nil },
		"zeros":        func([]byte) ([]byte, error) { return make([]byte, 8<<20), nil },
	} {
		t.Run(name, func(t *testing.T) {
			o := runSpec(t, refhost.New(refhost.WithRebake(rebake)), "host/baked-export")
			if len(o.Problems) != 1 || !strings.Contains(o.Problems[0].Message, "fixture baked-png exported as png is not a png image") {
				t.Errorf("problems %+v, unread %+v", o.Problems, o.Unread)
			}
		})
	}
}

// reversedKeys writes d as a JSON object with its keys in reverse order (encoding/json would sort
// them), so the export's bytes differ from the original's while its statements do not.
func reversedKeys(t *testing.T, d map[string]any) json.RawMessage {
	t.Helper()
	keys := slices.Sorted(maps.Keys(d))
	slices.Reverse(keys)
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range keys {
		kb, err1 := json.Marshal(k)
		vb, err2 := json.Marshal(d[k])
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return json.RawMessage(b.Bytes())
}
