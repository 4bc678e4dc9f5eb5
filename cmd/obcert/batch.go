package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/obcert/obcert/internal/badgefetch"
	"github.com/obcert/obcert/internal/limits"
	"github.com/obcert/obcert/openbadges/verify"
)

// Batch validation (docs/batch.md): many inputs, -j workers, one NDJSON line per badge written in
// input order as soon as it and every earlier one are done, so at most a few lines per worker are
// held at a time whatever the number of badges. One set of verify options (one HTTP client, one
// offline map read once, one run cache of documents) serves the whole batch.

type batchFlags struct {
	from   string
	ndjson bool
	jobs   int
	shard  string
}

func addBatchFlags(cmd *cobra.Command, b *batchFlags) {
	fl := cmd.Flags()
	fl.StringVar(&b.from, "from", "", `batch: read inputs from this file, one a line (or NDJSON {"input": ..., "recipient": ...}); - reads standard input`)
	fl.BoolVar(&b.ndjson, "ndjson", false, `batch: every --from line is {"input": ..., "recipient": ...} (without it, such lines are recognised); alone, reads them from standard input`)
	fl.IntVarP(&b.jobs, "jobs", "j", runtime.GOMAXPROCS(0), "batch: validate this many badges at once")
	fl.StringVar(&b.shard, "shard", "", "batch: take only the inputs whose hash, mod N, is I (I/N, e.g. 0/4; see docs/batch.md), and end with a summary line for report merge")
}

// wanted reports whether the command line asks for a batch rather than today's single validation.
func (b batchFlags) wanted(args []string) bool {
	if b.from != "" || b.ndjson || b.shard != "" || len(args) > 1 {
		return true
	}
	if len(args) == 1 {
		st, err := os.Stat(args[0])
		return err == nil && st.IsDir()
	}
	return false
}

// batchLine is one badge's line: the reference validator's report fields, with the input, its
// position in the input list, the run identity and the shard (for report merge) and the time it took.
type batchLine struct {
	Index             int              `json:"index"`
	Run               string           `json:"run,omitempty"`
	Shard             string           `json:"shard,omitempty"`
	Input             string           `json:"input"`
	Valid             bool             `json:"valid"`
	Revoked           bool             `json:"revoked"`
	Incomplete        bool             `json:"incomplete"`
	IncompleteReason  string           `json:"incompleteReason,omitempty"`
	ValidationSubject string           `json:"validationSubject,omitempty"`
	OpenBadgesVersion string           `json:"openBadgesVersion,omitempty"`
	ErrorCount        int              `json:"errorCount"`
	WarningCount      int              `json:"warningCount"`
	Messages          []verify.Message `json:"messages"`
	ElapsedMs         float64          `json:"elapsedMs"`
}

// batchItem is one input of the batch; err is set when the input could not even be read.
type batchItem struct {
	index     int
	input     string
	recipient string
	err       error
}

type batchJob struct {
	item batchItem
	out  chan batchLine
}

type batchTally struct{ total, valid, invalid, incomplete int }

func (t *batchTally) add(l batchLine) {
	t.total++
	switch {
	case l.Incomplete:
		t.incomplete++
	case l.Valid:
		t.valid++
	default:
		t.invalid++
	}
}

func (t batchTally) String() string {
	return fmt.Sprintf("%d badges: %d valid, %d invalid, %d incomplete", t.total, t.valid, t.invalid, t.incomplete)
}

// exit is the batch's exit status: 3 any incomplete (the answer is not known), else 1 any invalid.
func (t batchTally) exit() error {
	switch {
	case t.incomplete > 0:
		return &exitError{code: 3, err: errors.New("")}
	case t.invalid > 0:
		return &exitError{code: 1, err: errors.New("")}
	}
	return nil
}

func runBatch(cmd *cobra.Command, f validateFlags, args []string) error {
	b := f.batch
	if b.jobs < 1 {
		return usageErr("-j must be at least 1, not %d", b.jobs)
	}
	if f.format != "" && f.format != "json" && f.format != "text" {
		return usageErr("--format must be text or json, not %q", f.format)
	}
	shard, shards, err := parseShard(b.shard)
	if err != nil {
		return err
	}
	from := b.from
	if from == "" && b.ndjson {
		from = "-"
	}
	if from != "" && from != "-" {
		if st, err := os.Stat(from); err != nil || st.IsDir() {
			return usageErr("--from %s: not a readable file", from)
		}
	}
	stdin, cleanup, err := spoolStdin(cmd.InOrStdin(), from)
	if err != nil {
		return err
	}
	defer cleanup()
	// First pass: the run identity, over the whole list, before any line is written.
	rh := newRunHasher(f)
	if err := eachBatchItem(stdin(), args, from, b.ndjson, func(it batchItem) bool { rh.add(it); return true }); err != nil {
		return err
	}
	runID, shardName := rh.id(), ""
	if b.shard != "" {
		shardName = fmt.Sprintf("%d/%d", shard, shards)
	}
	runner, err := newBatchRunner(f)
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	queue := make(chan *batchJob, 2*b.jobs) // in input order, to the writer
	work := make(chan *batchJob)
	var wg sync.WaitGroup
	for range b.jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				j.out <- runner.one(ctx, j.item)
			}
		}()
	}
	var srcErr error
	go func() {
		defer close(queue)
		defer close(work)
		srcErr = eachBatchItem(stdin(), args, from, b.ndjson, func(it batchItem) bool {
			if shardOf(it.input, shards) != shard {
				return true
			}
			j := &batchJob{item: it, out: make(chan batchLine, 1)}
			select {
			case queue <- j:
			case <-ctx.Done():
				return false
			}
			work <- j
			return true
		})
	}()

	// Each line goes out in one write: the redactor in front of standard output sees whole lines.
	out := cmd.OutOrStdout()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	var tally batchTally
	var writeErr error
	for j := range queue {
		l := <-j.out
		l.Run, l.Shard = runID, shardName
		tally.add(l)
		if writeErr != nil {
			continue
		}
		buf.Reset()
		if f.format == "text" {
			writeBatchText(&buf, l)
		} else {
			writeErr = enc.Encode(l)
		}
		if writeErr == nil {
			_, writeErr = out.Write(buf.Bytes())
		}
		if writeErr != nil {
			cancel()
		}
	}
	wg.Wait()
	if writeErr != nil {
		return writeErr
	}
	if srcErr != nil {
		return srcErr
	}
	where := "run " + runID
	if shardName != "" {
		where = fmt.Sprintf("shard %s of run %s, %d inputs in all", shardName, runID, rh.inputs)
		if f.format != "text" {
			// The shard's last line says it finished, and what it belongs to.
			sum := shardSummary{Run: runID, Harness: harnessVersion(), Shard: shardName, Inputs: rh.inputs,
				Lines: tally.total, Valid: tally.valid, Invalid: tally.invalid, Incomplete: tally.incomplete}
			buf.Reset()
			_ = enc.Encode(shardTrailer{Summary: &sum})
			if _, err := out.Write(buf.Bytes()); err != nil {
				return err
			}
		}
	}
	hits, misses := runner.cache.Stats()
	fmt.Fprintf(cmd.ErrOrStderr(), "%s (documents: %d fetched, %d from the run cache); %s\n", tally, misses, hits, where)
	return tally.exit()
}

// spoolStdin copies standard input to a temporary file when the list is read from it, so the list
// can be read twice (once for the run identity, once to validate) with flat memory; stdin gives a
// fresh reader of it each time.
func spoolStdin(in io.Reader, from string) (stdin func() io.Reader, cleanup func(), err error) {
	if from != "-" {
		return func() io.Reader { return in }, func() {}, nil
	}
	fh, err := os.CreateTemp("", "obcert-inputs-*")
	if err != nil {
		return nil, nil, fmt.Errorf("keeping the input list: %w", err)
	}
	cleanup = func() { fh.Close(); os.Remove(fh.Name()) }
	if _, err := io.Copy(fh, in); err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("reading the input list from standard input: %w", err)
	}
	return func() io.Reader {
		_, _ = fh.Seek(0, io.SeekStart)
		return bufio.NewReader(fh)
	}, cleanup, nil
}

func writeBatchText(w io.Writer, l batchLine) {
	verdict := "VALID"
	switch {
	case l.Incomplete:
		verdict = "INCOMPLETE"
	case l.Revoked:
		verdict = "REVOKED"
	case !l.Valid:
		verdict = "INVALID"
	}
	fmt.Fprintf(w, "%s\t%s\t%d errors, %d warnings", verdict, l.Input, l.ErrorCount, l.WarningCount)
	for _, m := range l.Messages {
		if m.MessageLevel == "ERROR" {
			fmt.Fprintf(w, "\t%s %v: %s", m.Name, m.Requirements, m.Result)
			break
		}
	}
	fmt.Fprintln(w)
}

// batchRunner validates one item at a time, with options shared by the whole batch.
type batchRunner struct {
	base    *verify.Verifier
	cache   *badgefetch.Cache
	timeout time.Duration
}

func newBatchRunner(f validateFlags) (*batchRunner, error) {
	r := &batchRunner{timeout: f.timeout}
	opts, err := validateOptionsVia(f, func(next verify.Fetcher) verify.Fetcher {
		r.cache = badgefetch.NewCache(next, 0, 0)
		return r.cache
	})
	if err != nil {
		return nil, err
	}
	r.base = verify.New(opts...)
	return r, nil
}

// one validates one item; whatever happens, it returns the item's line.
func (r *batchRunner) one(ctx context.Context, it batchItem) (line batchLine) {
	start := time.Now()
	line = batchLine{Index: it.index, Input: it.input}
	defer func() {
		if p := recover(); p != nil {
			line = failedLine(it, fmt.Errorf("the validation stopped on an internal error: %v", p))
		}
		line.ElapsedMs = float64(time.Since(start).Microseconds()) / 1000
	}()
	if it.err != nil {
		return failedLine(it, it.err)
	}
	if it.input == "-" {
		return failedLine(it, errors.New(`"-" cannot be a batch input: give the badge as a file`))
	}
	// A named pipe or device would block a plain open itself, before any limit or timeout applies:
	// readBatchFile opens without waiting. (readInput opens no file for an http(s) URL.)
	var in verify.Input
	var err error
	if isURLInput(it.input) {
		in, err = readInput(strings.NewReader(""), it.input)
	} else {
		in, err = readBatchFile(it.input)
	}
	if err != nil {
		return failedLine(it, err)
	}
	v := r.base
	if it.recipient != "" {
		p, err := verify.ParseRecipient(it.recipient)
		if err != nil {
			return failedLine(it, fmt.Errorf("recipient: %v", err))
		}
		v = r.base.With(verify.WithRecipient(p))
	}
	vctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	res, _ := v.Verify(vctx, in)
	rep := res.ValidatorBody()
	line.Valid, line.Revoked, line.Incomplete, line.IncompleteReason = rep.Valid, rep.Revoked, rep.Incomplete, rep.IncompleteReason
	line.ValidationSubject, line.OpenBadgesVersion = rep.ValidationSubject, rep.OpenBadgesVersion
	line.ErrorCount, line.WarningCount, line.Messages = rep.ErrorCount, rep.WarningCount, rep.Messages
	return line
}

// readBatchFile is readInput for a batch input that is not a URL: a regular file is opened without
// waiting and read (limits.ReadRegular: one path lookup, not a stat and then an open); what it
// opens that is not a regular file is refused unread; a path it cannot open takes readInput's way
// (the stat says whether it names a file at all, or the input is JSON or a JWS), so every answer
// is the one that way gives (TestBatchFileIsReadInput).
func readBatchFile(input string) (verify.Input, error) {
	if !mayNameFile(input) {
		return readInputStat(input, nil, errNameTooLong) // a JWS: no system call can find it
	}
	b, opened, regular, err := limits.ReadRegular(input, limits.MaxBadgeBytes)
	switch {
	case opened && regular && err == nil:
		return verify.Input{Data: b, Name: input}, nil
	case opened && regular:
		return verify.Input{}, usageErr("%v", err)
	case opened && err == nil:
		return verify.Input{}, fmt.Errorf("%s is not a regular file", input)
	}
	st, serr := os.Stat(input)
	if serr == nil && !st.Mode().IsRegular() {
		return verify.Input{}, fmt.Errorf("%s is not a regular file", input)
	}
	return readInputStat(input, st, serr) // the same stat: one system call, not two
}

// isURLInput reports an input readInput takes as an http(s) URL, without looking at any file.
func isURLInput(in string) bool {
	lower := strings.ToLower(in[:min(len(in), len("https://"))])
	return strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://")
}

// failedLine is the line of an input that could not be validated at all: invalid, with the reason
// as an error naming VERIFY-24 (the verifier takes a URL, JSON, a JWS or a baked image).
func failedLine(it batchItem, err error) batchLine {
	return batchLine{Index: it.index, Input: it.input, ErrorCount: 1, Messages: []verify.Message{{
		Name: "DETECT_INPUT_TYPE", Result: err.Error(), MessageLevel: "ERROR", Requirements: []string{"VERIFY-24"},
		Hint: "Give an http(s) URL, a badge file of at most " + limits.Size(limits.MaxBadgeBytes) + ", a JSON object or a compact JWS.",
	}}}
}

// eachBatchItem calls yield with every input in order (arguments, directories expanded, then the
// --from lines), numbered from 0, until yield returns false.
func eachBatchItem(stdin io.Reader, args []string, from string, ndjson bool, yield func(batchItem) bool) error {
	n := 0
	emit := func(it batchItem) bool {
		it.index = n
		n++
		return yield(it)
	}
	expand := func(it batchItem) bool {
		st, err := os.Stat(it.input)
		if err != nil || !st.IsDir() {
			return emit(it)
		}
		files, err := badgeFiles(it.input)
		if err != nil {
			it.err = err
			return emit(it)
		}
		for _, f := range files {
			if !emit(batchItem{input: f, recipient: it.recipient}) {
				return false
			}
		}
		return true
	}
	for _, a := range args {
		if !expand(batchItem{input: a}) {
			return nil
		}
	}
	if from == "" {
		return nil
	}
	r := stdin
	if from != "-" {
		fh, err := os.Open(from)
		if err != nil {
			return usageErr("--from: %v", err)
		}
		defer fh.Close()
		r = fh
	}
	lineNo := 0
	return eachLine(r, limits.MaxBadgeBytes, func(line []byte, tooLong bool) bool {
		lineNo++
		if tooLong {
			return emit(batchItem{input: fmt.Sprintf("%s:%d", from, lineNo),
				err: fmt.Errorf("line %d is larger than %s", lineNo, limits.Size(limits.MaxBadgeBytes))})
		}
		t := strings.TrimSpace(string(line))
		if t == "" || strings.HasPrefix(t, "#") {
			return true
		}
		it, isNDJSON, err := ndjsonItem(t)
		switch {
		case err != nil && ndjson:
			return emit(batchItem{input: fmt.Sprintf("%s:%d", from, lineNo), err: fmt.Errorf("line %d: %v", lineNo, err)})
		case !isNDJSON:
			it = batchItem{input: t}
		}
		return expand(it)
	})
}

// ndjsonItem reads {"input": ..., "recipient": ...}; the recipient is a string or a profile object.
func ndjsonItem(line string) (batchItem, bool, error) {
	var v struct {
		Input     *string         `json:"input"`
		Recipient json.RawMessage `json:"recipient"`
	}
	dec := json.NewDecoder(strings.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil || v.Input == nil {
		return batchItem{}, false, errors.New(`not an NDJSON input line {"input": "...", "recipient": ...}`)
	}
	it := batchItem{input: *v.Input}
	rec := bytes.TrimSpace(v.Recipient)
	switch {
	case len(rec) == 0 || string(rec) == "null":
	case rec[0] == '"':
		_ = json.Unmarshal(rec, &it.recipient)
	default:
		it.recipient = string(rec)
	}
	return it, true, nil
}

// eachLine calls fn with each line of r; a line longer than max is given once, empty, as tooLong,
// and the rest of it is skipped, so one huge line cannot hold the whole batch in memory.
func eachLine(r io.Reader, max int, fn func(line []byte, tooLong bool) bool) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var buf []byte
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > max+1 {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if len(chunk) > 0 || len(buf) > 0 || tooLong {
			if !fn(bytes.TrimRight(buf, "\r\n"), tooLong) {
				return nil
			}
		}
		buf, tooLong = buf[:0], false
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading the input list: %w", err)
		}
	}
}

// badgeExts are the names of badge files in a directory input; other files are taken when their
// content opens like a badge (a PNG, an SVG, a JSON object or a compact JWS).
var badgeExts = map[string]bool{".json": true, ".jws": true, ".png": true, ".svg": true}

// badgeFiles lists the badge files directly in dir, by name order (subdirectories and hidden files
// are skipped).
func badgeFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") || !e.Type().IsRegular() {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if badgeExts[strings.ToLower(filepath.Ext(e.Name()))] || looksLikeBadge(p) {
			out = append(out, p)
		}
	}
	return out, nil
}

func looksLikeBadge(path string) bool {
	fh, err := os.Open(path)
	if err != nil {
		return false
	}
	defer fh.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(fh, head)
	t := bytes.TrimSpace(bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf")))
	switch {
	case bytes.HasPrefix(t, []byte("\x89PNG")), bytes.HasPrefix(t, []byte("<svg")), bytes.HasPrefix(t, []byte("<?xml")),
		bytes.HasPrefix(t, []byte("{")):
		return true
	}
	// A compact JWS: a base64url JSON header ("eyJ" is `{"`), a dot, and base64url text.
	return bytes.HasPrefix(t, []byte("eyJ")) && bytes.IndexByte(t, '.') > 0 &&
		len(bytes.Trim(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=.")) == 0
}
