package bundle

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"slices"
	"strings"
)

// The files a bundle always names.
const (
	ManifestFile    = "manifest.json"
	AttestationFile = "attestation.dsse.json"
	ReportFile      = "report.json"
	HARFile         = "exchanges.har"
	manifestVersion = "1"
)

// Manifest lists every file of a bundle but itself and the attestation, with its digest.
type Manifest struct {
	Version string       `json:"manifestVersion"`
	Files   []FileDigest `json:"files"`
}

// FileDigest is one file of a bundle: its name, SHA-256 in hex, and size in bytes.
type FileDigest struct {
	Name   string `json:"name"`
	Sha256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// File is one file to pack: its name in the bundle (slash-separated, relative) and its bytes.
type File struct {
	Name string
	Data []byte
}

func digestOf(f File) FileDigest {
	return FileDigest{Name: f.Name, Sha256: sha256Hex(f.Data), Size: int64(len(f.Data))}
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// CheckName refuses a name that may not be a file of a bundle.
func CheckName(name string) error {
	if why := nameProblem(name); why != "" {
		return fmt.Errorf("the file name %q %s", name, why)
	}
	return nil
}

// nameProblem reports why name may not be a file of a bundle, or "" when it may: a relative,
// clean, slash-separated path that stays inside the folder it is extracted to.
func nameProblem(name string) string {
	switch {
	case name == "" || name == ".":
		return "is empty"
	case strings.ContainsAny(name, "\\\x00") || strings.ContainsRune(name, ':'):
		return "holds a backslash, a colon or a NUL"
	case path.IsAbs(name):
		return "is absolute"
	case path.Clean(name) != name:
		return "is not a clean path"
	case name == ".." || strings.HasPrefix(name, "../"):
		return "leaves the bundle's folder"
	}
	return ""
}

// CandidateNames are the names a bundle's candidate file may have, at its top, in the order
// they are looked for.
var CandidateNames = []string{"candidate.yaml", "candidate.yml", "candidate.json"}

// IsCandidateFile reports whether name is the candidate file of a bundle.
func IsCandidateFile(name string) bool { return slices.Contains(CandidateNames, name) }
