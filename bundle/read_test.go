package bundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rawTar writes entries as a tar.gz, headers as given: the bundles an attacker would make.
func rawTar(t *testing.T, hdrs []*tar.Header, bodies [][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for i, h := range hdrs {
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if i < len(bodies) && bodies[i] != nil {
			if _, err := tw.Write(bodies[i]); err != nil {
				t.Fatal(err)
			}
		}
	}
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

func reg(name string, data []byte) (*tar.Header, []byte) {
	return &tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg}, data
}

// TestReadRefusesHostileBundles: traversal, links, special files, duplicates, bombs and a
// manifest naming what is not there are refused with a message that says why.
func TestReadRefusesHostileBundles(t *testing.T) {
	manifest := []byte(`{"manifestVersion":"1","files":[{"name":"report.json","sha256":"00","size":1}]}`)
	big := bytes.Repeat([]byte("a"), 2048)
	cases := map[string]struct {
		hdrs   []*tar.Header
		bodies [][]byte
		want   string
	}{
		"dot-dot":         one(reg("../evil", []byte("x"))),
		"nested dot-dot":  one(reg("a/../../evil", []byte("x"))),
		"absolute":        one(reg("/etc/evil", []byte("x"))),
		"backslash":       one(reg(`..\evil`, []byte("x"))),
		"symlink":         {hdrs: []*tar.Header{{Name: "report.json", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"}}, want: "link"},
		"hard link":       {hdrs: []*tar.Header{{Name: "report.json", Typeflag: tar.TypeLink, Linkname: "../x"}}, want: "link"},
		"fifo":            {hdrs: []*tar.Header{{Name: "fifo", Typeflag: tar.TypeFifo}}, want: "special"},
		"too many":        many(20),
		"file too large":  two(one(reg("report.json", big)), one(reg(ManifestFile, manifest))),
		"total too large": two(one(reg("a", big[:1000])), one(reg("b", big[:1000]))),
		"duplicate":       two(one(reg("a", []byte("1"))), one(reg("a", []byte("2")))),
		"no manifest":     one(reg("report.json", []byte("{}"))),
		"manifest names a missing file": {hdrs: []*tar.Header{{Name: ManifestFile, Mode: 0o644, Size: int64(len(manifest)), Typeflag: tar.TypeReg}},
			bodies: [][]byte{manifest}, want: "names report.json, which the bundle does not hold"},
	}
	wants := map[string]string{"dot-dot": "leaves", "nested dot-dot": "clean", "absolute": "absolute", "backslash": "backslash",
		"too many": "more than 10 entries", "file too large": "larger than", "total too large": "larger than",
		"duplicate": "twice", "no manifest": "no manifest.json"}
	lim := Limits{MaxEntries: 10, MaxFileBytes: 1024, MaxTotalBytes: 1500}
	for name, tc := range cases {
		want := tc.want
		if want == "" {
			want = wants[name]
		}
		_, err := Read(bytes.NewReader(rawTar(t, tc.hdrs, tc.bodies)), lim)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want a refusal saying %q", name, err, want)
		}
	}
}

type hostile = struct {
	hdrs   []*tar.Header
	bodies [][]byte
	want   string
}

func one(h *tar.Header, b []byte) hostile {
	return hostile{hdrs: []*tar.Header{h}, bodies: [][]byte{b}}
}

func two(a, b hostile) hostile {
	return hostile{hdrs: append(a.hdrs, b.hdrs...), bodies: append(a.bodies, b.bodies...)}
}

func many(n int) hostile {
	var c hostile
	for i := range n {
		h, b := reg("f"+strings.Repeat("x", i), []byte("x"))
		c.hdrs, c.bodies = append(c.hdrs, h), append(c.bodies, b)
	}
	return c
}

// TestReadRefusesGzipBomb: a small archive that inflates past the caps is refused once the cap
// is reached, whatever its headers claim.
func TestReadRefusesGzipBomb(t *testing.T) {
	h, b := reg("report.json", make([]byte, 64<<20))
	raw := rawTar(t, []*tar.Header{h}, [][]byte{b})
	if len(raw) > 1<<20 {
		t.Fatalf("the bomb is %d bytes compressed", len(raw))
	}
	_, err := Read(bytes.NewReader(raw), Limits{MaxEntries: 10, MaxFileBytes: 1 << 20, MaxTotalBytes: 2 << 20})
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("got %v", err)
	}
}

// TestReadRefusesTruncated: a bundle cut short is a clear error.
func TestReadRefusesTruncated(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, testFiles(), nil); err != nil {
		t.Fatal(err)
	}
	_, err := Read(bytes.NewReader(buf.Bytes()[:buf.Len()/2]), DefaultLimits)
	if err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("got %v", err)
	}
}

// TestExtractStaysInside: a bundle extracts under its folder only; a name that would leave it
// is refused and nothing lands outside.
func TestExtractStaysInside(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "x")
	b := &Bundle{Names: []string{"ok.txt", "../escaped.txt"}, Files: map[string][]byte{"ok.txt": []byte("1"), "../escaped.txt": []byte("2")}}
	if err := b.Extract(dir); err == nil {
		t.Error("extracting ../escaped.txt succeeded")
	}
	if _, err := os.Stat(filepath.Join(parent, "escaped.txt")); err == nil {
		t.Error("a file was written outside the target folder")
	}
	var buf bytes.Buffer
	if err := Write(&buf, append(testFiles(), File{Name: "evidence/shot.png", Data: []byte("png")}), nil); err != nil {
		t.Fatal(err)
	}
	good, err := Read(&buf, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(parent, "good")
	if err := good.Extract(out); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(out, "evidence", "shot.png")); string(got) != "png" {
		t.Errorf("evidence/shot.png = %q", got)
	}
}

// TestWriteRefusesUnsafeNames: a bundle is never written with a name Read would refuse.
func TestWriteRefusesUnsafeNames(t *testing.T) {
	for _, name := range []string{"../x", "/x", "a/./b", "", ManifestFile} {
		if err := Write(&bytes.Buffer{}, append(testFiles(), File{Name: name}), nil); err == nil {
			t.Errorf("%q was packed", name)
		}
	}
}
