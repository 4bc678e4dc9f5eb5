package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestInitWritesAFileRunAccepts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "candidate.yaml")
	var o, e bytes.Buffer
	code := run([]string{"init", path, "--role", "issuer", "--url", "https://badges.example.com/assertions/1",
		"--url", "https://badges.example.com/assertions/1/badge.png", "--recipient", "conformance@imsglobal.org",
		"--name", `Badges: "Pro" & co`, "--revoked", "https://badges.example.com/assertions/2"}, strings.NewReader(""), &o, &e)
	if code != 0 {
		t.Fatalf("init: exit %d\n%s", code, e.String())
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# An obcert candidate file", "# The identity the badges were issued to", "url: https://badges.example.com/assertions/1\n",
		`name: 'Badges: "Pro" & co'`, "revoked:"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("the candidate file lacks %q:\n%s", want, raw)
		}
	}
	o.Reset()
	if code := run([]string{"run", "--dry-run", "-c", path}, strings.NewReader(""), &o, &e); code != 0 || !strings.Contains(o.String(), "specs selected") {
		t.Errorf("run --dry-run -c %s: exit %d\n%s%s", path, code, o.String(), e.String())
	}
}

func TestInitRefuses(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing.yaml")
	if err := os.WriteFile(existing, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		args []string
		want string
	}{
		"an existing file": {[]string{"init", existing, "--url", "https://a.example/1"}, "exists: give another FILE, or --force"},
		"no badge":         {[]string{"init", filepath.Join(dir, "a.yaml")}, "name at least one badge"},
		"an unknown role":  {[]string{"init", "-", "--role", "baker", "--url", "https://a.example/1"}, `--role "baker"`},
		"a bad URL":        {[]string{"init", "-", "--url", "ftp://a.example/1"}, `"ftp://a.example/1" is not an absolute http(s) URL`},
		"a bad profile":    {[]string{"init", "-", "--url", "https://a.example/1", "--profile", "gold"}, `--profile "gold"`},
	} {
		var e bytes.Buffer
		if code := run(c.args, strings.NewReader(""), &bytes.Buffer{}, &e); code != 2 || !strings.Contains(e.String(), c.want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", name, code, e.String(), c.want)
		}
	}
	if b, _ := os.ReadFile(existing); string(b) != "mine" {
		t.Error("init overwrote an existing file without --force")
	}
}

func TestInitInteractiveReadsAnswers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	answers := "Acme Badges\n3.1\nAcme\n\nhttps://acme.example/a/1\nhttps://acme.example/a/2\n\n"
	var o, e bytes.Buffer
	if code := run([]string{"init", "-i", path}, strings.NewReader(answers), &o, &e); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, o.String(), e.String())
	}
	raw, _ := os.ReadFile(path)
	for _, want := range []string{"name: Acme Badges", `version: "3.1"`, "recipient: conformance@imsglobal.org", "url: https://acme.example/a/2"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("the file lacks %q:\n%s", want, raw)
		}
	}
}

// TestInitAsksOnATerminal drives `obcert init` in a tmux pane, a real terminal: with no badge
// given it asks, and the answers typed end up in the file.
func TestInitAsksOnATerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed: the terminal prompts are tested through a pipe only")
	}
	dir := t.TempDir()
	bin, path, sock := filepath.Join(dir, "obcert"), filepath.Join(dir, "c.yaml"), filepath.Join(dir, "tmux.sock")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tm := func(args ...string) string {
		out, err := exec.Command(tmux, append([]string{"-S", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	tm("new-session", "-d", "-x", "400", "-y", "40", bin+" init "+path+"; sleep 30")
	t.Cleanup(func() { _ = exec.Command(tmux, "-S", sock, "kill-server").Run() })
	for _, step := range []struct{ prompt, answer string }{
		{"Product name:", "Acme Terminal"}, {"Product version:", "7"}, {"Vendor:", "Acme"},
		{"Recipient the badges were issued to", ""}, {"badge URL:", "https://acme.example/t/1"}, {"badge URL:", ""},
	} {
		waitFor(t, func() string { return tm("capture-pane", "-p") }, step.prompt)
		if step.answer != "" {
			tm("send-keys", "-l", step.answer)
		}
		tm("send-keys", "Enter")
	}
	var raw []byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !bytes.Contains(raw, []byte("badges:")); time.Sleep(50 * time.Millisecond) {
		raw, _ = os.ReadFile(path)
	}
	if !strings.Contains(string(raw), "name: Acme Terminal") || !strings.Contains(string(raw), "url: https://acme.example/t/1") {
		t.Errorf("the file written on the terminal:\n%s", raw)
	}
}

// waitFor polls screen until its last line shows want (the prompt waiting for an answer). Keys
// sent early wait in the terminal's buffer, so a prompt seen twice is no race.
func waitFor(t *testing.T, screen func() string, want string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		lines := strings.Split(strings.TrimRight(screen(), "\n "), "\n")
		if strings.Contains(lines[len(lines)-1], want) {
			return
		}
	}
	t.Fatalf("the terminal never showed %q:\n%s", want, screen())
}
