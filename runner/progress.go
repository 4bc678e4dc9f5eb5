package runner

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/obcert/obcert"
)

// progressLines is how many lines of a failure message progress shows.
const progressLines = 3

// progress prints "spec n of N" lines and failures as they happen. A nil writer is quiet.
type progress struct {
	w     io.Writer
	color bool
	total int
	lines int // how many lines of a message to show

	mu      sync.Mutex
	done    int
	lastMsg string // the last message shown: repeats are not shown again
}

func newProgress(w io.Writer, color bool, total int) *progress {
	return &progress{w: w, color: color, total: total, lines: progressLines}
}

// printf writes one line of progress.
func (p *progress) printf(format string, a ...any) {
	if p == nil || p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, format, a...)
}

// status shows a line that the next line replaces, on a terminal only.
func (p *progress) status(msg string) {
	if p == nil || p.w == nil || !p.color {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, msg)
}

// clearStatus erases the status line, on a terminal only.
func (p *progress) clearStatus() {
	if p == nil || p.w == nil || !p.color {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, "\r\033[K")
}

// before shows the spec about to run, on a terminal only: the result line replaces it.
func (p *progress) before(r types.SpecReport) {
	if p == nil || p.w == nil || !p.color {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "spec %*d of %d  %s …", p.width(), p.done+1, p.total, r.LeafNodeText)
}

func (p *progress) after(res obcert.Result) {
	if p == nil || p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if p.color {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, "spec %*d of %d  %s  %s (%s)\n", p.width(), p.done, p.total, p.paint(res.State), res.ID,
		durationText(time.Duration(res.DurationMs)*time.Millisecond))
	if res.State != obcert.StatePassed && res.Message != "" && res.Message != p.lastMsg {
		fmt.Fprintln(p.w, indent(res.Message, p.lines))
		p.lastMsg = res.Message
	}
}

// width is how many digits the total has, so that the lines align.
func (p *progress) width() int { return len(strconv.Itoa(p.total)) }

func (p *progress) paint(s obcert.State) string {
	word := fmt.Sprintf("%-11s", strings.ToUpper(string(s)))
	if !p.color {
		return word
	}
	code := map[obcert.State]string{obcert.StatePassed: "32", obcert.StateFailed: "31",
		obcert.StateWarning: "33", obcert.StateError: "35", obcert.StateInterrupted: "35", obcert.StateFlaky: "35"}[s]
	if code == "" {
		return word
	}
	return "\033[" + code + "m" + word + "\033[0m"
}

// indent keeps the first n lines of s, indented.
func indent(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return "    " + strings.Join(lines, "\n    ")
}
