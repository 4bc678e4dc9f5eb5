// Command genreq regenerates requirements.json, the embedded requirement catalogue,
// from the Markdown catalogue (spec/REQUIREMENTS.md).
//
//	go run ./internal/tools/genreq ../shared/spec/REQUIREMENTS.md > requirements.json
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/obcert/obcert"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: genreq REQUIREMENTS.md > requirements.json")
		os.Exit(2)
	}
	md, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	reqs, err := obcert.ParseRequirementsMarkdown(md)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(reqs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
