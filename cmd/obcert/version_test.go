package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionFromBuildInfo(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.99", Main: debug.Module{Path: "github.com/obcert/obcert", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.modified", Value: "true"}}}
	got := factsOf(bi).String()
	for _, want := range []string{"obcert 1.2.3\n", "module:   github.com/obcert/obcert\n", "revision: abc123 (modified", "go:       go1.99\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("version text lacks %q:\n%s", want, got)
		}
	}
	bi.Main.Version, bi.Settings = "(devel)", nil
	if got := factsOf(bi).String(); !strings.Contains(got, "obcert "+version+"\n") || !strings.Contains(got, "revision: unknown") {
		t.Errorf("a local build without VCS facts:\n%s", got)
	}
}

func TestVersionAndFlagAgree(t *testing.T) {
	var a, b bytes.Buffer
	if code := run([]string{"version"}, strings.NewReader(""), &a, &bytes.Buffer{}); code != 0 {
		t.Fatalf("obcert version: exit %d", code)
	}
	if code := run([]string{"--version"}, strings.NewReader(""), &b, &bytes.Buffer{}); code != 0 {
		t.Fatalf("obcert --version: exit %d", code)
	}
	if a.String() != b.String() || !strings.HasPrefix(a.String(), "obcert ") || !strings.Contains(a.String(), "go:       go") {
		t.Errorf("version %q and --version %q differ or lack the Go version", a.String(), b.String())
	}
}

// TestVersionShowsTheBuildRevision builds the binary from this checkout, as `go install` would,
// and checks that `obcert version` names the commit it was built from.
func TestVersionShowsTheBuildRevision(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on PATH: no VCS revision to stamp")
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "obcert")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	info, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(info), "vcs.revision=") {
		t.Skip("Go stamped no VCS facts (a git worktree, whose .git is a file, gets none; a clone does)")
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "revision: " + strings.TrimSpace(string(head)); !strings.Contains(string(out), want) {
		t.Errorf("obcert version:\n%s\nwant a line starting %q", out, want)
	}
}
