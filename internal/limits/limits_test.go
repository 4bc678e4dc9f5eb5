package limits

import (
	"bytes"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func TestReadAll(t *testing.T) {
	if b, err := ReadAll(strings.NewReader("abcd"), 4); err != nil || string(b) != "abcd" {
		t.Errorf("at the limit: %q, %v", b, err)
	}
	b, err := ReadAll(strings.NewReader("abcde"), 4)
	if !errors.Is(err, ErrTooLarge) || err.Error() != "larger than 4 bytes" || string(b) != "abcde" {
		t.Errorf("past the limit: %q, %v", b, err)
	}
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Limit != 4 {
		t.Errorf("error %#v", err)
	}
	if _, err := ReadAll(bytes.NewReader(make([]byte, MaxBadgeBytes+1)), MaxBadgeBytes); err == nil ||
		err.Error() != "larger than 16 MiB" {
		t.Errorf("a badge past 16 MiB: %v", err)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	small, big := filepath.Join(dir, "small"), filepath.Join(dir, "big")
	for name, size := range map[string]int{small: 3, big: 5} {
		if err := os.WriteFile(name, make([]byte, size), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if b, err := ReadFile(small, 4); err != nil || len(b) != 3 {
		t.Errorf("small: %d bytes, %v", len(b), err)
	}
	if _, err := ReadFile(big, 4); !errors.Is(err, ErrTooLarge) || err.Error() != big+" is larger than 4 bytes" {
		t.Errorf("big: %v", err)
	}
	if _, err := ReadFile(dir, 4); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a directory: %v", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "none"), 4); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

// The package imports only the standard library, so that openbadges/bake, which may import
// nothing else of ours, may import it.
func TestImportsOnlyStandardLibrary(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, name := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
}

// TestReadSizedIsReadAll: whatever the size hint (right, too small, too large, none) and however
// the reader hands out its bytes, ReadSized returns the bytes and the error ReadAll returns.
func TestReadSizedIsReadAll(t *testing.T) {
	readers := map[string]func(string) io.Reader{
		"whole":    func(s string) io.Reader { return strings.NewReader(s) },
		"one byte": func(s string) io.Reader { return iotest.OneByteReader(strings.NewReader(s)) },
		"half":     func(s string) io.Reader { return iotest.HalfReader(strings.NewReader(s)) },
		"data+EOF": func(s string) io.Reader { return iotest.DataErrReader(strings.NewReader(s)) },
		"then fail": func(s string) io.Reader {
			return io.MultiReader(strings.NewReader(s), iotest.ErrReader(errors.New("disk")))
		},
	}
	for _, n := range []int{0, 1, 7, 8, 9, 511, 512, 513, 3000} {
		data := strings.Repeat("x", n)
		for _, limit := range []int64{0, 1, 8, 512, 2999, 3000, 1 << 20} {
			for _, hint := range []int64{-1, 0, 1, int64(n) - 1, int64(n), int64(n) + 1, 2 * int64(n), limit, limit + 1} {
				for name, mk := range readers {
					want, werr := ReadAll(mk(data), limit)
					got, gerr := ReadSized(mk(data), hint, limit)
					if !bytes.Equal(got, want) || fmt.Sprint(gerr) != fmt.Sprint(werr) {
						t.Fatalf("%d bytes, limit %d, hint %d, %s reader: ReadSized %d bytes, %v; ReadAll %d bytes, %v",
							n, limit, hint, name, len(got), gerr, len(want), werr)
					}
				}
			}
		}
	}
}

// TestOpenIsOsOpen: Open gives what os.Open gives: the same bytes and Stat of a file, and the same
// error, word for word, for a missing file, a path through a file, an empty path, a directory
// (whose read fails), a file without read permission.
func TestOpenIsOsOpen(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "badge.json")
	if err := os.WriteFile(file, []byte(`{"type": "Assertion"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(dir, "locked.json")
	if err := os.WriteFile(locked, []byte("{}"), 0o000); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{file, filepath.Join(dir, "none"), filepath.Join(file, "x"), "", dir, locked} {
		got, gerr := Open(path)
		want, werr := os.Open(path)
		if fmt.Sprint(gerr) != fmt.Sprint(werr) || errors.Is(gerr, os.ErrNotExist) != errors.Is(werr, os.ErrNotExist) {
			t.Errorf("%q: Open error %v, os.Open error %v", path, gerr, werr)
		}
		if gerr != nil || werr != nil {
			continue
		}
		gb, gerr := io.ReadAll(got)
		wb, werr := io.ReadAll(want)
		if !bytes.Equal(gb, wb) || fmt.Sprint(gerr) != fmt.Sprint(werr) || got.Name() != want.Name() {
			t.Errorf("%q: Open read %q, %v; os.Open read %q, %v", path, gb, gerr, wb, werr)
		}
		gs, gerr := got.Stat()
		ws, werr := want.Stat()
		if gerr != nil || werr != nil || gs.Size() != ws.Size() || gs.Mode() != ws.Mode() || !os.SameFile(gs, ws) {
			t.Errorf("%q: Open's Stat %v, %v; os.Open's %v, %v", path, gs, gerr, ws, werr)
		}
		if err := got.Close(); err != nil {
			t.Errorf("%q: closing: %v", path, err)
		}
		want.Close()
	}
}

// osReadFile is ReadFile as it is written with an os.File: the reference ReadFile must equal.
func osReadFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	b, err := ReadSized(f, st.Size(), limit)
	if errors.Is(err, ErrTooLarge) {
		return nil, fmt.Errorf("%s is %w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return b, nil
}

// TestReadFileIsOsReadFile: ReadFile, which reads without an os.File on unix, gives the bytes and
// the error, word for word, that the same reading through os.Open gives: for a file below, at
// and past the limit, an empty file, a symbolic link to a file and a loop of them, a directory, a
// device, a missing file, a path through a file, an empty path, a file without read permission.
func TestReadFileIsOsReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, size int, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, bytes.Repeat([]byte("b"), size), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	paths := []string{write("small", 3, 0o600), write("limit", 8, 0o600), write("big", 9, 0o600),
		write("empty", 0, 0o600), write("locked", 4, 0o000), dir, filepath.Join(dir, "none"),
		filepath.Join(dir, "small", "x"), "", os.DevNull}
	if err := os.Symlink(filepath.Join(dir, "small"), filepath.Join(dir, "link")); err == nil {
		paths = append(paths, filepath.Join(dir, "link"))
	}
	if err := os.Symlink(filepath.Join(dir, "loop"), filepath.Join(dir, "loop")); err == nil {
		paths = append(paths, filepath.Join(dir, "loop"))
	}
	for _, p := range paths {
		for _, limit := range []int64{0, 4, 8, MaxBadgeBytes} {
			got, gerr := ReadFile(p, limit)
			want, werr := osReadFile(p, limit)
			if !bytes.Equal(got, want) || fmt.Sprint(gerr) != fmt.Sprint(werr) ||
				errors.Is(gerr, ErrTooLarge) != errors.Is(werr, ErrTooLarge) || errors.Is(gerr, os.ErrNotExist) != errors.Is(werr, os.ErrNotExist) {
				t.Errorf("%q, limit %d: ReadFile %q, %v; through os.Open %q, %v", p, limit, got, gerr, want, werr)
			}
		}
	}
}

// TestDirReadsAsOsOpen: a Dir reads each name (below the directory, in a subdirectory, through a
// link, climbing out with "..", absolute, absent, a directory, past the limit, unreadable) to the
// bytes and error that os.Open of the joined path, Stat and ReadSized give; and after Close, and
// for a directory that is not there, the same again.
func TestDirReadsAsOsOpen(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "maps")
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, size int, mode os.FileMode) {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), bytes.Repeat([]byte("d"), size), mode); err != nil {
			t.Fatal(err)
		}
	}
	write("small", 3, 0o600)
	write("limit", 8, 0o600)
	write("big", 9, 0o600)
	write("empty", 0, 0o600)
	write("locked", 4, 0o000)
	write("sub/in", 5, 0o600)
	if err := os.WriteFile(filepath.Join(root, "outside"), []byte("out"), 0o600); err != nil {
		t.Fatal(err)
	}
	names := []string{"small", "limit", "big", "empty", "locked", "sub/in", "sub", "none", "small/x", "../outside",
		"sub/../small", "./small", "small/", "sub//in", ".", filepath.Join(root, "outside"), ""}
	if os.Symlink(filepath.Join(dir, "small"), filepath.Join(dir, "link")) == nil {
		names = append(names, "link")
	}
	reference := func(dir, name string, limit int64) ([]byte, error) {
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		var size int64
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		b, err := ReadSized(f, size, limit)
		if err != nil && !errors.Is(err, ErrTooLarge) {
			return nil, err
		}
		return b, err
	}
	check := func(what string, d *Dir, dirPath string) {
		for _, name := range names {
			for _, limit := range []int64{0, 4, 8, MaxBadgeBytes} {
				got, gerr := d.ReadSized(name, limit)
				want, werr := reference(dirPath, name, limit)
				if !bytes.Equal(got, want) || fmt.Sprint(gerr) != fmt.Sprint(werr) ||
					errors.Is(gerr, ErrTooLarge) != errors.Is(werr, ErrTooLarge) || errors.Is(gerr, os.ErrNotExist) != errors.Is(werr, os.ErrNotExist) {
					t.Errorf("%s: %q, limit %d: Dir %q, %v; os.Open of the joined path %q, %v", what, name, limit, got, gerr, want, werr)
				}
			}
		}
	}
	d := NewDir(dir)
	check("open", d, dir)
	if runtime.GOOS == "linux" && d.fd < 0 {
		t.Error("a Dir that read more than dirAfter files did not open its directory: the test checked the joined paths only")
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	check("closed", d, dir)
	gone := filepath.Join(root, "gone")
	check("no directory", NewDir(gone), gone)
}

// TestDirsHoldNoDescriptorsOnceUnreachable: a program that makes Dir after Dir without closing
// them (each reading past dirAfter files, so each opens its directory) holds no more descriptors
// for them once they are unreachable; and a Dir that reads a few files opens none.
func TestDirsHoldNoDescriptorsOnceUnreachable(t *testing.T) {
	fds := func() int {
		es, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			t.Skip("no /proc/self/fd to count descriptors by")
		}
		return len(es)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	few := NewDir(dir)
	for range dirAfter {
		if _, err := few.ReadSized("a.json", 10); err != nil {
			t.Fatal(err)
		}
	}
	if few.fd >= 0 {
		t.Errorf("a Dir that read %d files opened its directory", dirAfter)
	}
	before := fds()
	for range 300 {
		d := NewDir(dir)
		for range dirAfter + 2 {
			if _, err := d.ReadSized("a.json", 10); err != nil {
				t.Fatal(err)
			}
		}
	}
	for range 3 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // cleanups run on their own goroutine
	}
	if after := fds(); after > before+10 {
		t.Errorf("300 unreachable Dirs left %d descriptors open (from %d to %d)", after-before, before, after)
	}
}

// countingReader counts the reads asked of it.
type countingReader struct {
	r     io.Reader
	reads int
}

func (c *countingReader) Read(p []byte) (int, error) { c.reads++; return c.r.Read(p) }

// TestReadFileSizedReadsTheStattedSize: a file of the statted size is read in one read (none more
// to see the end); one that grew after its stat is read as long as it was statted; one that shrank,
// to its end; a size past the limit, or none, is read as ReadSized reads it.
func TestReadFileSizedReadsTheStattedSize(t *testing.T) {
	for _, c := range []struct {
		text        string
		size, limit int64
		want        string
		reads       int
		tooLarge    bool
	}{
		{"abcd", 4, 10, "abcd", 1, false},
		{"abcdef", 4, 10, "abcd", 1, false},
		{"ab", 4, 10, "ab", 2, false},
		{"abcdefghijkl", 12, 10, "abcdefghijk", -1, true},
		{"abc", 0, 10, "abc", -1, false},
	} {
		r := &countingReader{r: strings.NewReader(c.text)}
		b, err := readFileSized(r, c.size, c.limit)
		if string(b) != c.want || errors.Is(err, ErrTooLarge) != c.tooLarge || (err != nil) != c.tooLarge {
			t.Errorf("%q statted at %d bytes, limit %d: %q, %v; want %q (too large: %v)", c.text, c.size, c.limit, b, err, c.want, c.tooLarge)
		}
		if c.reads > 0 && r.reads != c.reads {
			t.Errorf("%q statted at %d bytes: %d reads, want %d", c.text, c.size, r.reads, c.reads)
		}
	}
}
