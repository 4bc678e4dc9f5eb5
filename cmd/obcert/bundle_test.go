package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

// certifiedBundle is `obcert run --certify --bundle FILE --sign-key K` on the reference: it
// returns the bundle's path and the public key's.
func certifiedBundle(t *testing.T, extra ...string) (bundlePath, pubPath string) {
	t.Helper()
	dir := t.TempDir()
	prefix := filepath.Join(dir, "signer")
	if code, _, stderr := runWith(t, registered(), "keygen", "-o", prefix); code != 0 {
		t.Fatalf("keygen: exit %d\n%s", code, stderr)
	}
	bundlePath = filepath.Join(dir, "cert.tar.gz")
	args := append([]string{"run", "--out", filepath.Join(dir, "out"), "--bundle=" + bundlePath, "--sign-key", prefix + ".key"}, extra...)
	if code, stdout, stderr := runWith(t, registered(), args...); code > 1 {
		t.Fatalf("%v: exit %d\nstdout:\n%s\nstderr:\n%s", args, code, stdout, stderr)
	}
	return bundlePath, prefix + ".pub"
}

// TestCertifyRunRecordsWhatItRestsOn: a certify run says so, with the harness version, the
// catalogue digest, the Go version and the platform, and leaves its candidate file beside the
// report with the digest the report records.
func TestCertifyRunRecordsWhatItRestsOn(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runWith(t, registered(), "run", "--certify", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	r := readReport(t, dir)
	run := r.Run
	if !run.Certify || run.HarnessVersion != version || run.CatalogueSha256 != obcert.CatalogueSha256() ||
		!strings.HasPrefix(run.GoVersion, "go") || !strings.Contains(run.Platform, "/") {
		t.Errorf("run = %+v", run)
	}
	if got := sha256File(t, filepath.Join(dir, "candidate.yaml")); got != run.CandidateFileSha256 {
		t.Errorf("candidate.yaml digest %s, report says %s", got, run.CandidateFileSha256)
	}
	plain := t.TempDir()
	if code, _, _ := runWith(t, registered(), "run", "--out", plain); code != 0 {
		t.Fatal("plain run failed")
	}
	raw, _ := os.ReadFile(filepath.Join(plain, "report.json"))
	for _, field := range []string{`"certify"`, `"harnessVersion"`, `"catalogueSha256"`, `"goVersion"`, `"platform"`} {
		if bytes.Contains(raw, []byte(field)) {
			t.Errorf("a plain run's report holds %s", field)
		}
	}
}

// TestCertifyRefusesRelaxations: filters, faults, a dry run and a candidate without identity are
// usage errors (exit 2) that say what to drop.
func TestCertifyRefusesRelaxations(t *testing.T) {
	dir := t.TempDir()
	anonymous := writeCandidate(t, dir, "candidate: {name: Nameless}\nissuer:\n  badges:\n    - url: http://127.0.0.1:1/a\n")
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"label filter": {[]string{"--label-filter", "MUST"}, "drop a label filter"},
		"focus":        {[]string{"--focus", "hosted"}, "drop a focus"},
		"requirement":  {[]string{"--requirement", "ISSUER-07"}, "drop a requirement filter"},
		"role":         {[]string{"--role", "issuer"}, "drop a role filter"},
		"fault":        {[]string{"--reference-fault", "bad-signature"}, "drop --reference-fault"},
		"dry run":      {[]string{"--dry-run"}, "--dry-run"},
		"identity":     {[]string{"-c", anonymous}, "no candidate.version, candidate.vendor"},
	} {
		t.Run(name, func(t *testing.T) {
			args := append([]string{"run", "--certify", "--out", filepath.Join(dir, "out")}, tc.args...)
			code, _, stderr := runWith(t, registered(), args...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, want 2 saying %q:\n%s", code, tc.want, stderr)
			}
		})
	}
}

// TestVerifySignedBundle: the certify bundle verifies with its key (exit 0), and names what it
// checked.
func TestVerifySignedBundle(t *testing.T) {
	path, pub := certifiedBundle(t, "--certify")
	code, stdout, _ := runWith(t, registered(), "verify", path, "--key", pub)
	if code != 0 || !strings.Contains(stdout, "VERIFIED") {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
	names := tarNames(t, path)
	for _, want := range []string{"report.json", "report.html", "junit.xml", "summary.md", "exchanges.har", "candidate.yaml", "manifest.json", "attestation.dsse.json"} {
		if !strings.Contains(strings.Join(names, " "), want) {
			t.Errorf("the bundle lacks %s: %v", want, names)
		}
	}
}

// TestVerifyNamesEveryFlippedByte is issue 9's first "done when": flipping one byte (the first,
// the last and 14 spread between) of any file of a signed certify bundle makes verify exit 1 naming that file.
func TestVerifyNamesEveryFlippedByte(t *testing.T) {
	path, pub := certifiedBundle(t, "--certify")
	entries := readTar(t, path)
	for i, e := range entries {
		for _, at := range spread(len(e.data), 16) {
			edited := filepath.Join(t.TempDir(), "edited.tar.gz")
			writeTar(t, edited, flipped(entries, i, at))
			code, stdout, _ := runWith(t, registered(), "verify", edited, "--key", pub)
			if code != 1 || !strings.Contains(stdout, e.name) {
				t.Errorf("byte %d of %s flipped: exit %d, want 1 naming the file:\n%s", at, e.name, code, stdout)
			}
		}
	}
}

// TestVerifyUnsigned: an unsigned bundle says so; it fails only when a key was asked for.
func TestVerifyUnsigned(t *testing.T) {
	dir, out := cleanReferenceRun(t)
	path := filepath.Join(dir, "plain.tar.gz")
	if code, _, stderr := runWith(t, registered(), "bundle", out, "-o", path); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, _ := runWith(t, registered(), "verify", path)
	if code != 0 || !strings.Contains(stdout, "unsigned") {
		t.Errorf("no key: exit %d\n%s", code, stdout)
	}
	_, pub := certifiedBundle(t)
	code, stdout, _ = runWith(t, registered(), "verify", path, "--key", pub)
	if code != 1 || !strings.Contains(stdout, "unsigned") {
		t.Errorf("with a key: exit %d\n%s", code, stdout)
	}
}

// TestSignKeyFromEnvironment: OBCERT_SIGN_KEY names the key file when --sign-key is not given.
func TestSignKeyFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	prefix := filepath.Join(dir, "p256")
	if code, _, stderr := runWith(t, registered(), "keygen", "-o", prefix, "--type", "p256"); code != 0 {
		t.Fatal(stderr)
	}
	t.Setenv(signKeyEnv, prefix+".key")
	path := filepath.Join(dir, "b.tar.gz")
	if code, _, stderr := runWith(t, registered(), "run", "--out", filepath.Join(dir, "out"), "--bundle="+path); code != 0 {
		t.Fatal(stderr)
	}
	if code, stdout, _ := runWith(t, registered(), "verify", path, "--key", prefix+".pub"); code != 0 {
		t.Errorf("exit %d\n%s", code, stdout)
	}
}

type tarEntry struct {
	name string
	data []byte
}

func readTar(t *testing.T, path string) []tarEntry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	var out []tarEntry
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(tr)
		out = append(out, tarEntry{hdr.Name, data})
	}
}

func tarNames(t *testing.T, path string) []string {
	var names []string
	for _, e := range readTar(t, path) {
		names = append(names, e.name)
	}
	return names
}

func writeTar(t *testing.T, path string, entries []tarEntry) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, e := range entries {
		if err := tw.WriteHeader(&tar.Header{Name: e.name, Mode: 0o644, Size: int64(len(e.data)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write(e.data)
	}
	tw.Close()
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// flipped is entries with one bit of byte at of entry i flipped.
func flipped(entries []tarEntry, i, at int) []tarEntry {
	out := append([]tarEntry{}, entries...)
	data := bytes.Clone(out[i].data)
	data[at] ^= 0x01
	out[i].data = data
	return out
}

func sha256File(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TestBundleRefusesLinksAndMissingFiles: `obcert bundle` packs regular files of the folder only:
// a report file that is a symlink, or one that is missing, is refused (exit 2) and no bundle is
// written.
func TestBundleRefusesLinksAndMissingFiles(t *testing.T) {
	dir, out := cleanReferenceRun(t)
	html := filepath.Join(out, "report.html")
	os.Remove(html)
	path := filepath.Join(dir, "b.tar.gz")
	code, _, stderr := runWith(t, registered(), "bundle", out, "-o", path)
	if code != 2 || !strings.Contains(stderr, "report.html") {
		t.Errorf("missing report.html: exit %d\n%s", code, stderr)
	}
	if err := os.Symlink("/etc/hostname", html); err != nil {
		t.Skip(err)
	}
	code, _, stderr = runWith(t, registered(), "bundle", out, "-o", path)
	if code != 2 || !strings.Contains(stderr, "not a regular file") {
		t.Errorf("symlinked report.html: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("a bundle was written")
	}
}

// TestVerifyRefusesHostileBundle: a bundle with a traversal name is refused as not verified.
func TestVerifyRefusesHostileBundle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "evil.tar.gz")
	writeTar(t, path, []tarEntry{{"../../evil", []byte("x")}})
	code, stdout, _ := runWith(t, registered(), "verify", path)
	if code != 1 || !strings.Contains(stdout, "refused") {
		t.Errorf("exit %d\n%s", code, stdout)
	}
}

// cleanReferenceRun is a plain run of the reference; it returns a fresh folder and the report folder in it.
func cleanReferenceRun(t *testing.T) (dir, out string) {
	t.Helper()
	out = referenceRun(t, "")
	return filepath.Dir(out), out
}

// TestBundleDefaultName: --bundle alone writes <out>.tar.gz beside the report folder.
func TestBundleDefaultName(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rep")
	if code, _, stderr := runWith(t, registered(), "run", "--out", out, "--bundle"); code != 0 {
		t.Fatal(stderr)
	}
	if code, stdout, _ := runWith(t, registered(), "verify", out+".tar.gz"); code != 0 {
		t.Errorf("exit %d\n%s", code, stdout)
	}
}

// spread is n positions from 0 to size-1, evenly apart.
func spread(size, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i * (size - 1) / (n - 1)
	}
	return out
}

// TestKeygenNeverOverwrites: the private key is written 0600, and an existing key is never
// replaced.
func TestKeygenNeverOverwrites(t *testing.T) {
	prefix := filepath.Join(t.TempDir(), "k")
	if code, _, stderr := runWith(t, registered(), "keygen", "-o", prefix); code != 0 {
		t.Fatal(stderr)
	}
	if fi, err := os.Stat(prefix + ".key"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("private key mode %v (%v)", fi.Mode(), err)
	}
	before, _ := os.ReadFile(prefix + ".key")
	if code, _, _ := runWith(t, registered(), "keygen", "-o", prefix); code != 2 {
		t.Errorf("a second keygen exited %d, want 2", code)
	}
	if after, _ := os.ReadFile(prefix + ".key"); !bytes.Equal(before, after) {
		t.Error("the key was overwritten")
	}
	if code, _, _ := runWith(t, registered(), "keygen", "-o", prefix+"2", "--type", "rsa"); code != 2 {
		t.Errorf("--type rsa exited %d, want 2", code)
	}
}
