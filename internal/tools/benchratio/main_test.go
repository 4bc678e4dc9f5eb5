package main

import (
	"strings"
	"testing"
)

// canned is go test -bench output of two runs (-count 2), one with a -2 GOMAXPROCS suffix, with the
// lines a real run prints around the figures.
const canned = `goos: linux
goarch: amd64
pkg: github.com/obcert/obcert/cmd/obcert
cpu: Intel(R) Xeon(R) Processor
BenchmarkFloorHosted   	    2000	     10000 ns/op	    3558 B/op	      95 allocs/op
BenchmarkFloorHosted   	    2000	     12000 ns/op	    3558 B/op	      95 allocs/op
BenchmarkFloorSigned-2 	    2000	     40000 ns/op	    8942 B/op	     144 allocs/op
BenchmarkFloorSigned-2 	    2000	     40000 ns/op	    8942 B/op	     144 allocs/op
BenchmarkBatchHosted   	    2000	     22000 ns/op	      3759 badges/s	  114716 B/op	    1737 allocs/op
BenchmarkBatchHosted   	    2000	     44000 ns/op	      3759 badges/s	  114716 B/op	    1739 allocs/op
BenchmarkBatchSigned-2 	    2000	    200000 ns/op	      2396 badges/s	  150998 B/op	    2127 allocs/op
BenchmarkBatchSigned-2 	    2000	    200000 ns/op	      2396 badges/s	  150998 B/op	    2127 allocs/op
BenchmarkColdSigned    	    2000	    552000 ns/op	  198341 B/op	    2507 allocs/op
BenchmarkFloorBakedPNG 	    2000	     15000 ns/op	    5340 B/op	     138 allocs/op
BenchmarkBatchBakedPNG 	    2000	     30000 ns/op	    3759 badges/s	  14000 B/op	     140 allocs/op
PASS
ok  	github.com/obcert/obcert/cmd/obcert	5.216s
`

func TestRatiosOfCannedOutput(t *testing.T) {
	var out strings.Builder
	if err := run(strings.NewReader(canned), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	t.Log("\n" + got)
	lines := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(got), "\n")[1:] {
		lines[strings.Fields(l)[0]] = l
	}
	want := map[string][]string{
		// fastest 10000 and 22000: 2.2×; medians 11000 and 33000: 3.0×; paired 22000/10000 and
		// 44000/12000: 2.2× and 3.7×, median 2.9×, within the target
		"FloorHosted": {"2", "10000", "11000", "95"},
		"BatchHosted": {"2", "22000", "33000", "1738", "FloorHosted", "2.2×", "3.0×", "2.9×", "within"},
		"FloorSigned": {"2", "40000", "144"},
		"BatchSigned": {"2", "200000", "2127", "5000", "FloorSigned", "5.0×", "above"},
		"ColdSigned":  {"1", "552000", "2507", "FloorSigned", "13.8×"},
		// a baked badge is set beside its own floor, and its ratio to the hosted one is said too
		"FloorBakedPNG": {"1", "15000", "138"},
		"BatchBakedPNG": {"1", "30000", "FloorBakedPNG", "2.0×", "within", "(3.0×", "FloorHosted)"},
	}
	if len(lines) != len(want) {
		t.Errorf("%d lines, want %d", len(lines), len(want))
	}
	for name, fields := range want {
		l, ok := lines[name]
		if !ok {
			t.Errorf("no line for %s", name)
			continue
		}
		have := strings.Fields(l)
		for _, f := range fields {
			found := false
			for _, h := range have {
				found = found || h == f
			}
			if !found {
				t.Errorf("line %q lacks %q", l, f)
			}
		}
	}
	if strings.Contains(lines["ColdSigned"], "target") {
		t.Errorf("a cold benchmark is marked against the batch target: %q", lines["ColdSigned"])
	}
}

func TestRefusesOutputWithoutFloors(t *testing.T) {
	in := "BenchmarkBatchHosted 10 22000 ns/op\n"
	if err := run(strings.NewReader(in), &strings.Builder{}); err == nil {
		t.Fatal("no error for output without floor figures")
	}
}

func TestRefusesBadNumber(t *testing.T) {
	in := "BenchmarkFloorHosted 10 abc ns/op\n"
	if err := run(strings.NewReader(in), &strings.Builder{}); err == nil {
		t.Fatal("no error for a figure that is not a number")
	}
}

// TestPairedRatioIsHeldToTheTarget: a pipeline whose fastest run beats its floor's fastest by
// less than 3× is still above the target when, round by round, it is more than 3× its floor: the
// floor's fastest run came from a quicker moment of the host than the pipeline's.
func TestPairedRatioIsHeldToTheTarget(t *testing.T) {
	in := `BenchmarkFloorHosted 10 8000 ns/op
BenchmarkBatchHosted 10 30000 ns/op
BenchmarkFloorHosted 10 10000 ns/op
BenchmarkBatchHosted 10 31000 ns/op
BenchmarkFloorHosted 10 10000 ns/op
BenchmarkBatchHosted 10 23000 ns/op
BenchmarkFloorSigned 10 40000 ns/op
`
	var out strings.Builder
	if err := run(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	// fastest 23000 / 8000 = 2.9×; paired 3.75×, 3.1×, 2.3×: median 3.1×
	if got := out.String(); !strings.Contains(got, "2.9×") || !strings.Contains(got, "3.1×") || !strings.Contains(got, "above the 3× target") {
		t.Errorf("the paired ratio is not the one held to the target:\n%s", got)
	}
}
