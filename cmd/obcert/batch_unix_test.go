//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
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
