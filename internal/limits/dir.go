package limits

import (
	"errors"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// Dir reads files named relative to one directory, such as the files an offline map names. On
// linux, once it has read dirAfter files (a batch, not a single badge), it opens each further one
// through a descriptor of the directory (openat), so that the kernel walks only the name below the
// directory rather than the whole path every time, and reads it with the system calls themselves,
// without an os.File. Before that, elsewhere, and for a name that is empty, absolute or climbs out
// of the directory (".."), whose lexical and physical resolutions could differ, it opens the joined
// path. Its errors are those of os.Open on the joined path and an os.File's Stat and Read.
//
// A Dir is safe for concurrent use. The directory's descriptor, once open, is closed by Close, or
// when the Dir is no longer reachable: a program that makes many Dirs holds no more descriptors
// than it has Dirs in use.
type Dir struct {
	path  string
	reads atomic.Int64
	tried atomic.Bool // the directory was opened, or will not be

	mu      sync.RWMutex // held for reading while a read uses fd
	fd      int          // the directory's descriptor, or -1
	cleanup runtime.Cleanup
}

// dirAfter is how many files a Dir reads by their joined paths before it opens the directory.
const dirAfter = 16

// NewDir returns a Dir for the directory at path; nothing is opened before the first read.
func NewDir(path string) *Dir { return &Dir{path: path, fd: -1} }

// ReadSized reads the file name (slash-separated, relative to the directory) as ReadSized reads
// an io.Reader: at most limit+1 bytes, with an error wrapping ErrTooLarge past limit. The size
// fstat(2) reports sizes its buffer; a file that cannot be statted is read to the limit.
func (d *Dir) ReadSized(name string, limit int64) ([]byte, error) {
	rel := filepath.FromSlash(name)
	joined := filepath.Join(d.path, rel)
	if rel == "" || filepath.IsAbs(rel) || climbs(rel) {
		return readPathSized(joined, limit)
	}
	if d.reads.Add(1) > dirAfter && !d.tried.Load() {
		d.openDir()
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.fd < 0 {
		return readPathSized(joined, limit)
	}
	// Without "..", cleaning (what Join does) drops only "." elements and extra slashes, which the
	// kernel's walk of the name below the directory skips as well.
	return readAtSized(d.fd, filepath.Clean(rel), joined, limit)
}

// openDir opens the directory, once; if it cannot, every read opens its joined path (and says
// what is wrong with it).
func (d *Dir) openDir() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.tried.Load() {
		return
	}
	d.tried.Store(true)
	if fd, ok := openDirFD(d.path); ok {
		d.fd = fd
		d.cleanup = runtime.AddCleanup(d, func(fd int) { _ = closeFD(fd) }, fd)
	}
}

// Close closes the directory's descriptor, if one is open; later reads open the joined paths.
func (d *Dir) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.tried.Store(true)
	if d.fd < 0 {
		return nil
	}
	d.cleanup.Stop()
	err := closeFD(d.fd)
	d.fd = -1
	return err
}

// climbs reports a relative name with a ".." element.
func climbs(rel string) bool {
	for _, e := range strings.Split(filepath.ToSlash(rel), "/") {
		if e == ".." {
			return true
		}
	}
	return false
}

// readPathSized opens path and reads it as Dir.ReadSized does.
func readPathSized(path string, limit int64) ([]byte, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readOpenedSized(f, limit)
}

// statReader is a file opened for reading that can say its size.
type statReader interface {
	io.Reader
	stat() (size int64, regular bool, err error)
}

// readOpenedSized reads an opened file as Dir.ReadSized does: sized by its stat, or to the limit
// when it cannot be statted.
func readOpenedSized(f statReader, limit int64) ([]byte, error) {
	var size int64
	if s, _, err := f.stat(); err == nil {
		size = s
	}
	b, err := readFileSized(f, size, limit)
	if err != nil && !errors.Is(err, ErrTooLarge) {
		return nil, err
	}
	return b, err
}
