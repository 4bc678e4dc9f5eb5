//go:build !unix

package limits

import "os"

// Open opens the file at path for reading: os.Open, here.
func Open(path string) (*os.File, error) { return os.Open(path) }

// osFile is the file ReadFile reads: an os.File, here.
type osFile struct{ *os.File }

func openFile(path string) (osFile, error) {
	f, err := os.Open(path)
	return osFile{f}, err
}

// stat reports the file's size and whether it is a regular file.
func (f osFile) stat() (int64, bool, error) {
	st, err := f.Stat()
	if err != nil {
		return 0, false, err
	}
	return st.Size(), st.Mode().IsRegular(), nil
}
