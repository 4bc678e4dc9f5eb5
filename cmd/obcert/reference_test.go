package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/obcert/obcert/reference"
)

func TestReferenceFaultsJSON(t *testing.T) {
	code, stdout, stderr := runWith(t, nil, "reference", "faults", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var views []faultView
	if err := json.Unmarshal([]byte(stdout), &views); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	faults := reference.Faults()
	if len(views) != len(faults) {
		t.Fatalf("%d faults printed, want %d", len(views), len(faults))
	}
	for i, f := range faults {
		v := views[i]
		if v.Name != f.Name || v.Role != string(f.Role) || v.Level != string(f.Level) || v.Description != f.Description ||
			!slices.Equal(v.Requirements, f.Requirements) || !slices.Equal(v.Specs, f.Specs) {
			t.Errorf("printed %+v for %+v", v, f)
		}
	}
	for _, key := range []string{`"name"`, `"role"`, `"requirements"`, `"level"`, `"specs"`, `"description"`} {
		if !strings.Contains(stdout, key) {
			t.Errorf("the JSON lacks %s", key)
		}
	}
}

func TestReferenceFaultsTable(t *testing.T) {
	code, stdout, stderr := runWith(t, nil, "reference", "faults")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if !strings.HasPrefix(lines[0], "NAME") || !strings.Contains(lines[0], "SPECS") || len(lines) != len(reference.Faults())+1 {
		t.Fatalf("table:\n%s", stdout)
	}
	f, _ := reference.LookupFault("badgeclass-not-found")
	for _, l := range lines {
		if strings.HasPrefix(l, f.Name+" ") && !strings.Contains(l, strings.Join(f.Specs, ",")) {
			t.Errorf("the %s row lacks its specs: %s", f.Name, l)
		}
	}
}

// TestServeOverTLSIsConformant serves the reference over HTTPS with `reference serve --tls-ca`,
// and certifies it from the candidate file it prints: the harness trusts the in-memory CA through
// tls.caFile alone.
func TestServeOverTLSIsConformant(t *testing.T) {
	dir := t.TempDir()
	// The candidate file is written before the "serving" line: once that line is read from the
	// pipe, stdout is complete and no longer written.
	var stdout bytes.Buffer
	stderr, stderrW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	root := newRootCmd(strings.NewReader(""), &stdout, stderrW)
	root.SetArgs([]string{"reference", "serve", "--tls-ca", filepath.Join(dir, "ca.pem")})
	go func() { done <- root.ExecuteContext(ctx); stderrW.Close() }()
	defer func() { cancel(); <-done }()
	line, err := bufio.NewReader(stderr).ReadString('\n')
	go io.Copy(io.Discard, stderr)
	if !strings.HasPrefix(line, "serving") {
		t.Fatalf("the reference did not start: %q %v", line, err)
	}
	if !strings.Contains(stdout.String(), "https://127.0.0.1:") || !strings.Contains(stdout.String(), "caFile: "+filepath.Join(dir, "ca.pem")) {
		t.Fatalf("candidate file:\n%s", stdout.String())
	}
	cand := writeCandidate(t, dir, stdout.String())
	code, out, errs := runWith(t, registered(), "run", "-c", cand, "--out", filepath.Join(dir, "out"))
	if code != 0 {
		t.Errorf("exit %d, want 0 (CONFORMANT)\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}
