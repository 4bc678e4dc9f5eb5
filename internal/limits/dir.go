package limits

import (
	"errors"
	"path/filepath"
	"strings"
	"sync"
)

// Dir reads files named relative to one directory, such as the files an offline map names. On
// linux it opens each through a descriptor of the directory (openat), so that the kernel walks only
// the name below the directory rather than the whole path every time, and reads it with the system
// calls themselves, without an os.File. Elsewhere, and for a name that is absolute or climbs out of
// the directory (".."), whose lexical and physical resolutions could differ, it opens the joined
// path (as for an empty name). Its errors are those of os.Open on the joined path and an os.File's Stat and Read.
//
// A Dir is safe for concurrent use. It holds the directory open from its first read on; Close
// lets it go.
type Dir struct {
	path string

	once sync.Once
	fd   int // the directory's descriptor, or -1 when it is not used
	mu   sync.RWMutex
}

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
	// Without "..", cleaning (what Join does) drops only "." elements and extra slashes, which the
	// kernel's walk of the name below the directory skips as well.
	rel = filepath.Clean(rel)
	d.once.Do(d.open)
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.fd < 0 {
		return readPathSized(joined, limit)
	}
	return readAtSized(d.fd, rel, joined, limit)
}

// Close closes the directory's descriptor, if one is open; later reads open the joined paths.
func (d *Dir) Close() error {
	d.once.Do(func() {})
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.fd < 0 {
		return nil
	}
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
	var size int64
	if s, _, err := f.stat(); err == nil {
		size = s
	}
	b, err := ReadSized(f, size, limit)
	if err != nil && !errors.Is(err, ErrTooLarge) {
		return nil, err
	}
	return b, err
}
