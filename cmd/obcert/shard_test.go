package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// batchStdout runs obcert and returns its standard output as written, stderr and the exit status.
func batchStdout(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(""), &stdout, &stderr)
	return stdout.String(), stderr.String(), code
}

var elapsedField = regexp.MustCompile(`,"elapsedMs":[0-9.e+-]+`)

// withoutElapsed is the lines of an NDJSON output without their elapsed time.
func withoutElapsed(out string) []string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l != "" {
			lines = append(lines, elapsedField.ReplaceAllString(l, ""))
		}
	}
	return lines
}

// distinctList writes n distinct inputs (each a file path or a text of its own): copies of the
// signed valid badge, copies of its BadgeClass (not an Assertion: invalid), garbage texts and
// missing files, and returns the list's path and the offline map.
func distinctList(t *testing.T, n int) (string, string) {
	t.Helper()
	src, mocks := signedDir(t)
	jws, err1 := os.ReadFile(filepath.Join(src, "assertion.jws"))
	bc, err2 := os.ReadFile(filepath.Join(src, "badgeclass.json"))
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	dir := t.TempDir()
	var b strings.Builder
	for i := range n {
		p := filepath.Join(dir, fmt.Sprintf("badge-%05d", i))
		switch i % 5 {
		case 0, 1, 3:
			p += ".jws"
			os.WriteFile(p, jws, 0o644)
		case 2:
			p += ".json"
			os.WriteFile(p, bc, 0o644)
		case 4:
			if i%10 == 4 {
				p = fmt.Sprintf("garbage text %d", i)
			} else {
				p += "-missing.json"
			}
		}
		b.WriteString(p + "\n")
	}
	list := filepath.Join(dir, "list.txt")
	if err := os.WriteFile(list, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return list, mocks
}

// writeShards runs n shards of the list and writes each output to a file of its own.
func writeShards(t *testing.T, dir, list, mocks string, n int, extra ...string) []string {
	t.Helper()
	var files []string
	for i := range n {
		args := append([]string{"validate", "--offline-map", mocks, "--from", list, "--shard", fmt.Sprintf("%d/%d", i, n), "-j", "2"}, extra...)
		out, stderr, code := batchStdout(t, args...)
		if code != 0 && code != 1 {
			t.Fatalf("shard %d/%d: exit %d, stderr %s", i, n, code, stderr)
		}
		f := filepath.Join(dir, fmt.Sprintf("shard-%d.ndjson", i))
		if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

// TestBatchShards: each input's shard is the hash of the input, whatever the order of the list;
// every line and the summary name the shard and the run; three shards cover every input once.
func TestBatchShards(t *testing.T) {
	list, mocks := distinctList(t, 17)
	whole, _, _ := batchStdout(t, "validate", "--offline-map", mocks, "--from", list)
	dir := t.TempDir()
	files := writeShards(t, dir, list, mocks, 3)
	seen := map[int]int{}
	var run string
	for i, f := range files {
		b, _ := os.ReadFile(f)
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		var sum shardTrailer
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil || sum.Summary == nil {
			t.Fatalf("shard %d: the last line is not its summary: %s", i, lines[len(lines)-1])
		}
		s := *sum.Summary
		if s.Shard != fmt.Sprintf("%d/3", i) || s.Inputs != 17 || s.Lines != len(lines)-1 || s.Harness == "" || len(s.Run) != 32 {
			t.Errorf("shard %d summary %+v (%d lines)", i, s, len(lines)-1)
		}
		for _, raw := range lines[:len(lines)-1] {
			var l batchLine
			json.Unmarshal([]byte(raw), &l)
			seen[l.Index]++
			if want := shardOf(l.Input, 3); want != i || l.Shard != s.Shard || l.Run != s.Run {
				t.Errorf("shard %d/3 holds %q (index %d, hash shard %d, line shard %q, run %q)", i, l.Input, l.Index, want, l.Shard, l.Run)
			}
		}
		run = s.Run
	}
	for i := range 17 {
		if seen[i] != 1 {
			t.Errorf("index %d is in %d shards", i, seen[i])
		}
	}
	// The unsharded run has the same run identity, and no shard.
	for _, l := range withoutElapsed(whole) {
		if !strings.Contains(l, `"run":"`+run+`"`) || strings.Contains(l, `"shard"`) {
			t.Fatalf("unsharded line %s, want run %s and no shard", l, run)
		}
	}

	// Reversed, and with other inputs before it, the list puts every input in the same shard (but
	// it is another run).
	b, _ := os.ReadFile(list)
	inputs := strings.Split(strings.TrimSpace(string(b)), "\n")
	slices.Reverse(inputs)
	other := filepath.Join(dir, "other.txt")
	os.WriteFile(other, []byte("garbage before\nmore garbage\n"+strings.Join(inputs, "\n")+"\n"), 0o644)
	out, stderr, _ := batchStdout(t, "validate", "--offline-map", mocks, "--from", other, "--shard", "1/3")
	var first, again []string
	for _, raw := range withoutElapsed(out) {
		var l batchLine
		if json.Unmarshal([]byte(raw), &l) == nil && l.Input != "" {
			if l.Run == run {
				t.Errorf("another list has the same run identity %s", run)
			}
			if !strings.Contains(l.Input, "garbage before") && l.Input != "more garbage" {
				again = append(again, l.Input)
			}
		}
	}
	if !strings.Contains(stderr, "shard 1/3 of run ") {
		t.Errorf("summary on stderr names no shard: %s", stderr)
	}
	fb, _ := os.ReadFile(files[1])
	for _, raw := range withoutElapsed(string(fb)) {
		var l batchLine
		if json.Unmarshal([]byte(raw), &l) == nil && l.Input != "" {
			first = append(first, l.Input)
		}
	}
	slices.Sort(first)
	slices.Sort(again)
	if len(first) == 0 || !slices.Equal(first, again) {
		t.Errorf("shard 1/3 of the reordered list holds %v, of the list %v", again, first)
	}
}

// TestShardMerge1000: four shards of 1,000 offline badges, merged in any file order, equal the
// unsharded run line for line (but for the elapsed time), with its exit status; a merge that would
// not be the whole run (a shard missing, given twice, unfinished, of another run or another harness)
// is refused with a message naming it, exit 2 and nothing written.
func TestShardMerge1000(t *testing.T) {
	list, mocks := distinctList(t, 1000)
	whole, wholeErr, wholeCode := batchStdout(t, "validate", "--offline-map", mocks, "--from", list, "-j", "2")
	if n := len(withoutElapsed(whole)); n != 1000 || wholeCode != 1 {
		t.Fatalf("unsharded: %d lines, exit %d, stderr %s", n, wholeCode, wholeErr)
	}
	dir := t.TempDir()
	files := writeShards(t, dir, list, mocks, 4)
	for _, f := range files {
		if b, _ := os.ReadFile(f); bytes.Count(b, []byte("\n")) < 150 {
			t.Errorf("%s holds %d lines of 1,000 over 4 shards: the hash does not spread", f, bytes.Count(b, []byte("\n")))
		}
	}
	merged := filepath.Join(dir, "merged.ndjson")
	_, stderr, code := batchStdout(t, "report", "merge", "-o", merged, "--expect", "1000", files[2], files[0], files[3], files[1])
	b, _ := os.ReadFile(merged)
	if got, want := withoutElapsed(string(b)), withoutElapsed(whole); !slices.Equal(got, want) {
		t.Errorf("merged output (%d lines) differs from the unsharded run (%d lines)", len(got), len(want))
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("first difference, line %d:\n%s\n%s", i, got[i], want[i])
			}
		}
	}
	if code != wholeCode || !strings.HasPrefix(stderr, strings.SplitN(wholeErr, " (", 2)[0]) || !strings.Contains(stderr, "4 shards of run") {
		t.Errorf("merge exit %d stderr %q; unsharded exit %d stderr %q", code, stderr, wholeCode, wholeErr)
	}

	cut := filepath.Join(dir, "cut.ndjson")
	fb, _ := os.ReadFile(files[3])
	os.WriteFile(cut, fb[:bytes.LastIndex(bytes.TrimSpace(fb), []byte("\n"))+1], 0o644)
	shortCut := filepath.Join(dir, "short.ndjson")
	lines := bytes.SplitAfter(fb, []byte("\n"))
	os.WriteFile(shortCut, bytes.Join(append(lines[:3:3], lines[len(lines)-2]), nil), 0o644)
	moved := filepath.Join(dir, "moved.ndjson")
	os.WriteFile(moved, bytes.Replace(fb, []byte(`"shard":"3/4"`), []byte(`"shard":"0/4"`), -1), 0o644)
	otherHarness := filepath.Join(dir, "harness.ndjson")
	os.WriteFile(otherHarness, bytes.Replace(fb, []byte(`"harness":"`), []byte(`"harness":"0.0.1-other`), 1), 0o644)
	otherRun := writeShards(t, t.TempDir(), list, mocks, 4, "--now", "2030-01-01T00:00:00Z")
	otherCount := writeShards(t, t.TempDir(), list, mocks, 5)

	for _, c := range []struct {
		name  string
		files []string
		want  string
	}{
		{"missing shard", []string{files[0], files[1], files[3]}, "1 of 4 shards are missing (2/4)"},
		{"two missing", []string{files[3], files[1]}, "2 of 4 shards are missing (0/4, 2/4)"},
		{"shard given twice", []string{files[0], files[1], files[2], files[3], files[1]}, "shard 1/4 is given twice"},
		{"unfinished shard", []string{files[0], files[1], files[2], cut}, "has no summary line: shard 3/4 did not finish"},
		{"cut shard", []string{files[0], files[1], files[2], shortCut}, "its summary says"},
		{"another run", []string{files[0], files[1], files[2], otherRun[3]}, "shards of different runs"},
		{"a shard relabelled", []string{files[0], files[1], files[2], moved}, "is not one of shard 0/4"},
		{"another harness", []string{files[0], files[1], files[2], otherHarness}, "shards of different harness versions"},
		{"another shard count", []string{files[0], otherCount[1]}, "a run has one shard count"},
		{"unsharded output", []string{writeFile(t, dir, "whole.ndjson", whole)}, "not the output of obcert validate --shard"},
		{"wrong --expect", append([]string{"--expect", "999"}, files...), "not 999"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "merged.ndjson")
			_, stderr, code := batchStdout(t, append([]string{"report", "merge", "-o", out}, c.files...)...)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, want 2; stderr %q, want %q", code, stderr, c.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("a refused merge wrote %s", out)
			}
		})
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
