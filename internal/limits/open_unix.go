//go:build unix

package limits

import (
	"os"
	"syscall"
)

// Open opens the file at path for reading, as os.Open does, with the same errors. On unix it
// opens it with open(2) and hands the descriptor to os.NewFile, so that the runtime does not first
// offer it to its poller: a regular file cannot be polled, and os.Open pays for the attempt (a
// failed epoll_ctl and the flags set and reset around it) on every file it opens.
//
// A file so opened reads and closes as any other; reads block their thread, as reads of a
// regular file always do.
func Open(path string) (*os.File, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err == nil {
			return os.NewFile(uintptr(fd), path), nil
		}
		if err != syscall.EINTR {
			return nil, &os.PathError{Op: "open", Path: path, Err: err}
		}
	}
}
