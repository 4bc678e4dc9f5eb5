//go:build !unix

package limits

import "os"

// Open opens the file at path for reading: os.Open, here.
func Open(path string) (*os.File, error) { return os.Open(path) }
