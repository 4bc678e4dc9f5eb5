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

// parseShard reads --shard I/N: the batch takes every input whose hash, mod N, is I (shardOf).
// Empty means the whole list (0/1).
func parseShard(s string) (int, int, error) {
	if s == "" {
		return 0, 1, nil
	}
	i, n, ok := strings.Cut(s, "/")
	si, err1 := strconv.Atoi(strings.TrimSpace(i))
	sn, err2 := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil || sn < 1 || si < 0 || si >= sn || sn > maxShards {
		return 0, 0, usageErr("--shard %q: give I/N with 0 <= I < N <= %d, e.g. 0/4 (a Kubernetes Indexed Job's completion index and its completions)", s, maxShards)
	}
	return si, sn, nil
}

// maxShards bounds N, so that report merge's account of the shards stays small.
const maxShards = 100000

// shardSummary is the last line of a shard's output (obcert validate --shard): the shard finished,
// and this is what it belongs to.
type shardSummary struct {
	Run        string `json:"run"`
	Harness    string `json:"harness"`
	Shard      string `json:"shard"`
	Inputs     int    `json:"inputs"` // in the whole list, every shard
	Lines      int    `json:"lines"`  // in this shard
	Valid      int    `json:"valid"`
	Invalid    int    `json:"invalid"`
	Incomplete int    `json:"incomplete"`
}

type shardTrailer struct {
	Summary *shardSummary `json:"summary"`
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

Every file is checked before anything is written: the shards must be of one run (the same input
list, harness version and verdict flags: the "run" of every line), each must have finished (its
summary line), each shard I of N must be given once, and all N must be there. Otherwise the merge
says which shard is missing, doubled, unfinished or of another run, writes nothing and exits 2.
Exit status otherwise as obcert validate: 0 all valid, 1 any invalid, 3 any incomplete.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErr("report merge takes one or more NDJSON files")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			sv, err := surveyShards(args, expect)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if out != "" && out != "-" {
				fh, err := os.Create(out)
				if err != nil {
					return usageErr("-o: %v", err)
				}
				defer fh.Close()
				w = rd.Writer(fh)
			}
			return mergeShards(w, cmd.ErrOrStderr(), args, sv)
		},
	}
	merge.Flags().StringVarP(&out, "output", "o", "", "write the merged NDJSON here (default standard output)")
	merge.Flags().IntVar(&expect, "expect", 0, "the number of inputs of the whole batch: refuse the merge when the shards say otherwise")
	cmd.AddCommand(merge)
	return cmd
}

// shardHead is what report merge reads of each line: a badge line's place, or a shard's summary.
type shardHead struct {
	Index   *int          `json:"index"`
	Input   string        `json:"input"`
	Run     string        `json:"run"`
	Shard   string        `json:"shard"`
	Summary *shardSummary `json:"summary"`
}

func newLineScanner(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 256<<20)
	return sc
}

// shardFile is what the survey learnt of one file.
type shardFile struct {
	name    string
	summary shardSummary
}

// shardSurvey is the account of the files given to merge, once every file is known to be whole.
type shardSurvey struct {
	run, harness string
	shards       int
	inputs       int
}

// surveyShards reads every file once, without keeping its lines, and refuses a merge that would
// not be the whole run: another run or harness, a shard missing, given twice or unfinished.
func surveyShards(files []string, expect int) (shardSurvey, error) {
	var got []shardFile
	for _, name := range files {
		sf, err := surveyShard(name)
		if err != nil {
			return shardSurvey{}, usageErr("%v", err)
		}
		got = append(got, sf)
	}
	first := got[0].summary
	sv := shardSurvey{run: first.Run, harness: first.Harness, inputs: first.Inputs}
	_, sv.shards, _ = parseShard(first.Shard)
	byShard := map[int]string{}
	for _, sf := range got {
		s := sf.summary
		switch {
		case s.Harness != first.Harness:
			return sv, usageErr("%s was written by obcert %s and %s by obcert %s: shards of different harness versions cannot be merged; run every shard with one version",
				got[0].name, first.Harness, sf.name, s.Harness)
		case s.Run != first.Run:
			return sv, usageErr("%s is of run %s and %s of run %s: shards of different runs (another input list or other verdict flags: --recipient, --now, --algorithms, --timeout, --offline-map, --deny-private) cannot be merged",
				got[0].name, first.Run, sf.name, s.Run)
		}
		i, n, _ := parseShard(s.Shard)
		if n != sv.shards {
			return sv, usageErr("%s is shard %s and %s is shard %s: a run has one shard count", got[0].name, first.Shard, sf.name, s.Shard)
		}
		if prev, dup := byShard[i]; dup {
			return sv, usageErr("shard %s is given twice (%s and %s)", s.Shard, prev, sf.name)
		}
		byShard[i] = sf.name
	}
	var missing []string
	for i := range sv.shards {
		if _, ok := byShard[i]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", i, sv.shards))
		}
	}
	if len(missing) > 0 {
		return sv, usageErr("run %s: %d of %d shards are missing (%s): every shard must have run to the end before the merge", sv.run, len(missing), sv.shards, strings.Join(firstOf(missing, 10), ", "))
	}
	if expect > 0 && expect != sv.inputs {
		return sv, usageErr("the shards are of a list of %d inputs, not %d (--expect)", sv.inputs, expect)
	}
	return sv, nil
}

func firstOf(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], fmt.Sprintf("and %d more", len(s)-n))
	}
	return s
}

// surveyShard reads one shard file: its lines are of one run and shard, in order, and end with the
// shard's summary, which counts them.
func surveyShard(name string) (shardFile, error) {
	sf := shardFile{name: name}
	fh, err := os.Open(name)
	if err != nil {
		return sf, err
	}
	defer fh.Close()
	sc := newLineScanner(fh)
	lineNo, lines, last := 0, 0, -1
	var run, shard string
	done := false
	for sc.Scan() {
		lineNo++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var h shardHead
		if err := json.Unmarshal(b, &h); err != nil {
			return sf, fmt.Errorf("%s:%d: not a line of obcert validate --shard: %v", name, lineNo, err)
		}
		if done {
			return sf, fmt.Errorf("%s:%d: a line after the shard's summary line", name, lineNo)
		}
		if h.Summary != nil {
			sf.summary, done = *h.Summary, true
			if _, _, err := parseShard(h.Summary.Shard); err != nil || h.Summary.Run == "" {
				return sf, fmt.Errorf("%s:%d: the summary line names no run or no shard I/N", name, lineNo)
			}
			if lines > 0 && (h.Summary.Run != run || h.Summary.Shard != shard) {
				return sf, fmt.Errorf("%s:%d: the summary is of shard %s of run %s, the lines of shard %s of run %s", name, lineNo, h.Summary.Shard, h.Summary.Run, shard, run)
			}
			if h.Summary.Lines != lines {
				return sf, fmt.Errorf("%s: shard %s has %d lines, its summary says %d: the file is cut or edited", name, shard, lines, h.Summary.Lines)
			}
			continue
		}
		switch {
		case h.Index == nil || *h.Index < 0:
			return sf, fmt.Errorf("%s:%d: not a line of obcert validate (no index)", name, lineNo)
		case h.Run == "" || h.Shard == "":
			return sf, fmt.Errorf("%s:%d: a line with no run or no shard: not the output of obcert validate --shard I/N of this version", name, lineNo)
		case lines > 0 && (h.Run != run || h.Shard != shard):
			return sf, fmt.Errorf("%s:%d: a line of shard %s of run %s after lines of shard %s of run %s: one file holds one shard", name, lineNo, h.Shard, h.Run, shard, run)
		case *h.Index <= last:
			return sf, fmt.Errorf("%s:%d: index %d after %d: not in input order", name, lineNo, *h.Index, last)
		case !inShard(h.Input, h.Shard):
			return sf, fmt.Errorf("%s:%d: input %d is not one of shard %s (its hash says otherwise): the file was edited or mixed", name, lineNo, *h.Index, h.Shard)
		}
		run, shard, last = h.Run, h.Shard, *h.Index
		lines++
	}
	if err := sc.Err(); err != nil {
		return sf, fmt.Errorf("%s: %w", name, err)
	}
	if !done {
		what := "shard " + shard
		if shard == "" {
			what = "its shard"
		}
		return sf, fmt.Errorf("%s has no summary line: %s did not finish (it stopped early, failed, or is still running); run it again", name, what)
	}
	return sf, nil
}

// shardReader is one shard file, read one line ahead.
type shardReader struct {
	name  string
	sc    *bufio.Scanner
	line  batchLine
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
		var h shardHead
		if err := json.Unmarshal(b, &h); err != nil {
			return fmt.Errorf("%s:%d: %v", r.name, r.lines, err)
		}
		if h.Summary != nil {
			continue
		}
		r.line = batchLine{}
		if err := json.Unmarshal(b, &r.line); err != nil {
			return fmt.Errorf("%s:%d: %v", r.name, r.lines, err)
		}
		r.index, r.ok = r.line.Index, true
		return nil
	}
	r.ok = false
	if err := r.sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", r.name, err)
	}
	return nil
}

// mergeShards merges surveyed shard files by index, streaming: one line per file is held at a
// time. Each line is written as the unsharded run writes it: without its shard.
func mergeShards(w, stderr io.Writer, files []string, sv shardSurvey) error {
	readers := make([]*shardReader, 0, len(files))
	for _, name := range files {
		fh, err := os.Open(name)
		if err != nil {
			return usageErr("%v", err)
		}
		defer fh.Close()
		r := &shardReader{name: name, sc: newLineScanner(fh)}
		if err := r.next(); err != nil {
			return usageErr("%v", err)
		}
		readers = append(readers, r)
	}
	var tally batchTally
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	want := 0
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
		if min.index != want {
			return &exitError{code: 2, err: fmt.Errorf("%s: index %d where %d was due: the shards do not hold each input once", min.name, min.index, want)}
		}
		tally.add(min.line)
		min.line.Shard = ""
		buf.Reset()
		if err := enc.Encode(min.line); err != nil {
			return err
		}
		// One write per line, so that the redactor sees whole lines.
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
		want++
		if err := min.next(); err != nil {
			return usageErr("%v", err)
		}
	}
	if want != sv.inputs {
		return usageErr("the shards hold %d of the run's %d inputs", want, sv.inputs)
	}
	fmt.Fprintf(stderr, "%s; %d shards of run %s merged\n", tally, sv.shards, sv.run)
	return tally.exit()
}

// inShard reports whether input belongs to shard "I/N" by its hash.
func inShard(input, shard string) bool {
	i, n, err := parseShard(shard)
	return err == nil && shardOf(input, n) == i
}
