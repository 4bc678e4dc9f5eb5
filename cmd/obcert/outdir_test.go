package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/obcert/obcert/reports"
	"github.com/obcert/obcert/runner"
)

func TestRunRefusesAnUnusableOut(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	mine := filepath.Join(dir, "mine")
	for _, p := range []string{file, filepath.Join(mine, "thesis.tex")} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, c := range map[string]struct{ out, want string }{
		"a file":                  {file, "is a file, not a folder"},
		"under a file":            {filepath.Join(file, "sub"), "cannot be used: not a directory"},
		"a folder of other files": {mine, "is not an obcert report folder"},
	} {
		var e bytes.Buffer
		if code := run([]string{"run", "--out", c.out}, strings.NewReader(""), &bytes.Buffer{}, &e); code != 2 || !strings.Contains(e.String(), c.want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", name, code, e.String(), c.want)
		}
	}
	if b, err := os.ReadFile(filepath.Join(mine, "thesis.tex")); err != nil || string(b) != "mine" {
		t.Errorf("the refused folder's file was touched: %q %v", b, err)
	}
}

func TestPrepareOutClearsAnEarlierReport(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{reports.JSONFile, reports.MarkdownFile, runner.GinkgoLog, "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := prepareOut(dir); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if strings.Join(left, " ") != "notes.txt" {
		t.Errorf("left %v in the report folder; want only notes.txt (the old report files cleared, others kept)", left)
	}
}

func TestRunReadsTheCandidateFromStdin(t *testing.T) {
	var o, e bytes.Buffer
	root := newRootCmdWith(fetchSuite(), strings.NewReader("candidate: {name: piped}\nissuer:\n  badges:\n    - jws: a.b.c\n"), &o, &e)
	root.SetArgs([]string{"run", "-c", "-", "--dry-run"})
	if err := root.Execute(); err != nil || !strings.Contains(o.String(), "1 spec selected") {
		t.Errorf("run -c - --dry-run: %v\n%s%s", err, o.String(), e.String())
	}
	o.Reset()
	root = newRootCmdWith(fetchSuite(), strings.NewReader("candidate: {name: piped}\nissuer:\n  badgez: []\n"), &o, &e)
	root.SetArgs([]string{"run", "-c", "-", "--dry-run"})
	err := root.Execute()
	if exitCodeOf(err) != 2 || !strings.Contains(err.Error(), "the candidate file on standard input: issuer.badgez: unknown field (line 3") {
		t.Errorf("a bad candidate on stdin: exit %d, %v", exitCodeOf(err), err)
	}
}
