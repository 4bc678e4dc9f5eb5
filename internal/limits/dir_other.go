//go:build !linux

package limits

func openDirFD(string) (int, bool) { return -1, false } // no descriptor: every read opens its joined path

func readAtSized(_ int, _, joined string, limit int64) ([]byte, error) {
	return readPathSized(joined, limit)
}

func closeFD(int) error { return nil }
