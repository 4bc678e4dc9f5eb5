//go:build unix

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/obcert/obcert/internal/limits"
	"github.com/obcert/obcert/openbadges/verify"
)

// TestBatchNamedPipe: a named pipe among the inputs fails on its own line instead of blocking a
// worker (opening a pipe blocks until a writer comes).
func TestBatchNamedPipe(t *testing.T) {
	src, mocks := signedDir(t)
	fifo := filepath.Join(t.TempDir(), "pipe.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	lines, _, stderr, code := batchRun(t, "", "validate", "--offline-map", mocks, fifo, filepath.Join(src, "assertion.jws"))
	if len(lines) != 2 || lines[0].Valid || !lines[1].Valid || code != 1 ||
		!strings.Contains(lines[0].Messages[0].Result, "not a regular file") {
		t.Fatalf("lines %+v exit %d stderr %s", lines, code, stderr)
	}
}

// TestBatchFileIsReadInput: readBatchFile gives every input what the stat-then-read way gives it
// (os.Stat; a non-regular file refused; readInputStat), the same Input or the same error text: a
// badge file, an empty one, one past the size limit, one without read permission, a link to a file,
// a loop of links, a directory, a named pipe, a device, a missing path, a path through a file,
// inline JSON and a JWS that are no file names.
func TestBatchFileIsReadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	inputs := []string{
		write("badge.json", []byte(`{"id":"https://example.org/a"}`), 0o600),
		write("empty.json", nil, 0o600),
		write("huge.json", make([]byte, limits.MaxBadgeBytes+1), 0o600),
		write("locked.json", []byte("{}"), 0o000),
		dir, filepath.Join(dir, "none.json"), filepath.Join(dir, "badge.json", "x"), os.DevNull,
		`{"id":"https://example.org/inline"}`, "eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ.c2ln", "not a file",
		// elements past a file name's length: a JWS, a long line with and without slashes
		"eyJhbGciOiJSUzI1NiJ9." + strings.Repeat("eyJhIjoxfQ", 40) + ".c2ln", strings.Repeat("x", 300),
		dir + "/" + strings.Repeat("y", 256), strings.Repeat("z", 200) + "/" + strings.Repeat("z", 200),
		write(strings.Repeat("n", 255), []byte("{}"), 0o600),
	}
	if os.Symlink(filepath.Join(dir, "badge.json"), filepath.Join(dir, "link.json")) == nil {
		inputs = append(inputs, filepath.Join(dir, "link.json"))
	}
	if os.Symlink(filepath.Join(dir, "loop"), filepath.Join(dir, "loop")) == nil {
		inputs = append(inputs, filepath.Join(dir, "loop"))
	}
	if fifo := filepath.Join(dir, "pipe.json"); syscall.Mkfifo(fifo, 0o600) == nil {
		inputs = append(inputs, fifo)
	}
	statThenRead := func(input string) (verify.Input, error) {
		st, serr := os.Stat(input)
		if serr == nil && !st.Mode().IsRegular() {
			return verify.Input{}, fmt.Errorf("%s is not a regular file", input)
		}
		return readInputStat(input, st, serr)
	}
	for _, in := range inputs {
		got, gerr := readBatchFile(in)
		want, werr := statThenRead(in)
		if !reflect.DeepEqual(got, want) || fmt.Sprint(gerr) != fmt.Sprint(werr) {
			t.Errorf("%.60q: readBatchFile %+.80v, %v; stat then read %+.80v, %v", in, got, gerr, want, werr)
		}
	}
}
