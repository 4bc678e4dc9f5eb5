package main

import (
	"io"
	"os"

	"github.com/spf13/cobra"
)

// isTerminal reports whether v, a reader or a writer, is a character device (a terminal).
func isTerminal(v any) bool {
	if w, ok := v.(io.Writer); ok {
		v = unwrapWriter(w)
	}
	f, ok := v.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// useColor reports whether to colour output written to w when --color is auto: a terminal that
// is not dumb, and NO_COLOR empty or unset (https://no-color.org: only a non-empty value counts).
func useColor(w io.Writer) bool { return autoColor(isTerminal(w), os.Getenv) }

func autoColor(terminal bool, getenv func(string) string) bool {
	return terminal && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

// Output flags every command inherits from the root.
const (
	colorFlag   = "color"
	quietFlag   = "quiet"
	verboseFlag = "verbose"
)

func addOutputFlags(root *cobra.Command) {
	fl := root.PersistentFlags()
	fl.String(colorFlag, "auto", "colour the output: auto (on a terminal, unless NO_COLOR is set and not empty), always or never")
	fl.BoolP(quietFlag, "q", false, "print nothing but errors: the exit status says the verdict")
	fl.BoolP(verboseFlag, "v", false, "print more: every line of each message, and every result with what it checked")
}

// checkOutputFlags refuses a --color value other than auto, always and never, and -q with -v.
func checkOutputFlags(cmd *cobra.Command) error {
	if quiet(cmd) && verbose(cmd) {
		return usageErr("-q/--quiet and -v/--verbose contradict each other: give one")
	}
	switch mode, _ := cmd.Flags().GetString(colorFlag); mode {
	case "auto", "always", "never":
		return nil
	default:
		return usageErr("--color must be auto, always or never, not %q", mode)
	}
}

// colorFor reports whether cmd colours what it writes to w, as --color says.
func colorFor(cmd *cobra.Command, w io.Writer) bool {
	switch mode, _ := cmd.Flags().GetString(colorFlag); mode {
	case "always":
		return true
	case "never":
		return false
	}
	return useColor(w)
}

// quiet reports whether -q/--quiet was given.
func quiet(cmd *cobra.Command) bool {
	q, _ := cmd.Flags().GetBool(quietFlag)
	return q
}

// verbose reports whether -v/--verbose was given.
func verbose(cmd *cobra.Command) bool {
	v, _ := cmd.Flags().GetBool(verboseFlag)
	return v
}
