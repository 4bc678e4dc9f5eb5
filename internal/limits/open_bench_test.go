package limits

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkReadFile: ReadFile of a badge-sized file (620 bytes), the per-badge read of a batch.
func BenchmarkReadFile(b *testing.B) {
	path := filepath.Join(b.TempDir(), "badge.json")
	if err := os.WriteFile(path, make([]byte, 620), 0o600); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if data, err := ReadFile(path, MaxBadgeBytes); err != nil || len(data) != 620 {
			b.Fatal(err)
		}
	}
}

// BenchmarkOsReadFile is the standard library's os.ReadFile of the same file, for comparison.
func BenchmarkOsReadFile(b *testing.B) {
	path := filepath.Join(b.TempDir(), "badge.json")
	if err := os.WriteFile(path, make([]byte, 620), 0o600); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if data, err := os.ReadFile(path); err != nil || len(data) != 620 {
			b.Fatal(err)
		}
	}
}
