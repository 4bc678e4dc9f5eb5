package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/obcert/obcert/internal/limits"
)

// batchLines runs obcert with args and stdin and returns its NDJSON lines decoded, the raw lines
// without their elapsed time, stderr and the exit status.
func batchRun(t *testing.T, stdin string, args ...string) ([]batchLine, []string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(stdin), &stdout, &stderr)
	var lines []batchLine
	var raw []string
	elapsed := regexp.MustCompile(`,"elapsedMs":[0-9.e+-]+`)
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var l batchLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("line is not JSON: %v\n%s", err, sc.Text())
		}
		lines = append(lines, l)
		raw = append(raw, elapsed.ReplaceAllString(sc.Text(), ""))
	}
	return lines, raw, stderr.String(), code
}

func scenarioDirs(t *testing.T) []string {
	dirs, _ := filepath.Glob(filepath.Join(scenarios, "*"))
	if len(dirs) != 14 {
		t.Fatalf("expected 14 scenarios under %s, found %d", scenarios, len(dirs))
	}
	for i := range dirs {
		dirs[i], _ = filepath.Abs(dirs[i])
	}
	return dirs
}

// TestBatchScenarios runs each scenario's input three times as an NDJSON batch on standard input
// (with its recipient profile), with a garbage line in the middle, and checks each line's verdict
// equals the recorded one and the single validation's counts, the garbage line fails on its own,
// and the batch goes on.
func TestBatchScenarios(t *testing.T) {
	for _, dir := range scenarioDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			sc := readScenario(t, dir)
			t.Chdir(dir)
			rec := strings.TrimSpace(string(sc.RecipientProfile))
			single := []string{"validate", "--format", "json", "--offline-map", "mocks.json"}
			item := map[string]any{"input": sc.Input}
			if rec != "" && rec != "null" {
				single = append(single, "--recipient", rec)
				item["recipient"] = json.RawMessage(rec)
			}
			var one bytes.Buffer
			run(append(single, sc.Input), strings.NewReader(""), &one, &bytes.Buffer{})
			var want struct{ Report batchLine }
			if err := json.Unmarshal(one.Bytes(), &want); err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(item)
			stdin := string(b) + "\n" + string(b) + "\n" + "not a badge at all\n" + string(b) + "\n"
			lines, _, stderr, code := batchRun(t, stdin, "validate", "--offline-map", "mocks.json", "--from", "-", "-j", "3")
			if len(lines) != 4 {
				t.Fatalf("%d lines, want 4; stderr %s", len(lines), stderr)
			}
			for i, l := range lines {
				if l.Index != i {
					t.Errorf("line %d has index %d", i, l.Index)
				}
				if i == 2 {
					if l.Valid || l.ErrorCount == 0 || len(l.Messages) == 0 || len(l.Messages[0].Requirements) == 0 {
						t.Errorf("garbage line: %+v", l)
					}
					continue
				}
				if l.Valid != sc.ObservedHere.Valid || l.ValidationSubject != sc.ObservedHere.ValidationSubject {
					t.Errorf("line %d: valid %v subject %q, recorded %v %q", i, l.Valid, l.ValidationSubject, sc.ObservedHere.Valid, sc.ObservedHere.ValidationSubject)
				}
				if l.ErrorCount != want.Report.ErrorCount || l.WarningCount != want.Report.WarningCount || l.Revoked != want.Report.Revoked {
					t.Errorf("line %d: %d errors %d warnings revoked %v; alone %d %d %v", i, l.ErrorCount, l.WarningCount, l.Revoked,
						want.Report.ErrorCount, want.Report.WarningCount, want.Report.Revoked)
				}
			}
			if code != 1 {
				t.Errorf("exit %d, want 1 (the garbage line is invalid)", code)
			}
			nvalid := 0
			if sc.ObservedHere.Valid {
				nvalid = 3
			}
			if want := fmt.Sprintf("4 badges: %d valid, %d invalid, 0 incomplete", nvalid, 4-nvalid); !strings.Contains(stderr, want) {
				t.Errorf("stderr %q, want %q", stderr, want)
			}
		})
	}
}

func readScenario(t *testing.T, dir string) (sc scenario) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "scenario.json"))
	if err == nil {
		err = json.Unmarshal(raw, &sc)
	}
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// signedDir is the scenario whose badges the tests below copy: a signed Assertion and its map.
func signedDir(t *testing.T) (dir, mocks string) {
	dir, _ = filepath.Abs(filepath.Join(scenarios, "11-signed-valid"))
	return dir, filepath.Join(dir, "mocks.json")
}

// TestBatchDirectory validates a directory: its badge files by extension or content, in name order,
// with a garbage file and a file over the size limit failing on their own lines.
func TestBatchDirectory(t *testing.T) {
	src, mocks := signedDir(t)
	jws, err := os.ReadFile(filepath.Join(src, "assertion.jws"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.jws", jws)
	write("b-garbage.json", []byte("\x00\x01 garbage {"))
	write("c-huge.json", bytes.Repeat([]byte(" "), limits.MaxBadgeBytes+1))
	write("d.txt", jws)                    // a JWS by content
	write("e-notes.md", []byte("# notes")) // not a badge: skipped
	write(".hidden.json", jws)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	lines, _, stderr, code := batchRun(t, "", "validate", "--offline-map", mocks, dir)
	var names []string
	for _, l := range lines {
		names = append(names, filepath.Base(l.Input))
	}
	if !slices.Equal(names, []string{"a.jws", "b-garbage.json", "c-huge.json", "d.txt"}) {
		t.Fatalf("inputs %v; stderr %s", names, stderr)
	}
	if !lines[0].Valid || !lines[3].Valid || lines[1].Valid || lines[2].Valid {
		t.Errorf("verdicts %v %v %v %v", lines[0].Valid, lines[1].Valid, lines[2].Valid, lines[3].Valid)
	}
	if len(lines[2].Messages) == 0 || !strings.Contains(lines[2].Messages[0].Result, "larger than") {
		t.Errorf("huge file: %+v", lines[2].Messages)
	}
	if code != 1 || !strings.Contains(stderr, "4 badges: 2 valid, 2 invalid, 0 incomplete") {
		t.Errorf("exit %d, stderr %s", code, stderr)
	}
}

// batchList writes a list of n inputs mixing valid signed badges, a BadgeClass, garbage and a
// missing file, and returns its path.
func batchList(t *testing.T, n int) string {
	src, _ := signedDir(t)
	kinds := []string{filepath.Join(src, "assertion.jws"), filepath.Join(src, "badgeclass.json"), "garbage text",
		filepath.Join(src, "assertion.jws"), filepath.Join(src, "no-such-file.json")}
	var b strings.Builder
	b.WriteString("# a comment, then an empty line\n\n")
	for i := range n {
		b.WriteString(kinds[i%len(kinds)] + "\n")
	}
	p := filepath.Join(t.TempDir(), "list.txt")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBatchJobs: -j 4 writes the same lines, in the same (input) order, as -j 1.
func TestBatchJobs(t *testing.T) {
	_, mocks := signedDir(t)
	list := batchList(t, 23)
	_, one, err1, code1 := batchRun(t, "", "validate", "--offline-map", mocks, "--from", list, "-j", "1")
	_, four, err4, code4 := batchRun(t, "", "validate", "--offline-map", mocks, "--from", list, "-j", "4")
	if len(one) != 23 || !slices.Equal(one, four) || code1 != code4 || code1 != 1 {
		t.Fatalf("-j 1 (%d lines, exit %d) and -j 4 (%d lines, exit %d) differ", len(one), code1, len(four), code4)
	}
	// The issuer's documents are fetched once for the whole batch, by one worker or four (single
	// flight): the same summary, and far fewer fetches than badges.
	want := "23 badges: 14 valid, 9 invalid, 0 incomplete (documents: 5 fetched, "
	if !strings.HasPrefix(err1, want) || !strings.HasPrefix(err4, want) {
		t.Errorf("summaries %q and %q, want %q...", err1, err4, want)
	}
}

// TestBatchExitCodes: 0 all valid, 1 any invalid, 3 any incomplete, 2 usage.
func TestBatchExitCodes(t *testing.T) {
	src, mocks := signedDir(t)
	jws := filepath.Join(src, "assertion.jws")
	for _, c := range []struct {
		name string
		args []string
		want int
	}{
		{"all valid", []string{jws, jws}, 0},
		{"one invalid", []string{jws, "garbage"}, 1},
		{"incomplete", []string{"--timeout", "1ns", jws, "garbage"}, 3},
		{"bad -j", []string{"-j", "0", jws, jws}, 2},
		{"bad shard", []string{"--shard", "4/4", jws, jws}, 2},
		{"shard count too large", []string{"--shard", "0/1000000", jws, jws}, 2},
		{"missing --from", []string{"--from", filepath.Join(src, "nope.txt")}, 2},
		{"no input", []string{}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, stderr, code := batchRun(t, "", append([]string{"validate", "--offline-map", mocks}, c.args...)...)
			if code != c.want {
				t.Errorf("exit %d, want %d; stderr %s", code, c.want, stderr)
			}
		})
	}
}

// TestBatchLongLine: a --from line over the size limit fails on its own line; the next goes on.
func TestBatchLongLine(t *testing.T) {
	src, mocks := signedDir(t)
	stdin := strings.Repeat("x", limits.MaxBadgeBytes+10) + "\n" + filepath.Join(src, "assertion.jws") + "\n"
	lines, _, stderr, code := batchRun(t, stdin, "validate", "--offline-map", mocks, "--from", "-")
	if len(lines) != 2 || lines[0].Valid || !lines[1].Valid || code != 1 {
		t.Fatalf("lines %+v exit %d stderr %s", lines, code, stderr)
	}
	if !strings.Contains(lines[0].Messages[0].Result, "larger than") {
		t.Errorf("long line: %+v", lines[0].Messages)
	}
}

// TestBatchNDJSON: with --ndjson (alone it reads standard input) a line that is not
// {"input","recipient"} fails on its own line; a recipient that does not match makes its badge
// invalid, one that matches keeps it valid; --format text gives one line per badge.
func TestBatchNDJSON(t *testing.T) {
	src, mocks := signedDir(t)
	jws, _ := json.Marshal(filepath.Join(src, "assertion.jws"))
	stdin := `{"input":` + string(jws) + `,"recipient":"someone-else@example.org"}` + "\n" +
		`{"input":` + string(jws) + `,"extra":1}` + "\n" +
		`{"input":` + string(jws) + `}` + "\n"
	lines, _, stderr, code := batchRun(t, stdin, "validate", "--offline-map", mocks, "--ndjson")
	if len(lines) != 3 || lines[0].Valid || lines[1].Valid || !lines[2].Valid || code != 1 {
		t.Fatalf("lines %+v exit %d stderr %s", lines, code, stderr)
	}
	if !strings.Contains(lines[1].Messages[0].Result, "not an NDJSON input line") {
		t.Errorf("bad line: %+v", lines[1].Messages)
	}
	var stdout bytes.Buffer
	run([]string{"validate", "--offline-map", mocks, "--ndjson", "--format", "text"}, strings.NewReader(stdin), &stdout, &bytes.Buffer{})
	text := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(text) != 3 || !strings.HasPrefix(text[0], "INVALID\t") || !strings.HasPrefix(text[2], "VALID\t") {
		t.Errorf("text output:\n%s", stdout.String())
	}
}

// TestBatchHangingServer: a badge whose server never answers is stopped by --timeout and gets its
// incomplete line; the badges after it are still validated, and the batch exits 3.
func TestBatchHangingServer(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	lines, _, stderr, code := batchRun(t, "", "validate", "--timeout", "300ms", "-j", "2", srv.URL+"/assertion", "garbage", "{}")
	if len(lines) != 3 || !lines[0].Incomplete || lines[0].Valid || lines[1].Valid || lines[2].Valid || code != 3 {
		t.Fatalf("lines %+v exit %d stderr %s", lines, code, stderr)
	}
	if !strings.Contains(stderr, "3 badges: 0 valid, 2 invalid, 1 incomplete") {
		t.Errorf("stderr %s", stderr)
	}
}

// TestBatchRedacts: a batch line and a merged file hold none of the secrets of a badge URL, even
// when the line is longer than any write buffer.
func TestBatchRedacts(t *testing.T) {
	origin := serveDocs(t, badgeDocs(t, nil, nil))
	u := secretURL(origin)
	list := filepath.Join(t.TempDir(), "list.txt")
	os.WriteFile(list, []byte(strings.Repeat(u+"\n", 3)), 0o644)
	var stdout, stderr bytes.Buffer
	run([]string{"validate", "--from", list, "--timeout", "5s"}, strings.NewReader(""), &stdout, &stderr)
	shard := filepath.Join(t.TempDir(), "shard.ndjson")
	os.WriteFile(shard, []byte(`{"index":0,"run":"r1","shard":"0/1","input":"`+u+`","incompleteReason":"`+strings.Repeat("x", 10000)+`"}`+"\n"+
		`{"summary":{"run":"r1","harness":"h","shard":"0/1","inputs":1,"lines":1}}`+"\n"), 0o644)
	merged := filepath.Join(t.TempDir(), "merged.ndjson")
	run([]string{"report", "merge", "-o", merged, shard}, strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	m, _ := os.ReadFile(merged)
	for name, text := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String(), "merged": string(m)} {
		if name != "stderr" && !strings.Contains(text, "REDACTED") {
			t.Errorf("%s redacts nothing:\n%.300s", name, text)
		}
		for _, s := range plantedSecrets {
			if strings.Contains(text, s) {
				t.Errorf("%s holds %q", name, s)
			}
		}
	}
}
