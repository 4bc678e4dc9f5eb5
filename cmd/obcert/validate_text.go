package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges/verify"
)

// writeValidateText prints a verification result for people: verdict first, then each problem
// with its requirement IDs, the node it concerns and a hint on how to fix it.
func writeValidateText(w io.Writer, r *verify.Result, color bool) {
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return "\x1b[" + code + "m" + s + "\x1b[0m"
	}
	verdict := paint("1;32", "VALID")
	switch {
	case r.Revoked:
		verdict = paint("1;31", "REVOKED") + " (not valid)"
	case !r.Valid:
		verdict = paint("1;31", "INVALID")
	}
	fmt.Fprintf(w, "%s  %s\n", verdict, orDash(r.Subject))
	fmt.Fprintf(w, "  class %s, Open Badges %s, input %s", orDash(string(r.SubjectClass)), orDash(r.Version), orDash(r.InputType))
	if r.Signed != nil {
		fmt.Fprintf(w, ", signed %s", r.Signed.Algorithm)
	}
	fmt.Fprintf(w, "\n  %d error(s), %d warning(s)\n", r.Count(obcert.Error), r.Count(obcert.Warning))
	for k, v := range r.RecipientProfile {
		fmt.Fprintf(w, "  awarded to %s %s\n", k, v)
	}
	for _, sev := range []obcert.Severity{obcert.Error, obcert.Warning, obcert.Info} {
		for _, f := range r.Findings {
			if f.Severity != sev {
				continue
			}
			label := map[obcert.Severity]string{obcert.Error: paint("31", "ERROR"), obcert.Warning: paint("33", "WARN "), obcert.Info: "note "}[sev]
			fmt.Fprintf(w, "\n%s [%s] %s\n", label, strings.Join(f.Requirements, " "), f.Message)
			if f.Node != "" {
				where := f.Node
				if f.Property != "" {
					where += " ." + f.Property
				}
				fmt.Fprintf(w, "      node: %s\n", where)
			}
			if f.Hint != "" {
				fmt.Fprintf(w, "      fix:  %s\n", f.Hint)
			}
		}
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
