package limits

import (
	"errors"
	"fmt"
	"io"
	"strconv"
)

// MaxBadgeBytes is the largest badge the harness reads: a badge file beside the candidate file,
// a baked image, a badge on standard input.
const MaxBadgeBytes = 16 << 20

// ErrTooLarge matches the error of a read that found more than its limit.
var ErrTooLarge = errors.New("larger than the limit")

// TooLargeError is the error of a read that found more than Limit bytes. It matches ErrTooLarge.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string        { return "larger than " + Size(e.Limit) }
func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// ReadAll reads r to its end, failing with a TooLargeError as soon as more than limit bytes
// arrive. On error it returns what it read: past the limit, limit+1 bytes, so that a record
// shows the limit was passed.
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return b, err
	}
	if int64(len(b)) > limit {
		return b, &TooLargeError{Limit: limit}
	}
	return b, nil
}

// ReadSized is ReadAll for a reader whose size is probably size (a file's, from its Stat): it
// reads into one buffer of that size (plus one byte, to see the end) instead of growing one from
// 512 bytes. What it returns, and when it fails, is what ReadAll returns: the size is only a hint.
func ReadSized(r io.Reader, size, limit int64) ([]byte, error) {
	if size <= 0 || size > limit {
		return ReadAll(r, limit)
	}
	lr := io.LimitReader(r, limit+1)
	b := make([]byte, 0, size+1)
	for {
		n, err := lr.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // the file grew: let append pick more room
		}
	}
	if int64(len(b)) > limit {
		return b, &TooLargeError{Limit: limit}
	}
	return b, nil
}

// readFileSized reads a regular file whose size fstat(2) reported as size, at most limit+1 bytes:
// ReadSized, except that a read that fills the size ends it (no read more to see the end, one
// system call fewer): a file that grows while it is read is read as long as it was when statted;
// one that shrank is read to its end.
func readFileSized(r io.Reader, size, limit int64) ([]byte, error) {
	if size <= 0 || size > limit {
		return ReadSized(r, size, limit)
	}
	b := make([]byte, size)
	n, err := io.ReadFull(r, b)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	return b[:n], err
}

// ReadFile reads the regular file at path, of at most limit bytes. On unix it reads it with the
// system calls themselves (open, fstat, read, close), without an os.File or the runtime poller;
// its errors are those of os.Open and an os.File's Stat and Read.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size, regular, err := f.stat()
	if err != nil {
		return nil, err
	}
	if !regular {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	return readRegularSized(f, path, size, limit)
}

// readRegularSized reads the regular file f at path, of the size fstat reported, as ReadFile does.
func readRegularSized(f io.Reader, path string, size, limit int64) ([]byte, error) {
	b, err := readFileSized(f, size, limit)
	if errors.Is(err, ErrTooLarge) {
		return nil, fmt.Errorf("%s is %w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return b, nil
}

// Size writes a limit for a message: "16 MiB", or "1000 bytes" when it is no whole number of MiB.
func Size(n int64) string {
	if n > 0 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
