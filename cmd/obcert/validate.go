package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/obcert/obcert/internal/badgefetch"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/openbadges/verify"
)

type validateFlags struct {
	recipient  string
	offlineMap string
	now        string
	format     string
	timeout    time.Duration
}

func newValidateCmd() *cobra.Command {
	var f validateFlags
	cmd := &cobra.Command{
		Use:   "validate [flags] INPUT",
		Short: "Validate and verify one badge (URL, JSON, JWS, or baked PNG/SVG file; - reads stdin)",
		Long: `Validate and verify one Open Badges badge, as the IMS reference validator does, naming the
requirement behind every message. INPUT is an http(s) URL, a file (baked PNG or SVG, JSON, or a
compact JWS), "-" for standard input, or the JSON or JWS text itself.

Exit status: 0 valid, 1 invalid (or revoked), 2 usage error.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErr("validate takes exactly one INPUT (got %d); see obcert validate --help", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runValidate(cmd, f, args[0])
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.recipient, "recipient", "", `expected recipient: an email, URL or telephone, or a JSON profile such as '{"email":"nobody@example.org"}'`)
	fl.StringVar(&f.offlineMap, "offline-map", "", "answer every URL from this JSON map of URL → file (mocks.json format); any other URL fails")
	fl.StringVar(&f.now, "now", "", "pin the clock for issuedOn/expires checks (RFC 3339, e.g. 2024-01-01T00:00:00Z)")
	fl.StringVar(&f.format, "format", "", "output format: text or json (default text on a terminal, json otherwise)")
	fl.DurationVar(&f.timeout, "timeout", 60*time.Second, "give up the whole validation after this long")
	return cmd
}

func runValidate(cmd *cobra.Command, f validateFlags, arg string) error {
	out := cmd.OutOrStdout()
	format := f.format
	if format == "" {
		format = "json"
		if isTerminal(out) {
			format = "text"
		}
	}
	if format != "text" && format != "json" {
		return usageErr("--format must be text or json, not %q", format)
	}
	opts, err := validateOptions(f)
	if err != nil {
		return err
	}
	in, err := readInput(cmd.InOrStdin(), arg)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), f.timeout)
	defer cancel()
	res, err := verify.New(opts...).Verify(ctx, in)
	if err != nil && errors.Is(err, context.DeadlineExceeded) {
		fmt.Fprintf(cmd.ErrOrStderr(), "obcert: validation stopped after %s; the result is incomplete\n", f.timeout)
	}
	if format == "json" {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res.ValidatorReport()); err != nil {
			return err
		}
	} else {
		writeValidateText(out, res, colorFor(cmd, out))
	}
	if !res.Valid {
		return &exitError{code: 1, err: errors.New("")}
	}
	return nil
}

func validateOptions(f validateFlags) ([]verify.Option, error) {
	var opts []verify.Option
	var clientOpts []httpx.Option
	if f.offlineMap != "" {
		m, err := httpx.LoadOfflineMap(f.offlineMap)
		if err != nil {
			return nil, usageErr("--offline-map: %v", err)
		}
		clientOpts = append(clientOpts, httpx.WithTransport(m))
	}
	opts = append(opts, verify.WithFetcher(badgefetch.Fetcher{Client: httpx.New(clientOpts...)}))
	if f.recipient != "" {
		p, err := verify.ParseRecipient(f.recipient)
		if err != nil {
			return nil, usageErr("--recipient: %v", err)
		}
		opts = append(opts, verify.WithRecipient(p))
	}
	if f.now != "" {
		t, err := parseNow(f.now)
		if err != nil {
			return nil, usageErr("--now: %v", err)
		}
		opts = append(opts, verify.WithClock(func() time.Time { return t }))
	}
	return opts, nil
}

func parseNow(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time such as 2024-01-01T00:00:00Z", s)
}

// maxInputBytes bounds what validate reads from a file or standard input.
const maxInputBytes = 16 << 20

// readInput turns the INPUT argument into a verify.Input: a URL or text as is, a file or stdin as data.
func readInput(stdin io.Reader, arg string) (verify.Input, error) {
	lower := strings.ToLower(arg)
	switch {
	case strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://"):
		return verify.Input{Value: arg}, nil
	case arg == "-":
		b, err := readCapped(stdin)
		if err != nil {
			return verify.Input{}, usageErr("reading standard input: %v", err)
		}
		return verify.Input{Data: b, Name: "-"}, nil
	}
	if st, err := os.Stat(arg); err == nil {
		if st.IsDir() {
			return verify.Input{}, usageErr("%s is a directory, not a badge", arg)
		}
		fh, err := os.Open(arg)
		if err != nil {
			return verify.Input{}, usageErr("%v", err)
		}
		defer fh.Close()
		b, err := readCapped(fh)
		if err != nil {
			return verify.Input{}, usageErr("reading %s: %v", arg, err)
		}
		return verify.Input{Data: b, Name: arg}, nil
	}
	t := strings.TrimSpace(arg)
	if strings.HasPrefix(t, "{") || strings.Count(t, ".") == 2 && !strings.ContainsAny(t, " /") {
		return verify.Input{Value: t}, nil
	}
	return verify.Input{}, usageErr("%s: no such file, and not a URL, JSON or JWS", arg)
}

func readCapped(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxInputBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxInputBytes {
		return nil, fmt.Errorf("input is larger than %d MiB", maxInputBytes>>20)
	}
	return b, nil
}
