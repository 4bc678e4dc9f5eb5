package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/obcert/obcert/internal/redact"
)

// parseShard reads --shard I/N: the batch takes every input whose position in the input list, mod N,
// is I. Empty means the whole list (0/1).
func parseShard(s string) (int, int, error) {
	if s == "" {
		return 0, 1, nil
	}
	i, n, ok := strings.Cut(s, "/")
	si, err1 := strconv.Atoi(strings.TrimSpace(i))
	sn, err2 := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil || sn < 1 || si < 0 || si >= sn {
		return 0, 0, usageErr("--shard %q: give I/N with 0 <= I < N, e.g. 0/4 (a Kubernetes Indexed Job's completion index and its completions)", s)
	}
	return si, sn, nil
}

func newReportCmd(rd *redact.Redactor) *cobra.Command {
	cmd := &cobra.Command{Use: "report", Short: "Work with batch outputs (see report merge)"}
	var out string
	var expect int
	merge := &cobra.Command{
		Use:   "merge [flags] SHARD.ndjson...",
		Short: "Merge the NDJSON outputs of obcert validate --shard into one, in input order",
		Long: `Merge the NDJSON outputs of obcert validate --shard I/N into one stream in input order (by the
"index" of each line), as if the batch had run unsharded, and print the summary on standard error.
A line number that is missing (a shard that did not run or stopped early) or given twice is
reported, and the merge exits 2; with --expect N, inputs missing at the end are found too.
Exit status otherwise as obcert validate: 0 all valid, 1 any invalid, 3 any incomplete.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErr("report merge takes one or more NDJSON files")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			w := cmd.OutOrStdout()
			if out != "" && out != "-" {
				fh, err := os.Create(out)
				if err != nil {
					return usageErr("-o: %v", err)
				}
				defer fh.Close()
				w = rd.Writer(fh)
			}
			return mergeShards(w, cmd.ErrOrStderr(), args, expect)
		},
	}
	merge.Flags().StringVarP(&out, "output", "o", "", "write the merged NDJSON here (default standard output)")
	merge.Flags().IntVar(&expect, "expect", 0, "the number of inputs of the whole batch, to find inputs missing at the end")
	cmd.AddCommand(merge)
	return cmd
}

// shardReader is one shard file, read one line ahead.
type shardReader struct {
	name  string
	sc    *bufio.Scanner
	line  []byte
	index int
	ok    bool
	lines int
}

func (r *shardReader) next() error {
	for r.sc.Scan() {
		r.lines++
		b := bytes.TrimSpace(r.sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var head struct {
			Index *int `json:"index"`
		}
		if err := json.Unmarshal(b, &head); err != nil || head.Index == nil || *head.Index < 0 {
			return fmt.Errorf("%s:%d: not a line of obcert validate (no index)", r.name, r.lines)
		}
		if r.ok && *head.Index <= r.index {
			return fmt.Errorf("%s:%d: index %d after %d: not in input order", r.name, r.lines, *head.Index, r.index)
		}
		r.line, r.index, r.ok = append(r.line[:0], b...), *head.Index, true
		return nil
	}
	r.ok = false
	if err := r.sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", r.name, err)
	}
	return nil
}

// mergeShards merges shard files by index, streaming: one line per file is held at a time.
func mergeShards(w, stderr io.Writer, files []string, expect int) error {
	readers := make([]*shardReader, 0, len(files))
	for _, name := range files {
		fh, err := os.Open(name)
		if err != nil {
			return usageErr("%v", err)
		}
		defer fh.Close()
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 0, 64<<10), 256<<20)
		r := &shardReader{name: name, sc: sc}
		if err := r.next(); err != nil {
			return usageErr("%v", err)
		}
		readers = append(readers, r)
	}
	var tally batchTally
	var missing []int
	nmissing, want := 0, 0
	gap := func(upto int) {
		for ; want < upto; want++ {
			nmissing++
			if len(missing) < 10 {
				missing = append(missing, want)
			}
		}
	}
	for {
		var min *shardReader
		for _, r := range readers {
			if r.ok && (min == nil || r.index < min.index) {
				min = r
			}
		}
		if min == nil {
			break
		}
		if min.index < want {
			return usageErr("%s: index %d is in more than one shard file", min.name, min.index)
		}
		gap(min.index)
		var l batchLine
		_ = json.Unmarshal(min.line, &l)
		tally.add(l)
		// One write per line, so that the redactor sees whole lines.
		if _, err := w.Write(append(min.line, '\n')); err != nil {
			return err
		}
		want = min.index + 1
		if err := min.next(); err != nil {
			return usageErr("%v", err)
		}
	}
	gap(expect)
	fmt.Fprintln(stderr, tally)
	if nmissing > 0 {
		return usageErr("%d inputs are missing from the shards (a shard did not run, or stopped early), first %v", nmissing, missing)
	}
	return tally.exit()
}
