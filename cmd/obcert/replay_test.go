package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reference"
)

// TestReplayReproducesEveryIssuerResult is issue 9's second "done when", first half: with the
// reference stopped (the run closed it), the replay of the certify bundle reproduces every
// result.
func TestReplayReproducesEveryIssuerResult(t *testing.T) {
	path, _ := certifiedBundle(t, "--certify")
	r := reportIn(t, path)
	assertStopped(t, path)
	code, stdout, stderr := runWith(t, registered(), "replay", path)
	if code != 0 || strings.Contains(stdout, "DIFFERS") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, res := range r.Results {
		want := "MATCH         " + res.ID + ": " + string(res.State)
		if res.Role == obcert.RoleDisplayer || res.Role == obcert.RoleHost || res.Role == obcert.RoleConnect { // fixtures minted afresh, new codes and tokens each run
			want = "NOT REPLAYED  " + res.ID + ": "
		}
		if !strings.Contains(stdout, want) {
			t.Errorf("no line %q", want)
		}
	}
}

// TestReplayReportsAnEditedResult is the second half: a report.json edited to turn a failure into
// a pass is caught, with both results.
func TestReplayReportsAnEditedResult(t *testing.T) {
	path, _ := certifiedBundle(t, "--reference-fault", "bad-signature")
	entries := readTar(t, path)
	var edited string
	for i, e := range entries {
		if e.name != "report.json" {
			continue
		}
		var r obcert.Report
		if err := json.Unmarshal(e.data, &r); err != nil {
			t.Fatal(err)
		}
		for j := range r.Results {
			if r.Results[j].State == obcert.StateFailed {
				r.Results[j].State, edited = obcert.StatePassed, r.Results[j].ID
				break
			}
		}
		r.Summarize()
		entries[i].data, _ = json.MarshalIndent(r, "", "  ")
	}
	if edited == "" {
		t.Fatal("the faulted run failed nothing")
	}
	tampered := filepath.Join(t.TempDir(), "tampered.tar.gz")
	writeTar(t, tampered, entries)
	code, stdout, _ := runWith(t, registered(), "replay", tampered)
	want := "DIFFERS       " + edited + ":\n    recorded: passed"
	if code != 1 || !strings.Contains(stdout, want) || !strings.Contains(stdout, "replayed: failed") || strings.Count(stdout, "DIFFERS") != 1 {
		t.Errorf("exit %d, want 1 with %q:\n%s", code, want, stdout)
	}
}

func reportIn(t *testing.T, path string) *obcert.Report {
	t.Helper()
	for _, e := range readTar(t, path) {
		if e.name == "report.json" {
			var r obcert.Report
			if err := json.Unmarshal(e.data, &r); err != nil {
				t.Fatal(err)
			}
			return &r
		}
	}
	t.Fatal("no report.json")
	return nil
}

// assertStopped fails unless the origin of the bundle's candidate file refuses connections.
func assertStopped(t *testing.T, path string) {
	t.Helper()
	for _, e := range readTar(t, path) {
		if e.name != "candidate.yaml" {
			continue
		}
		m := regexp.MustCompile(`https?://(127\.0\.0\.1:[0-9]+)`).FindSubmatch(e.data)
		if m == nil {
			t.Fatalf("no loopback origin in the candidate file:\n%s", e.data)
		}
		if conn, err := net.Dial("tcp", string(m[1])); err == nil {
			conn.Close()
			t.Fatalf("the reference still answers at %s", m[1])
		}
	}
}

// TestReplayCandidateWithFiles: a candidate file that names local badge files carries them in the
// bundle beside it, so its run replays, every result matching, with the product gone.
func TestReplayCandidateWithFiles(t *testing.T) {
	srv, err := reference.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	cf := srv.CandidateFile()
	cf.Connect = nil // its provider's CA is not in this file, and the connect role replays nothing
	for i, b := range cf.Issuer.Badges {
		if strings.HasPrefix(b.Name, "baked-") {
			name := "badges/" + b.Name + ".img"
			download(t, b.URL, filepath.Join(dir, filepath.FromSlash(name)))
			cf.Issuer.Badges[i] = obcert.BadgeRef{Name: b.Name, File: name}
		}
	}
	raw, err := yaml.Marshal(cf)
	if err != nil {
		t.Fatal(err)
	}
	cand := writeCandidate(t, dir, string(raw))
	path := filepath.Join(dir, "files.tar.gz")
	if code, _, stderr := runWith(t, registered(), "run", "-c", cand, "--out", filepath.Join(dir, "out"), "--bundle="+path); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	srv.Close()
	names := strings.Join(tarNames(t, path), " ")
	if !strings.Contains(names, "badges/baked-png.img") || !strings.Contains(names, "badges/baked-svg.img") {
		t.Fatalf("the bundle lacks the badge files: %s", names)
	}
	code, stdout, stderr := runWith(t, registered(), "replay", path)
	issuerResults := 0
	for _, res := range reportIn(t, path).Results {
		if res.Role == obcert.RoleIssuer {
			issuerResults++
		}
	}
	if code != 0 || strings.Contains(stdout, "DIFFERS") || strings.Count(stdout, "MATCH         issuer/") != issuerResults {
		t.Errorf("exit %d\n%s\n%s", code, stdout, stderr)
	}
}

func download(t *testing.T, url, to string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Dir(to), 0o755)
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
