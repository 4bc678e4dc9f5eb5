package main

import (
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/obcert/obcert/bundle"
	"github.com/obcert/obcert/runner"
)

// candidateInputs lists the local files a candidate file names, relative to it: the values of
// every field called "file" or ending in "File" (issuer.badges[].file, tls.caFile, ...). A
// bundle carries them beside its candidate file, so a replay finds them where the run did.
func candidateInputs(raw []byte) []string {
	var root yaml.Node
	if yaml.Unmarshal(raw, &root) != nil {
		return nil
	}
	var out []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for i, c := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 1 && c.Kind == yaml.ScalarNode && isFileKey(n.Content[i-1].Value) && c.Value != "" {
				out = append(out, c.Value)
			}
			walk(c)
		}
	}
	walk(&root)
	return out
}

func isFileKey(k string) bool {
	return k == "file" || k == "badgesFrom" || strings.HasSuffix(k, "File")
}

// bundledInput is the name an input file takes in the report folder and the bundle, or an error
// saying why it cannot be carried (absolute, outside the candidate's folder, a report's name).
func bundledInput(ref string) (string, error) {
	name := path.Clean(filepath.ToSlash(ref))
	if err := bundle.CheckName(name); err != nil {
		return "", err
	}
	reserved := append(append(outputNames(), runner.GinkgoLog, bundle.ManifestFile, bundle.AttestationFile), bundle.CandidateNames...)
	if slices.Contains(reserved, name) {
		return "", fmt.Errorf("%q is the name of a report file", name)
	}
	return name, nil
}

// copyInputs copies the files the candidate file at candidate names into dir, at the same
// relative paths; what cannot be carried is said on stderr.
func copyInputs(dir, candidate string, raw []byte, stderr io.Writer) {
	for _, ref := range candidateInputs(raw) {
		name, err := bundledInput(ref)
		if err == nil {
			err = copyFile(resolveFrom(filepath.Dir(candidate), ref), filepath.Join(dir, filepath.FromSlash(name)))
		}
		if err != nil {
			fmt.Fprintf(stderr, "obcert: the candidate's file %s is not kept with the report (a replay will miss it): %v\n", ref, err)
		}
	}
}

func resolveFrom(dir, ref string) string {
	if filepath.IsAbs(ref) {
		return ref
	}
	return filepath.Join(dir, ref)
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}
