//go:build unix

package limits

import (
	"io"
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
	fd, err := openFD(path)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), path), nil
}

func openFD(path string) (int, error) { return openFDFlags(path, 0) }

func openFDFlags(path string, flags int) (int, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|flags, 0)
		if err == nil {
			return fd, nil
		}
		if err != syscall.EINTR {
			return -1, &os.PathError{Op: "open", Path: path, Err: err}
		}
	}
}

// fdFile is a file ReadFile reads with the system calls themselves (open, fstat, read, close),
// without an os.File: its errors are the ones an os.File gives.
type fdFile struct {
	fd   int
	path string
}

func openFile(path string) (fdFile, error) {
	fd, err := openFD(path)
	return fdFile{fd: fd, path: path}, err
}

// stat reports the file's size and whether it is a regular file.
func (f fdFile) stat() (int64, bool, error) {
	var st syscall.Stat_t
	for {
		err := syscall.Fstat(f.fd, &st)
		if err == nil {
			return st.Size, st.Mode&syscall.S_IFMT == syscall.S_IFREG, nil
		}
		if err != syscall.EINTR {
			return 0, false, &os.PathError{Op: "stat", Path: f.path, Err: err}
		}
	}
}

// maxRead caps one read(2), as os.File does: some systems refuse reads of 2 GiB or more.
const maxRead = 1 << 30

func (f fdFile) Read(p []byte) (int, error) {
	if len(p) > maxRead {
		p = p[:maxRead]
	}
	for {
		n, err := syscall.Read(f.fd, p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &os.PathError{Op: "read", Path: f.path, Err: err}
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f fdFile) Close() error { return syscall.Close(f.fd) }

// ReadRegular reads the file at path when it is a regular file, as ReadFile does, for a path that
// may name anything: it opens it without waiting (O_NONBLOCK: a named pipe or a device does not
// block the open; O_NOCTTY: a terminal does not become the process's) and looks at what it opened
// before reading anything. opened false (with the open's error) means nothing was opened; regular
// false means something other than a regular file was, and nothing was read.
func ReadRegular(path string, limit int64) (b []byte, opened, regular bool, err error) {
	fd, err := openFDFlags(path, syscall.O_NONBLOCK|syscall.O_NOCTTY)
	if err != nil {
		return nil, false, false, err
	}
	f := fdFile{fd: fd, path: path}
	defer f.Close()
	size, regular, err := f.stat()
	if err != nil || !regular {
		return nil, true, false, err
	}
	b, err = readRegularSized(f, path, size, limit)
	return b, true, true, err
}
