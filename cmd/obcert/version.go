package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// buildFacts are what `obcert version` prints: where the binary came from.
type buildFacts struct {
	Version, Module, Revision, Time, GoVersion string
	Modified                                   bool
}

// readBuildFacts reads the build's facts from Go's build info; the version set at link time
// (main.version) stands when the module has none (a local build says "(devel)").
func readBuildFacts() buildFacts {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return buildFacts{Version: version, GoVersion: runtime.Version()}
	}
	return factsOf(bi)
}

func factsOf(bi *debug.BuildInfo) buildFacts {
	f := buildFacts{Version: version, Module: bi.Main.Path, GoVersion: bi.GoVersion}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		f.Version = strings.TrimPrefix(v, "v")
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			f.Revision = s.Value
		case "vcs.time":
			f.Time = s.Value
		case "vcs.modified":
			f.Modified = s.Value == "true"
		}
	}
	return f
}

// String is the text of `obcert version` and `obcert --version`.
func (f buildFacts) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "obcert %s\n", f.Version)
	if f.Module != "" {
		fmt.Fprintf(&b, "module:   %s\n", f.Module)
	}
	rev := "unknown (not built from a VCS checkout)"
	if f.Revision != "" {
		rev = f.Revision
		if f.Modified {
			rev += " (modified: built with uncommitted changes)"
		}
		if f.Time != "" {
			rev += ", committed " + f.Time
		}
	}
	fmt.Fprintf(&b, "revision: %s\n", rev)
	fmt.Fprintf(&b, "go:       %s\n", f.GoVersion)
	return b.String()
}

// newVersionCmd is `obcert version`.
func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, VCS revision and Go version of this build",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprint(cmd.OutOrStdout(), readBuildFacts())
			return err
		},
	}
}
