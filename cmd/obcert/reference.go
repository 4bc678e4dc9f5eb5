package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reference"
	"github.com/obcert/obcert/suites/displayer"
	"github.com/obcert/obcert/suites/host"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

// newReferenceCmd is `obcert reference`: the embedded reference candidate and its faults.
func newReferenceCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "reference",
		Short: "Serve the embedded reference Issuer, or list the faults it can be broken with",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newReferenceFaultsCmd(), newReferenceServeCmd(), newReferenceAnswersCmd())
	return cmd
}

// faultView is one fault as `obcert reference faults --format json` prints it.
type faultView struct {
	Name         string   `json:"name"`
	Role         string   `json:"role"`
	Requirements []string `json:"requirements"`
	Level        string   `json:"level"`
	Specs        []string `json:"specs"`
	Description  string   `json:"description"`
}

func newReferenceFaultsCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "faults",
		Short: "List the named faults of the reference candidate and the requirement each breaks",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch format {
			case "table":
				return writeFaultTable(cmd.OutOrStdout())
			case "json":
				return writeFaultJSON(cmd.OutOrStdout())
			}
			return usageErr("unknown --format %q: use table or json", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	return cmd
}

func writeFaultTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tLEVEL\tREQUIREMENTS\tSPECS\tDESCRIPTION")
	for _, f := range reference.Faults() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", f.Name, f.Level, strings.Join(f.Requirements, ","),
			strings.Join(f.Specs, ","), f.Description)
	}
	return tw.Flush()
}

func writeFaultJSON(w io.Writer) error {
	views := []faultView{}
	for _, f := range reference.Faults() {
		views = append(views, faultView{Name: f.Name, Role: string(f.Role), Requirements: f.Requirements,
			Level: string(f.Level), Specs: f.Specs, Description: f.Description})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(views)
}

// serveFlags are the flags of `obcert reference serve`.
type serveFlags struct {
	faults []string
	addr   string
	tlsCA  string // serve HTTPS and write the CA's certificate here
	// displayerMode is the displayer.mode of the candidate file printed (adapter or manual);
	// candidateOut the file it is written to instead of standard output.
	displayerMode, candidateOut string
	// hostMode is the host.mode of the candidate file printed (adapter or browser).
	hostMode string
	// connectPassword: the environment held the Badge Connect test account's password before
	// serving, so the process that runs against the reference can hold the same.
	connectPassword bool
}

func newReferenceServeCmd() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the reference Issuer on loopback and print its candidate file (YAML) until interrupted",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts, err := referenceOptions(f)
			if err != nil {
				return err
			}
			return serveReference(cmd, opts, f)
		},
	}
	cmd.Flags().StringArrayVar(&f.faults, "fault", nil, "break the reference with the named fault (repeatable; see 'obcert reference faults')")
	cmd.Flags().StringVar(&f.addr, "addr", "127.0.0.1:0", "loopback address to listen on")
	cmd.Flags().StringVar(&f.tlsCA, "tls-ca", "", "serve HTTPS, write the certificate of the reference's in-memory CA to this file and name it as tls.caFile")
	cmd.Flags().StringVar(&f.displayerMode, "displayer-mode", displayer.ModeAdapter, "displayer.mode of the candidate file: adapter, browser (the reference's HTML page), or manual (answer with 'obcert reference answers --role displayer')")
	cmd.Flags().StringVar(&f.hostMode, "host-mode", host.ModeAdapter, "host.mode of the candidate file: adapter, or browser (the reference host's HTML pages)")
	cmd.Flags().StringVar(&f.candidateOut, "candidate-out", "", "write the candidate file here instead of standard output")
	return cmd
}

func referenceOptions(f serveFlags) ([]reference.Option, error) {
	if !slices.Contains([]string{displayer.ModeAdapter, displayer.ModeBrowser, displayer.ModeManual}, f.displayerMode) {
		return nil, usageErr("--displayer-mode %q: use %s, %s or %s", f.displayerMode, displayer.ModeAdapter, displayer.ModeBrowser, displayer.ModeManual)
	}
	if f.hostMode != "" && f.hostMode != host.ModeAdapter && f.hostMode != host.ModeBrowser {
		return nil, usageErr("--host-mode %q: use %s or %s", f.hostMode, host.ModeAdapter, host.ModeBrowser)
	}
	opts := []reference.Option{reference.WithAddr(f.addr)}
	if f.tlsCA != "" {
		opts = append(opts, reference.WithTLS())
	}
	for _, name := range f.faults {
		fault, ok := reference.LookupFault(name)
		if !ok {
			return nil, usageErr("unknown fault %q: 'obcert reference faults' lists them", name)
		}
		opts = append(opts, reference.WithFault(fault))
	}
	return opts, nil
}

func serveReference(cmd *cobra.Command, opts []reference.Option, f serveFlags) error {
	ctx, stop := interruptible(cmd)
	defer stop()
	_, f.connectPassword = os.LookupEnv(reference.ConnectPasswordEnv)
	s, err := reference.Start(opts...)
	if err != nil {
		return usageErr("%v", err)
	}
	defer s.Close()
	if err := writeCandidateOut(cmd.OutOrStdout(), s, f); err != nil {
		return err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "serving the reference issuer at %s; interrupt to stop\n", s.URL())
	<-ctx.Done()
	return s.Close()
}

// writeCandidateOut writes the candidate file of s for the displayer mode f names, to
// f.candidateOut or else w.
func writeCandidateOut(w io.Writer, s *reference.Server, f serveFlags) error {
	cf := s.CandidateFile()
	if cf.Displayer != nil && f.displayerMode != displayer.ModeAdapter {
		d := *cf.Displayer
		d.Mode, d.Adapter = f.displayerMode, ""
		if f.displayerMode == displayer.ModeBrowser {
			b := s.BrowserDisplayer()
			d.Browser = &b
		}
		cf.Displayer = &d
	}
	if cf.Host != nil && f.hostMode == host.ModeBrowser {
		h, b := *cf.Host, s.BrowserHost()
		h.Mode, h.Adapter, h.Browser = host.ModeBrowser, "", &b
		cf.Host = &h
	}
	cf = servedConnect(cf, f)
	if f.candidateOut == "" {
		return writeCandidateYAML(w, cf, s, f.tlsCA)
	}
	out, err := os.Create(f.candidateOut)
	if err != nil {
		return usageErr("--candidate-out: %v", err)
	}
	if err := writeCandidateYAML(out, cf, s, f.tlsCA); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}

// servedConnect keeps connect.provider in the candidate file of a reference served to another
// process only when that process can pass its login: it trusts the provider's certificate (--tls-ca
// names the CA that issues it) and knows the test account's password (ConnectPasswordEnv set
// before serving, so that both processes share it). Otherwise the section is left out.
func servedConnect(cf obcert.CandidateFile, f serveFlags) obcert.CandidateFile {
	if cf.Connect == nil || cf.Connect.Provider == nil || (f.tlsCA != "" && f.connectPassword) {
		return cf
	}
	c := *cf.Connect
	c.Provider = nil
	cf.Connect = &c
	if c.Consumer == nil {
		cf.Connect = nil
	}
	return cf
}

// writeCandidateYAML prints cf as YAML, after writing the certificate of the CA of s to tlsCA
// when it serves HTTPS.
func writeCandidateYAML(w io.Writer, cf obcert.CandidateFile, s *reference.Server, tlsCA string) error {
	if tlsCA != "" {
		abs, err := filepath.Abs(tlsCA)
		if err != nil {
			return usageErr("--tls-ca %q: %v", tlsCA, err)
		}
		if err := os.WriteFile(abs, s.CACertPEM(), 0o644); err != nil {
			return fmt.Errorf("writing the reference's CA certificate: %w", err)
		}
		cf.TLS.CAFile = abs
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(cf); err != nil {
		return fmt.Errorf("writing the candidate file: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("writing the candidate file: %w", err)
	}
	return nil
}
