//go:build linux

package limits

import (
	"os"
	"syscall"
)

func openDirFD(path string) (int, bool) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if err == nil {
			return fd, true
		}
		if err != syscall.EINTR {
			return -1, false
		}
	}
}

// readAtSized opens rel below the directory dirfd (joined is its whole path, for errors) and reads
// it as Dir.ReadSized does.
func readAtSized(dirfd int, rel, joined string, limit int64) ([]byte, error) {
	var fd int
	for {
		var err error
		fd, err = syscall.Openat(dirfd, rel, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err == nil {
			break
		}
		if err != syscall.EINTR {
			return nil, &os.PathError{Op: "open", Path: joined, Err: err}
		}
	}
	f := fdFile{fd: fd, path: joined}
	defer f.Close()
	return readOpenedSized(f, limit)
}

func closeFD(fd int) error { return syscall.Close(fd) }
