package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/obcert/obcert/internal/badgefetch"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/internal/limits"
	"github.com/obcert/obcert/openbadges/verify"
)

type validateFlags struct {
	recipient   string
	offlineMap  string
	now         string
	format      string
	algorithms  string
	timeout     time.Duration
	denyPrivate bool
	proxy       string
	batch       batchFlags // batch.go
}

func newValidateCmd() *cobra.Command {
	var f validateFlags
	cmd := &cobra.Command{
		Use:   "validate [flags] INPUT...",
		Short: "Validate and verify one badge (URL, JSON, JWS, or baked PNG/SVG file; - reads stdin)",
		Long: `Validate and verify one Open Badges badge, as the IMS reference validator does, naming the
requirement behind every message. INPUT is an http(s) URL, a file (baked PNG or SVG, JSON, or a
compact JWS), "-" for standard input, or the JSON or JWS text itself.

Exit status: 0 valid, 1 invalid (or revoked), 2 usage error, 3 incomplete (a budget ran out or
the validation timed out: the JSON report says "valid": false, "incomplete": true and why).

Batch: several INPUTs, a directory (every badge file in it), --from FILE (one input per line, or
NDJSON {"input": ..., "recipient": ...}; - reads standard input) validate many badges with -j
workers, one NDJSON line per badge in input order, and a summary on standard error; exit 0 all
valid, 1 any invalid, 3 any incomplete. --shard I/N takes a share; see docs/batch.md.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 && !f.batch.wanted(args) {
				return usageErr("validate takes exactly one INPUT (got %d), or several for a batch (see --from); see obcert validate --help", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.batch.wanted(args) {
				return runBatch(cmd, f, args)
			}
			return runValidate(cmd, f, args[0])
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.recipient, "recipient", "", `expected recipient: an email, URL or telephone, or a JSON profile such as '{"email":"nobody@example.org"}'`)
	fl.StringVar(&f.offlineMap, "offline-map", "", "answer every URL from this JSON map of URL → file (mocks.json format); any other URL fails")
	fl.StringVar(&f.now, "now", "", "pin the clock for issuedOn/expires checks (RFC 3339, e.g. 2024-01-01T00:00:00Z)")
	fl.StringVar(&f.format, "format", "", "output format: text or json (default text on a terminal, json otherwise)")
	fl.StringVar(&f.algorithms, "algorithms", "", "accept only these JWS algorithms for signed badges, comma-separated (default: RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512; none and HMAC are never accepted)")
	fl.DurationVar(&f.timeout, "timeout", 60*time.Second, "give up the whole validation after this long")
	fl.BoolVar(&f.denyPrivate, "deny-private", false, "refuse to connect to private, loopback, link-local, multicast or unspecified addresses (with --proxy: the proxy's)")
	fl.StringVar(&f.proxy, "proxy", "", "send every request through this HTTP proxy, e.g. http://127.0.0.1:3128 (the environment's proxy settings are never read)")
	addBatchFlags(cmd, &f.batch)
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
	if res.Incomplete {
		fmt.Fprintf(cmd.ErrOrStderr(), "obcert: the validation is incomplete, so the badge is not valid: %s\n", res.IncompleteReason)
		return &exitError{code: 3, err: errors.New("")}
	}
	if !res.Valid {
		return &exitError{code: 1, err: errors.New("")}
	}
	return nil
}

func validateOptions(f validateFlags) ([]verify.Option, error) {
	return validateOptionsVia(f, nil)
}

// validateOptionsVia is validateOptions with the fetcher wrapped by wrap (when not nil): a batch
// puts its run cache there (batch.go).
func validateOptionsVia(f validateFlags, wrap func(verify.Fetcher) verify.Fetcher) ([]verify.Option, error) {
	clientOpts, err := clientOptions(f)
	if err != nil {
		return nil, err
	}
	var fetcher verify.Fetcher = badgefetch.Fetcher{Client: httpx.New(clientOpts...)}
	if wrap != nil {
		fetcher = wrap(fetcher)
	}
	opts := []verify.Option{verify.WithFetcher(fetcher)}
	if f.recipient != "" {
		p, err := verify.ParseRecipient(f.recipient)
		if err != nil {
			return nil, usageErr("--recipient: %v", err)
		}
		opts = append(opts, verify.WithRecipient(p))
	}
	if f.algorithms != "" {
		algs, err := verify.ParseAlgorithms(f.algorithms)
		if err != nil {
			return nil, usageErr("--algorithms: %v", err)
		}
		opts = append(opts, verify.WithAlgorithms(algs...))
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

// clientOptions turns the network flags into the HTTP client's options. The offline map answers
// every request itself, so a flag about connections cannot apply beside it: that is refused, not
// ignored.
func clientOptions(f validateFlags) ([]httpx.Option, error) {
	opts := []httpx.Option{httpx.WithVersion(version), httpx.WithDenyPrivate(f.denyPrivate)}
	if f.offlineMap != "" {
		if f.denyPrivate || f.proxy != "" {
			return nil, usageErr("--offline-map answers every URL from files: --deny-private and --proxy do not apply; drop them or the map")
		}
		m, err := httpx.LoadOfflineMap(f.offlineMap)
		if err != nil {
			return nil, usageErr("--offline-map: %v", err)
		}
		return append(opts, httpx.WithTransport(m)), nil
	}
	if f.proxy != "" {
		u, err := url.Parse(f.proxy)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, usageErr("--proxy: %q is not an http(s) proxy URL such as http://127.0.0.1:3128", f.proxy)
		}
		opts = append(opts, httpx.WithProxy(u))
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

// readInput turns the INPUT argument into a verify.Input: a URL or text as is, a file or stdin as data.
func readInput(stdin io.Reader, arg string) (verify.Input, error) {
	lower := strings.ToLower(arg)
	switch {
	case strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://"):
		return verify.Input{Value: arg}, nil
	case arg == "-":
		b, err := limits.ReadAll(stdin, limits.MaxBadgeBytes)
		if err != nil {
			return verify.Input{}, usageErr("reading standard input: %v", err)
		}
		return verify.Input{Data: b, Name: "-"}, nil
	}
	if !mayNameFile(arg) {
		return readInputStat(arg, nil, errNameTooLong)
	}
	st, err := os.Stat(arg)
	return readInputStat(arg, st, err)
}

// maxNameBytes is the longest file name (one element of a path) the file systems obcert runs on
// allow: NAME_MAX of Linux, the BSDs and macOS, and of NTFS (in UTF-16 units, no fewer bytes).
const maxNameBytes = 255

// errNameTooLong is what opening a path with an element past maxNameBytes gives.
var errNameTooLong = errors.New("file name too long")

// mayNameFile reports whether arg could name a file: no element of it is longer than a file name
// can be. A compact JWS (a signed badge's is some hundreds of bytes without a slash) cannot, and is
// taken as one without asking the file system twice for a file that cannot exist.
func mayNameFile(arg string) bool {
	for len(arg) > maxNameBytes {
		i := strings.IndexAny(arg[:maxNameBytes+1], `/\`) // a separator within a name's length, or none
		if i < 0 {
			return false
		}
		arg = arg[i+1:]
	}
	return true
}

// readInputStat is readInput for an argument that is neither a URL nor "-", given what os.Stat
// said of it (the batch runner has asked already).
func readInputStat(arg string, st os.FileInfo, statErr error) (verify.Input, error) {
	if statErr == nil {
		if st.IsDir() {
			return verify.Input{}, usageErr("%s is a directory, not a badge", arg)
		}
		b, err := limits.ReadFile(arg, limits.MaxBadgeBytes)
		if err != nil {
			return verify.Input{}, usageErr("%v", err)
		}
		return verify.Input{Data: b, Name: arg}, nil
	}
	t := strings.TrimSpace(arg)
	if strings.HasPrefix(t, "{") || strings.Count(t, ".") == 2 && !strings.ContainsAny(t, " /") {
		return verify.Input{Value: t}, nil
	}
	return verify.Input{}, usageErr("%s: no such file, and not a URL, JSON or JWS", arg)
}
