// Command obcert is the Open Badges 2.0 conformance certification harness.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
