package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/obcert/obcert/fixtures"
)

func newFixturesCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "fixtures", Short: "The fixtures issuer: badges whose right display obcert knows"}
	cmd.AddCommand(newFixturesServeCmd())
	return cmd
}

// fixturesFlags are the flags of 'obcert fixtures serve'.
type fixturesFlags struct {
	format, addr, baseURL, caOut string
	tls                          bool
}

func newFixturesServeCmd() *cobra.Command {
	var fl fixturesFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the fixture badges and print each one's URL with what a displayer must show, until interrupted",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if fl.format != "table" && fl.format != "json" {
				return usageErr("unknown --format %q: use table or json", fl.format)
			}
			return serveFixtures(cmd, fl)
		},
	}
	cmd.Flags().StringVar(&fl.format, "format", "table", "output format: table or json")
	cmd.Flags().StringVar(&fl.addr, "addr", "127.0.0.1:0", "address the HTTP listener binds (loopback by default)")
	cmd.Flags().StringVar(&fl.baseURL, "base-url", "", "public base URL through which a remote displayer reaches the fixtures")
	cmd.Flags().BoolVar(&fl.tls, "tls", false, "write the fixtures under the HTTPS listener (its CA is in --ca-out)")
	cmd.Flags().StringVar(&fl.caOut, "ca-out", "", "write the HTTPS listener's CA certificate (PEM) to this file")
	return cmd
}

func serveFixtures(cmd *cobra.Command, fl fixturesFlags) error {
	ctx, stop := interruptible(cmd)
	defer stop()
	opts := []fixtures.Option{fixtures.WithAddr(fl.addr)}
	if fl.baseURL != "" {
		opts = append(opts, fixtures.WithBaseURL(fl.baseURL))
	}
	if fl.tls {
		opts = append(opts, fixtures.WithTLS())
	}
	iss, err := fixtures.Start(ctx, opts...)
	if err != nil {
		return err
	}
	defer iss.Close()
	if fl.caOut != "" {
		if err := os.WriteFile(fl.caOut, iss.CAPEM(), 0o644); err != nil {
			return fmt.Errorf("writing the CA certificate: %w", err)
		}
	}
	if err := writeFixtures(cmd.OutOrStdout(), fl.format, iss.Fixtures()); err != nil {
		return err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "serving the fixtures at %s (HTTPS at %s); interrupt to stop\n", iss.URL(), iss.TLSURL())
	<-ctx.Done()
	return nil
}

// writeFixtures lists each fixture with how it is given and what it must be shown as.
func writeFixtures(w io.Writer, format string, fs []fixtures.Fixture) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(fs)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FIXTURE\tSTATUS\tNAME\tISSUER\tISSUED ON\tBADGE")
	for _, f := range fs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", f.ID, f.Expected.Status, orDash(f.Expected.Name),
			orDash(f.Expected.IssuerName), orDash(f.Expected.IssuedOn), given(f.Badge))
	}
	return tw.Flush()
}

// given is how the badge is handed to a displayer, short enough for a table.
func given(b fixtures.Badge) string {
	switch b.Kind() {
	case "url":
		return b.URL
	case "image":
		return fmt.Sprintf("baked %s, %d bytes (--format json has it)", b.MediaType, len(b.Image))
	}
	return fmt.Sprintf("JWS, %d characters (--format json has it)", len(b.JWS))
}
