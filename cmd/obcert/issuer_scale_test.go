package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/obcert/obcert"
)

// scaleIssuer is a loopback issuer of n hosted badges at /a/{i}: badge i is awarded to another
// recipient when i%10 == 3, has expired when i%10 == 7, and is not there (404) when i%100 == 99.
// It counts the requests in flight at once.
type scaleIssuer struct {
	origin         string
	inFlight, most atomic.Int64
	requests       atomic.Int64
}

func newScaleIssuer(t *testing.T) *scaleIssuer {
	s := &scaleIssuer{}
	png := tinyPNG(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		for m := s.most.Load(); now > m && !s.most.CompareAndSwap(m, now); m = s.most.Load() {
		}
		s.requests.Add(1)
		time.Sleep(500 * time.Microsecond) // long enough for concurrent requests to overlap
		ct := "application/ld+json"
		if r.Header.Get("Accept") == "application/json" {
			ct = "application/json"
		}
		o := s.origin
		var body string
		switch p := r.URL.Path; {
		case p == "/issuer":
			body = `{"@context":"https://w3id.org/openbadges/v2","type":"Issuer","id":"` + o + `/issuer","name":"Scale","url":"` + o + `/","email":"nobody@scale.example"}`
		case p == "/badgeclass":
			body = `{"@context":"https://w3id.org/openbadges/v2","type":"BadgeClass","id":"` + o + `/badgeclass","name":"Scale","description":"One of many.","image":"` + o + `/image.png","criteria":{"narrative":"None."},"issuer":"` + o + `/issuer"}`
		case p == "/image.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(png)
			return
		case strings.HasPrefix(p, "/a/"):
			i, err := strconv.Atoi(strings.TrimPrefix(p, "/a/"))
			if err != nil || i%100 == 99 {
				http.NotFound(w, r)
				return
			}
			who, expires := "conformance@imsglobal.org", ""
			if i%10 == 3 {
				who = "someone-else@scale.example"
			}
			if i%10 == 7 {
				expires = `,"expires":"2021-01-01T00:00:00Z"`
			}
			body = `{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"` + o + p + `",
			  "recipient":{"type":"email","hashed":false,"identity":"` + who + `"},
			  "issuedOn":"2020-01-01T00:00:00Z"` + expires + `,"badge":"` + o + `/badgeclass","verification":{"type":"HostedBadge"}}`
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", ct)
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	s.origin = srv.URL
	return s
}

// TestIssuerBadgesFrom certifies an issuer that declares 2,000 hosted badges through
// issuer.badgesFrom with issuer.perHostConcurrency 3: the run completes; the issuer never has more
// than 3 requests in flight (and does have several: the badges are verified concurrently); each
// result carries at most 20 findings, with findingsTotal when there are more, and a message that
// opens with a summary and lists 20; the result's first evidence is an NDJSON file holding every
// finding and unread badge, exactly the faulty badges.
func TestIssuerBadgesFrom(t *testing.T) {
	const n = 2000
	iss := newScaleIssuer(t)
	dir := t.TempDir()
	var list strings.Builder
	list.WriteString("# every badge the scale issuer issued\n\n")
	label := func(i int) string { return fmt.Sprintf("badges.txt:%d", i+3) }
	var wrongRecipient, missing []string
	for i := range n {
		fmt.Fprintf(&list, "%s/a/%d\n", iss.origin, i)
		switch {
		case i%100 == 99:
			missing = append(missing, label(i))
		case i%10 == 3:
			wrongRecipient = append(wrongRecipient, label(i))
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "badges.txt"), []byte(list.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cand := writeCandidate(t, dir, "candidate: {name: scale}\nissuer:\n  badges: []\n  badgesFrom: badges.txt\n  perHostConcurrency: 3\n")
	out := filepath.Join(dir, "out")
	code, _, stderr := runWith(t, registered(), "run", "-c", cand, "--out", out, "--role", "issuer")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (not conformant: the faulty badges); stderr %.2000s", code, stderr)
	}
	if most := iss.most.Load(); most > 3 || most < 2 {
		t.Errorf("at most %d requests were in flight to the issuer at once, want 2 or 3 (perHostConcurrency 3, verified concurrently)", most)
	}
	if iss.requests.Load() < n {
		t.Fatalf("the issuer answered %d requests for %d badges", iss.requests.Load(), n)
	}
	r := readReport(t, out)
	var recipient *obcert.Result
	for i, res := range r.Results {
		if res.State == obcert.StateError || res.State == obcert.StateInterrupted {
			t.Errorf("%s: %s: %.300s", res.ID, res.State, res.Message)
		}
		if len(res.Findings) > 20 {
			t.Errorf("%s carries %d findings, want at most 20", res.ID, len(res.Findings))
		}
		if len(res.Evidence) > 50 {
			t.Errorf("%s names %d pieces of evidence, want at most 50 (exchanges.har holds every exchange)", res.ID, len(res.Evidence))
		}
		if lines := strings.Count(res.Message, "\n"); lines > 21 {
			t.Errorf("%s: a message of %d lines", res.ID, lines+1)
		}
		if res.ID == "issuer/recipient" {
			recipient = &r.Results[i]
		}
	}
	if recipient == nil {
		t.Fatal("no issuer/recipient result")
	}
	if len(recipient.Checked) != n-len(missing) {
		t.Errorf("issuer/recipient checked %d badges, want %d", len(recipient.Checked), n-len(missing))
	}
	const file = "evidence/findings/issuer-recipient.ndjson"
	if len(recipient.Evidence) == 0 || recipient.Evidence[0] != file {
		t.Fatalf("issuer/recipient's evidence does not start with %s: %.5v", file, recipient.Evidence)
	}
	first := strings.SplitN(recipient.Message, "\n", 2)[0]
	if !strings.Contains(first, fmt.Sprintf("%d subjects could not be read", len(missing))) || !strings.Contains(first, "every one is in "+file) ||
		!strings.HasSuffix(recipient.Message, "more, in "+file) {
		t.Errorf("issuer/recipient's message does not summarize: %s", recipient.Message)
	}

	// The file holds every problem: exactly the badges awarded to someone else, and the missing ones.
	fh, err := os.Open(filepath.Join(out, filepath.FromSlash(file)))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var findings int
	var about, unread []string
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		var l struct {
			Spec, Subject, Unread string
			Requirements          []string
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil || l.Spec != "issuer/recipient" || l.Subject == "" {
			t.Fatalf("%s: line %q", file, sc.Text())
		}
		if l.Unread != "" {
			unread = append(unread, l.Subject)
			continue
		}
		findings++
		if !slices.Contains(about, l.Subject) {
			about = append(about, l.Subject)
		}
	}
	if !slices.Equal(about, wrongRecipient) || !slices.Equal(unread, missing) {
		t.Errorf("%s names %d badges with findings (want the %d awarded to someone else) and %d unread (want %d)", file, len(about), len(wrongRecipient), len(unread), len(missing))
	}
	if recipient.FindingsTotal != findings || findings < len(wrongRecipient) || len(recipient.Findings) != 20 {
		t.Errorf("issuer/recipient: findingsTotal %d, %d in the report; the file holds %d", recipient.FindingsTotal, len(recipient.Findings), findings)
	}
	// The bundle carries the findings files (and the badgesFrom list), and verifies.
	bundle := filepath.Join(dir, "scale.tar.gz")
	if code, _, stderr := runWith(t, registered(), "bundle", out, "-o", bundle); code != 0 {
		t.Fatalf("bundle: %s", stderr)
	}
	if code, stdout, stderr := runWith(t, registered(), "verify", bundle); code != 0 || !strings.Contains(stdout, "the report is consistent") {
		t.Errorf("verify: exit %d\n%s%s", code, stdout, stderr)
	}
	if names := tarNames(t, bundle); !slices.Contains(names, file) || !slices.Contains(names, "badges.txt") {
		t.Errorf("the bundle holds %v, without %s or badges.txt", names, file)
	}
	for _, f := range recipient.Findings {
		if !slices.Contains(wrongRecipient[:20], f.Subject) {
			t.Errorf("issuer/recipient's findings in the report name %s, not one of the first 20 faulty badges", f.Subject)
		}
	}
}

// TestIssuerBadgesFromCheck: the candidate file's check names the field and the line: a missing
// badgesFrom file, a line that is no badge, a file that names none, a perHostConcurrency out of
// range are usage errors (exit 2) before anything runs.
func TestIssuerBadgesFromCheck(t *testing.T) {
	for _, c := range []struct {
		name, list, extra, want string
	}{
		{"missing file", "", "", `issuer.badgesFrom: "badges.txt": no such file or directory`},
		{"bad line", "https://badges.example/a/1\nftp://badges.example/a/2\n", "", `issuer.badgesFrom: line 2: url: "ftp://badges.example/a/2" is not an absolute http(s) URL`},
		{"missing badge file", "https://badges.example/a/1\nbadges/none.png\n", "", `issuer.badgesFrom: line 2: file: "badges/none.png"`},
		{"bad JSON line", `{"name": "x", "URL": "https://badges.example/a/1"}` + "\n", "", `issuer.badgesFrom: line 1: unknown key "URL"`},
		{"two sources in a line", `{"url": "https://badges.example/a/1", "jws": "e.f.g"}` + "\n", "", "issuer.badgesFrom: line 1: set exactly one of url, file, jws"},
		{"no badge", "# nothing yet\n\n", "", `issuer.badgesFrom: "badges.txt" names no badge`},
		{"concurrency", "https://badges.example/a/1\n", "  perHostConcurrency: 1000\n", "issuer.perHostConcurrency: 1000 is not between 1 and 64"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if c.list != "" || c.name == "no badge" {
				os.WriteFile(filepath.Join(dir, "badges.txt"), []byte(c.list), 0o644)
			}
			cand := writeCandidate(t, dir, "candidate: {name: check}\nissuer:\n  badges: []\n  badgesFrom: badges.txt\n"+c.extra)
			code, _, stderr := runWith(t, registered(), "run", "-c", cand, "--out", filepath.Join(dir, "out"), "--role", "issuer")
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, want 2; stderr %q, want %q", code, stderr, c.want)
			}
		})
	}
}
