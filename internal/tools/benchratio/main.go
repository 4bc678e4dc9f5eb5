// Command benchratio reads `go test -bench` output and prints each pipeline benchmark's figure as a
// ratio to its floor from the same run, so that a figure holds on a noisy machine: both sides of a
// ratio were measured under the same load.
//
//	go test -run '^$' -bench 'Floor|Batch|Cold' -cpu 1 -count 5 ./cmd/obcert | go run ./internal/tools/benchratio
//
// Each benchmark's runs (-count, or rounds of -count 1 as `make bench-ratio` runs them) give two
// figures: the fastest run, which on a machine shared with other work is the steadiest estimate of
// the cost (other work only ever adds time), and the median. The ratio is the pipeline's fastest
// run over its floor's fastest run, with the ratio of medians beside it, and the paired ratio: the
// median, over the rounds, of the pipeline's run over its floor's run of the same round (the i-th
// run of each). In rounds, a pipeline and its floor run seconds apart, so a host whose speed
// drifts over minutes slows both alike; the paired ratio is the one held to the target. A benchmark whose name says Signed is set beside BenchmarkFloorSigned, one
// that says BakedPNG beside BenchmarkFloorBakedPNG when the input has it (and its ratio to
// BenchmarkFloorHosted is said too), any other beside BenchmarkFloorHosted. The batch target of issue 10 (at most 3× the floor, by the
// paired ratio) is marked on the Batch lines.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// maxBatchRatio is the target: a batch's per-badge cost within this many times its floor.
const maxBatchRatio = 3

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchratio:", err)
		os.Exit(1)
	}
}

// result holds every run of one benchmark.
type result struct {
	name   string
	ns     []float64
	allocs []float64
	bytes  []float64
}

// parse reads the benchmark lines of go test output: name, iterations, then value-unit pairs.
func parse(r io.Reader) (map[string]*result, []string, error) {
	results := map[string]*result{}
	var order []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue
		}
		name := trimCPU(strings.TrimPrefix(f[0], "Benchmark"))
		res := results[name]
		if res == nil {
			res = &result{name: name}
			results[name] = res
			order = append(order, name)
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, nil, fmt.Errorf("benchmark %s: %q is not a number", name, f[i])
			}
			switch f[i+1] {
			case "ns/op":
				res.ns = append(res.ns, v)
			case "allocs/op":
				res.allocs = append(res.allocs, v)
			case "B/op":
				res.bytes = append(res.bytes, v)
			}
		}
	}
	return results, order, sc.Err()
}

// trimCPU drops the -N GOMAXPROCS suffix go test adds to a name when N is not 1.
func trimCPU(name string) string {
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			return name[:i]
		}
	}
	return name
}

func fastest(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	m := v[0]
	for _, x := range v[1:] {
		m = min(m, x)
	}
	return m
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// paired returns the median of the ratios of the i-th runs of a pipeline and of its floor.
func paired(pipeline, floor []float64) float64 {
	var ratios []float64
	for i := range min(len(pipeline), len(floor)) {
		if floor[i] > 0 {
			ratios = append(ratios, pipeline[i]/floor[i])
		}
	}
	return median(ratios)
}

func floorOf(name string, results map[string]*result) string {
	switch {
	case strings.Contains(name, "Signed"):
		return "FloorSigned"
	case strings.Contains(name, "BakedPNG") && results["FloorBakedPNG"] != nil && len(results["FloorBakedPNG"].ns) > 0:
		return "FloorBakedPNG"
	}
	return "FloorHosted"
}

func run(r io.Reader, w io.Writer) error {
	results, order, err := parse(r)
	if err != nil {
		return err
	}
	for _, f := range []string{"FloorHosted", "FloorSigned"} {
		if res := results[f]; res == nil || len(res.ns) == 0 {
			return fmt.Errorf("no BenchmarkFloor%s figure in the input: run the floors beside the pipelines", strings.TrimPrefix(f, "Floor"))
		}
	}
	fmt.Fprintf(w, "%-14s %4s %10s %10s %9s %9s %13s %7s %7s %7s\n",
		"benchmark", "runs", "ns/op", "median", "allocs/op", "badges/s", "floor", "ratio", "median", "paired")
	for _, name := range order {
		res := results[name]
		ns := fastest(res.ns)
		if ns == 0 {
			continue
		}
		line := fmt.Sprintf("%-14s %4d %10.0f %10.0f %9.0f %9.0f", name, len(res.ns), ns, median(res.ns), median(res.allocs), 1e9/ns)
		if !strings.HasPrefix(name, "Floor") {
			floor := floorOf(name, results)
			fl := results[floor]
			ratio := ns / fastest(fl.ns)
			p := paired(res.ns, fl.ns)
			line += fmt.Sprintf(" %13s %6.1f× %6.1f× %6.1f×", floor, ratio, median(res.ns)/median(fl.ns), p)
			if strings.HasPrefix(name, "Batch") {
				if p <= maxBatchRatio {
					line += fmt.Sprintf("  within %d× of the floor", maxBatchRatio)
				} else {
					line += fmt.Sprintf("  above the %d× target", maxBatchRatio)
				}
			}
			if floor == "FloorBakedPNG" {
				line += fmt.Sprintf(" (%.1f× FloorHosted)", ns/fastest(results["FloorHosted"].ns))
			}
		}
		fmt.Fprintln(w, line)
	}
	return nil
}
