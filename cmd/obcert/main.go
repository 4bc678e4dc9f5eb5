// Command obcert is the Open Badges 2.0 conformance certification harness.
package main

import (
	"os"

	"github.com/obcert/obcert/internal/httpx"
)

func main() {
	httpx.Version = version // the User-Agent and HAR creator name this build
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
