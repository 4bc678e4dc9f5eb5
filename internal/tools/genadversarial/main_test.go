package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestCorpusIsGenerated regenerates the committed corpus in a copy and requires the same files,
// so a hand edit that the generator would undo fails here, not silently at the next regeneration.
func TestCorpusIsGenerated(t *testing.T) {
	src := filepath.FromSlash("../../../cmd/obcert/testdata/adversarial")
	if _, err := os.Stat(src); err != nil {
		t.Skip("corpus not found:", err)
	}
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	if err := generate(dst); err != nil {
		t.Fatal(err)
	}
	want, got := tree(t, src), tree(t, dst)
	for name, b := range want {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s is committed but no longer generated", name)
		case !bytes.Equal(g, b):
			t.Errorf("%s differs from what the generator writes; run go run ./internal/tools/genadversarial", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s is generated but not committed; run go run ./internal/tools/genadversarial", name)
		}
	}
}

func tree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
