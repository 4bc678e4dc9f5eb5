package bundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Limits caps what Read accepts, so a hostile bundle (a tar bomb) is refused before it costs
// much.
type Limits struct {
	MaxEntries    int   // tar entries
	MaxFileBytes  int64 // one file
	MaxTotalBytes int64 // every file together, uncompressed
}

// DefaultLimits are the caps Open uses.
var DefaultLimits = Limits{MaxEntries: 4096, MaxFileBytes: 128 << 20, MaxTotalBytes: 512 << 20}

// Bundle is a bundle read into memory: its files in tar order, and its manifest.
type Bundle struct {
	Names    []string
	Files    map[string][]byte
	Manifest Manifest
}

// Open reads the bundle at path with DefaultLimits.
func Open(path string) (*Bundle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening the bundle: %w", err)
	}
	defer f.Close()
	b, err := Read(f, DefaultLimits)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// Read reads a bundle. It refuses, with an error naming the entry: a name that is not a clean
// relative path (absolute, "..", backslashes), a link or any entry that is not a regular file
// or a folder, a name given twice, more entries or bytes than lim allows, a truncated archive,
// and a manifest that is missing, unreadable or names a file the bundle does not hold.
func Read(r io.Reader, lim Limits) (*Bundle, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("not a gzip file: %w", err)
	}
	b := &Bundle{Files: map[string][]byte{}}
	if err := b.readTar(tar.NewReader(zr), lim); err != nil {
		return nil, err
	}
	if err := b.readManifest(); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *Bundle) readTar(tr *tar.Reader, lim Limits) error {
	var total int64
	for entries := 0; ; entries++ {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("the archive is truncated or corrupt: %w", err)
		}
		if entries >= lim.MaxEntries {
			return fmt.Errorf("more than %d entries: refused", lim.MaxEntries)
		}
		name := strings.TrimSuffix(hdr.Name, "/")
		if why := nameProblem(name); why != "" {
			return fmt.Errorf("entry %q: the name %s: refused", hdr.Name, why)
		}
		switch hdr.Typeflag {
		case tar.TypeDir:
			continue
		case tar.TypeReg:
		default:
			return fmt.Errorf("entry %q is a link or a special file (type %q), not a regular file: refused", hdr.Name, hdr.Typeflag)
		}
		if _, dup := b.Files[name]; dup {
			return fmt.Errorf("entry %q appears twice: refused", name)
		}
		data, err := readCapped(tr, min(lim.MaxFileBytes, lim.MaxTotalBytes-total))
		if err != nil {
			return fmt.Errorf("entry %q: %w", name, err)
		}
		total += int64(len(data))
		b.Names = append(b.Names, name)
		b.Files[name] = data
	}
}

// readCapped reads r, refusing more than limit bytes whatever the header claimed.
func readCapped(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("the archive is truncated or corrupt: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("larger than the %d bytes a bundle file or the whole bundle may hold: refused", limit)
	}
	return data, nil
}

func (b *Bundle) readManifest() error {
	raw, ok := b.Files[ManifestFile]
	if !ok {
		return fmt.Errorf("no %s: not an obcert bundle", ManifestFile)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b.Manifest); err != nil {
		return fmt.Errorf("%s is unreadable: %w", ManifestFile, err)
	}
	if b.Manifest.Version != manifestVersion {
		return fmt.Errorf("%s: manifestVersion %q is not %q", ManifestFile, b.Manifest.Version, manifestVersion)
	}
	for _, f := range b.Manifest.Files {
		if why := nameProblem(f.Name); why != "" {
			return fmt.Errorf("%s names %q, whose name %s: refused", ManifestFile, f.Name, why)
		}
		if _, ok := b.Files[f.Name]; !ok {
			return fmt.Errorf("%s names %s, which the bundle does not hold", ManifestFile, f.Name)
		}
	}
	return nil
}

// Extract writes every file of b under dir, creating it. Names were checked by Read; each path
// is checked again to lie under dir before anything is written.
func (b *Bundle) Extract(dir string) error {
	root, err := os.OpenRoot(mkdir(dir))
	if err != nil {
		return fmt.Errorf("extracting the bundle: %w", err)
	}
	defer root.Close()
	for _, name := range b.Names {
		if why := nameProblem(name); why != "" {
			return fmt.Errorf("extracting the bundle: %q %s", name, why)
		}
		if d := filepath.Dir(filepath.FromSlash(name)); d != "." {
			if err := root.MkdirAll(d, 0o755); err != nil {
				return fmt.Errorf("extracting %s: %w", name, err)
			}
		}
		if err := root.WriteFile(filepath.FromSlash(name), b.Files[name], 0o644); err != nil {
			return fmt.Errorf("extracting %s: %w", name, err)
		}
	}
	return nil
}

func mkdir(dir string) string {
	_ = os.MkdirAll(dir, 0o755) // OpenRoot reports a folder that could not be made
	return dir
}
