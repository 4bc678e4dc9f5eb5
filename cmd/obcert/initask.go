package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// askInit asks on the terminal for what the flags left out: the product, the recipient and the
// badges. An empty answer keeps the flag's value; the badges are asked one a line until an empty
// line.
func askInit(in io.Reader, out io.Writer, f *initFlags) error {
	sc := bufio.NewScanner(in)
	ask := func(question, def string) string {
		if def != "" {
			fmt.Fprintf(out, "%s [%s]: ", question, def)
		} else {
			fmt.Fprintf(out, "%s: ", question)
		}
		if !sc.Scan() {
			return def
		}
		if a := strings.TrimSpace(sc.Text()); a != "" {
			return a
		}
		return def
	}
	f.name = ask("Product name", f.name)
	f.version = ask("Product version", f.version)
	f.vendor = ask("Vendor", f.vendor)
	f.recipient = ask("Recipient the badges were issued to", f.recipient)
	fmt.Fprintln(out, "Badge URLs the product issued to the recipient (hosted Assertions or baked images), one a line; an empty line ends:")
	for {
		u := ask("  badge URL", "")
		if u == "" {
			break
		}
		f.urls = append(f.urls, u)
	}
	if err := sc.Err(); err != nil {
		return usageErr("reading the answers: %v", err)
	}
	return nil
}
