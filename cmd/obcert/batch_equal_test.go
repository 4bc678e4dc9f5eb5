package main

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/obcert/obcert/internal/memos"
	"github.com/obcert/obcert/internal/memwatch"
)

// reportVerdict is the part of a validator report (or of a batch line, which carries the same
// fields) a verdict is made of: validity, counts and each
// message's name, level and requirements (not the elapsed time, nor the input's echo).
func reportVerdict(t *testing.T, report json.RawMessage) string {
	t.Helper()
	var r struct {
		Valid        bool `json:"valid"`
		ErrorCount   int  `json:"errorCount"`
		WarningCount int  `json:"warningCount"`
		Revoked      *bool
		Messages     []struct {
			Name         string   `json:"name"`
			Level        string   `json:"messageLevel"`
			Requirements []string `json:"requirements"`
			Result       string   `json:"result"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(report, &r); err != nil {
		t.Fatalf("a report that does not parse: %v\n%s", err, report)
	}
	b, _ := json.Marshal(r)
	return string(b)
}

// TestBatchEqualsOneAtATime is issue 10's first "done when": validate --from over 1,000 offline
// badges streams 1,000 NDJSON lines, and each line's verdict is the one validate gives that
// badge on its own.
func TestBatchEqualsOneAtATime(t *testing.T) {
	list, mocks := distinctList(t, 1000)
	out, stderr, code := batchStdout(t, "validate", "--offline-map", mocks, "--from", list, "-j", "2")
	if code != 1 { // the list holds invalid inputs on purpose
		t.Fatalf("exit %d, want 1; stderr %s", code, stderr)
	}
	type line struct {
		Input string `json:"input"`
		Index *int   `json:"index"`
		raw   json.RawMessage
	}
	var lines []line
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var ln line
		if err := json.Unmarshal([]byte(l), &ln); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		if ln.Index == nil {
			continue // the summary line
		}
		ln.raw = json.RawMessage(l)
		lines = append(lines, ln)
	}
	if len(lines) != 1000 {
		t.Fatalf("%d lines for 1,000 badges", len(lines))
	}
	kinds, refused := map[string]int{}, 0
	for i, l := range lines {
		single, stderr, code := batchStdout(t, "validate", "--format", "json", "--offline-map", mocks, l.Input)
		if code == 2 {
			// Alone, an input that is no file, URL, JSON or JWS is a usage error; in a batch it is
			// that badge's line, invalid, saying so.
			if !strings.Contains(string(l.raw), `"valid":false`) || !strings.Contains(string(l.raw), "DETECT_INPUT_TYPE") && !strings.Contains(string(l.raw), "no such file") {
				t.Errorf("%s: refused alone (%s), but its batch line is %s", l.Input, strings.TrimSpace(stderr), l.raw)
			}
			refused++
			continue
		}
		if code != 0 && code != 1 {
			t.Fatalf("%s alone: exit %d, stderr %s", l.Input, code, stderr)
		}
		var one struct {
			Report json.RawMessage `json:"report"`
		}
		if err := json.Unmarshal([]byte(single), &one); err != nil {
			t.Fatalf("%s alone: %v\n%s", l.Input, err, single)
		}
		got, want := reportVerdict(t, l.raw), reportVerdict(t, one.Report)
		if got != want {
			t.Errorf("line %d (%s): in the batch %s, alone %s", i+1, l.Input, got, want)
		}
		kinds[want]++
	}
	if len(kinds) < 2 || refused == 0 {
		t.Errorf("the 1,000 badges gave %d distinct verdicts and %d refused inputs: the list does not mix kinds of input", len(kinds), refused)
	}
	t.Logf("1,000 lines: %d equal to their badge validated alone (%d distinct verdicts), %d invalid where alone the input is refused",
		len(lines)-refused, len(kinds), refused)
}

// TestBatchMemoryIsFlat is the memory half of issue 10's first "done when": the peak live heap of
// a batch of 10,000 badges is within 1.5× of that of 1,000 (no result is kept once written).
func TestBatchMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 11,000 badge files")
	}
	// HeapAlloc counts garbage not yet collected as well, and how much of it piles up depends on
	// the heap the earlier tests left behind; a low GC target makes the peak follow the live heap.
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	peaks := map[int]uint64{}
	for _, n := range []int{1000, 10000} {
		list, mocks := distinctList(t, n)
		var code int
		peaks[n], _ = memwatch.DuringBytes(func() {
			code = run([]string{"validate", "--offline-map", mocks, "--from", list, "-j", "2"}, strings.NewReader(""), io.Discard, io.Discard)
		})
		if code != 1 {
			t.Fatalf("%d badges: exit %d, want 1", n, code)
		}
	}
	ratio := float64(peaks[10000]) / float64(peaks[1000])
	t.Logf("peak live heap: %s for 1,000 badges, %s for 10,000 (%.2f×)", mib(peaks[1000]), mib(peaks[10000]), ratio)
	// One MiB of slack absorbs the sampling (every 2 ms) on heaps of a few MiB; a result kept per
	// badge (a line is about 1 KiB) would add some 10 MiB at 10,000.
	if float64(peaks[10000]) > 1.5*float64(peaks[1000])+(1<<20) {
		t.Errorf("the peak live heap grows %.2f× from 1,000 to 10,000 badges (%s to %s): the batch keeps something per badge",
			ratio, mib(peaks[1000]), mib(peaks[10000]))
	}
}

func mib(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// TestVerdictsDoNotDependOnMemories: the process-wide memories of pure functions (internal/memos)
// change no verdict: each badge of a batch of 200, validated again alone after every memory was
// emptied (as in a new process), gets the verdict its batch line has, found with the memories the
// 199 others filled.
func TestVerdictsDoNotDependOnMemories(t *testing.T) {
	if n := memos.Count(); n < 6 {
		t.Fatalf("%d process-wide memories are registered; the verifier keeps at least 6", n)
	}
	list, mocks := distinctList(t, 200)
	out, stderr, code := batchStdout(t, "validate", "--offline-map", mocks, "--from", list, "-j", "2")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", code, stderr)
	}
	compared := 0
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var ln struct {
			Input string `json:"input"`
			Index *int   `json:"index"`
		}
		if err := json.Unmarshal([]byte(l), &ln); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		if ln.Index == nil || *ln.Index%4 != 0 {
			continue // the summary line; and a quarter of the badges is enough
		}
		memos.ForgetAll()
		single, _, code := batchStdout(t, "validate", "--format", "json", "--offline-map", mocks, ln.Input)
		if code == 2 {
			continue // refused alone: TestBatchEqualsOneAtATime says what its line must be
		}
		var one struct {
			Report json.RawMessage `json:"report"`
		}
		if err := json.Unmarshal([]byte(single), &one); err != nil {
			t.Fatalf("%s alone: %v\n%s", ln.Input, err, single)
		}
		if got, want := reportVerdict(t, json.RawMessage(l)), reportVerdict(t, one.Report); got != want {
			t.Errorf("%s: with the memories of the batch %s, with none %s", ln.Input, got, want)
		}
		compared++
	}
	if compared < 30 {
		t.Fatalf("%d badges compared: the test saw too little", compared)
	}
	t.Logf("%d badges: the same verdict with every memory emptied as with the batch's", compared)
}
