package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/reports"
)

// runCase is one hostile way of answering the badge URL of a candidate, and the causes a result
// of `obcert run` must name.
type runCase struct {
	name     string
	handlers hostileHandlers // the badge is at /badge
	docs     hostileDocs     // more documents (the badge's own, with badgeDocs)
	causes   []string
	noLink   bool // the cause is in a document that was read, not in a failed exchange
	warn     bool // a warning naming the cause will do: the case breaks a SHOULD
	inline   bool // the message itself links the exchange (a transport failure)
	// limit and maxMB bound the run's time and allocation (default 8 s and 300 MB).
	limit time.Duration
	maxMB uint64
	// jws, when set, makes the badge the compact JWS it returns for the origin (a jws: entry).
	jws func(origin string) string
}

var evidenceLink = regexp.MustCompile(`exchanges\.har#entry=\d+`)

// transportCases are the hostile answers of issue 8's third condition, and their kin.
func transportCases() []runCase {
	mb := []byte(strings.Repeat(" ", 1<<20))
	bombBytes()
	return []runCase{
		{name: "200 MB body", handlers: hostileHandlers{"/badge": endless(mb, 200<<20)},
			causes: []string{"response body too large: more than 16 MiB"}},
		{name: "gzip bomb", handlers: hostileHandlers{"/badge": gzipBomb},
			causes: []string{"decompressed size more than 16 MiB", "compression bomb"}},
		{name: "slow drip", handlers: hostileHandlers{"/badge": drip(50*time.Millisecond, 200)},
			causes: []string{"timeout after 1s with", "bytes of the body received"}},
		{name: "silent server", handlers: hostileHandlers{"/badge": silent},
			causes: []string{"timeout after 1s with no answer"}},
		{name: "redirect loop", handlers: hostileHandlers{"/badge": redirectTo("/loop"), "/loop": redirectTo("/badge")},
			causes: []string{"redirect loop", "/badge -> ", "/loop -> "}},
		{name: "redirect chain", handlers: hostileHandlers{"/badge": redirectTo("/r1"), "/r1": redirectTo("/r2"),
			"/r2": redirectTo("/r3"), "/r3": redirectTo("/r4"), "/r4": redirectTo("/r5"), "/r5": redirectTo("/r6"), "/r6": redirectTo("/r7")},
			causes: []string{"too many redirects (limit 5)"}},
		{name: "redirect to file URL", handlers: hostileHandlers{"/badge": redirectTo("file:///etc/passwd")},
			causes: []string{"only http and https URLs are allowed"}},
		{name: "connection reset", handlers: hostileHandlers{"/badge": reset},
			causes: []string{"connection reset by the server", "closed the connection"}},
		{name: "hang-up mid-body", handlers: hostileHandlers{"/badge": hangUp},
			causes: []string{"closed the connection before the answer was complete"}},
	}
}

func TestRunNamesTheCauseAndLinksTheExchange(t *testing.T) {
	for _, c := range transportCases() {
		c.inline = true
		t.Run(c.name, func(t *testing.T) { runHostile(t, c) })
	}
}

// runHostile certifies a candidate whose one badge is at /badge of a hostile loopback server and
// checks the run: bounded, report.json and the HAR written, a failed or error result naming the
// cause and linking the exchange.
func runHostile(t *testing.T, c runCase) {
	t.Helper()
	origin := serveHostile(t, badgeDocs(t, nil, c.docs), c.handlers)
	dir := t.TempDir()
	badge := "url: " + origin + "/badge"
	if c.jws != nil {
		badge = "jws: " + c.jws(origin)
	}
	cand := writeCandidate(t, dir, "candidate: {name: hostile}\nissuer:\n  badges:\n    - "+badge+"\n")
	out := filepath.Join(dir, "out")
	var code int
	var stdout, stderr string
	if c.limit == 0 {
		c.limit, c.maxMB = 8*time.Second, 300
	}
	bounded(t, c.limit, c.maxMB, func() {
		code, stdout, stderr = runWith(t, registered(), "run", "-c", cand, "--out", out, "--request-timeout", "1s")
	})
	r := readReport(t, out)
	if _, err := os.Stat(filepath.Join(out, harFile)); err != nil {
		t.Errorf("no HAR: %v", err)
	}
	if !c.warn && (code == 0 || r.Verdict == obcert.Conformant) {
		t.Errorf("exit %d verdict %s, want a failure", code, r.Verdict)
	}
	res := causeResult(r, c.causes, c.warn)
	if res == nil {
		t.Fatalf("no failed or error result names %q\n%s\n%s", c.causes, stdout, stderr)
	}
	t.Logf("%s %s: %.300s", res.ID, res.State, res.Message)
	if !c.noLink && (c.inline && !evidenceLink.MatchString(res.Message) || len(res.Evidence) == 0) {
		t.Errorf("%s does not link the exchange: %q, evidence %v", res.ID, res.Message, res.Evidence)
	}
}

// causeResult is the first failed or error result (or warning, with warn) whose message names
// one of causes.
func causeResult(r *obcert.Report, causes []string, warn bool) *obcert.Result {
	for i, res := range r.Results {
		bad := res.State == obcert.StateFailed || res.State == obcert.StateError || warn && res.State == obcert.StateWarning
		if bad && containsAny(res.Message, causes) {
			return &r.Results[i]
		}
	}
	return nil
}

var _ = reports.JSONFile
