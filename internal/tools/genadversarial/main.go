// Command genadversarial writes obcert's own adversarial corpus: hand-made badges, each with its
// documents, a URL → file mocks.json and a scenario.json naming the expected verdict and the spec
// clause behind it. The keys live as PEM files in the corpus (keys/), so regenerating does not
// change every signature; RSA PKCS#1 v1.5 signatures are deterministic, and a randomized (PSS,
// ECDSA) JWS already on disk is kept when its signing input has not changed.
//
//	go run ./internal/tools/genadversarial [-out cmd/obcert/testdata/adversarial]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	out := flag.String("out", filepath.FromSlash("cmd/obcert/testdata/adversarial"), "corpus folder")
	flag.Parse()
	if err := generate(*out); err != nil {
		fmt.Fprintln(os.Stderr, "genadversarial:", err)
		os.Exit(1)
	}
}

func generate(out string) error {
	keys, err := loadKeys(filepath.Join(out, "keys"))
	if err != nil {
		return err
	}
	w := &world{keys: keys}
	cases := allCases(w)
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			return fmt.Errorf("case %s defined twice", c.name)
		}
		seen[c.name] = true
		if err := c.write(filepath.Join(out, c.name)); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
	}
	// Remove case folders no longer generated.
	dirs, _ := filepath.Glob(filepath.Join(out, "[0-9][0-9]-*"))
	for _, d := range dirs {
		if !seen[filepath.Base(d)] {
			if err := os.RemoveAll(d); err != nil {
				return err
			}
		}
	}
	fmt.Printf("wrote %d cases to %s\n", len(cases), out)
	return nil
}
