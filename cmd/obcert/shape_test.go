package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges/bake"
	"github.com/obcert/obcert/reference"
	"github.com/obcert/obcert/suites"
)

// throwaway is a role that exists only in this test: it reaches origin and checks one endpoint.
func throwaway(origin string) suites.Suite {
	role := obcert.Role("tester")
	return suites.Suite{
		Role: role,
		Specs: []suites.Spec{{ID: "tester/answers", Role: role, Requirements: []string{"HOST-01"}, Level: obcert.MUST,
			Profiles: []obcert.Profile{obcert.ProfileFull}, Title: "answers at its origin",
			Body: func(ctx context.Context, env *suites.Env, _ suites.Spec) suites.Outcome {
				var o suites.Outcome
				if _, err := env.Client.Get(ctx, origin+"/ping", ""); err != nil {
					o.CouldNotReach(origin, err.Error())
					return o
				}
				o.Check(origin + "/ping")
				return o
			}}},
		Origins: func(obcert.CandidateFile) []string { return []string{origin} },
	}
}

// TestANewRoleIsOneSuiteRecord adds a role through its suite record alone: it is listed, selected,
// preflighted and reported, with no edit to the runner or the command line's code.
func TestANewRoleIsOneSuiteRecord(t *testing.T) {
	var preflights, pings atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			preflights.Add(1)
		} else {
			pings.Add(1)
		}
	}))
	defer srv.Close()
	ss := append(registered(), throwaway(srv.URL))

	code, stdout, _ := runWith(t, ss, "list", "--format", "json")
	if code != 0 || !strings.Contains(stdout, `"id": "tester/answers"`) {
		t.Fatalf("list: exit %d, the new role's spec is not listed:\n%s", code, stdout)
	}
	dir := t.TempDir()
	cand := writeCandidate(t, dir, "candidate: {name: new role}\n")
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runWith(t, ss, "run", "-c", cand, "--role", "tester", "--out", out)
	if code != 0 {
		t.Fatalf("run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	r := readReport(t, out)
	if len(r.Results) != 2 || r.Results[0].ID != "tester/preflight" || r.Results[1].ID != "tester/answers" ||
		r.Results[0].State != obcert.StatePassed || r.Results[1].State != obcert.StatePassed ||
		len(r.Roles) != 1 || r.Roles[0].Role != "tester" || r.Roles[0].Verdict != obcert.Conformant {
		t.Errorf("report: roles %+v results %+v", r.Roles, r.Results)
	}
	if preflights.Load() != 1 || pings.Load() != 1 {
		t.Errorf("preflight %d, spec requests %d; want 1 and 1", preflights.Load(), pings.Load())
	}
}

// TestNothingPassesWhenNothingCanBeRead runs every spec against a candidate whose every URL
// answers 401 and whose badge file holds no badge: no spec passes, and each failure names the
// badge it could not read.
func TestNothingPassesWhenNothingCanBeRead(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="badges"`)
		http.Error(w, "sign in first", http.StatusUnauthorized)
	}))
	defer srv.Close()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "badge.png"), []byte("\x89PNG\r\n\x1a\nnot really"), 0o644); err != nil {
		t.Fatal(err)
	}
	cand := writeCandidate(t, dir, "candidate: {name: locked}\nissuer:\n  badges:\n"+
		"    - {name: hosted, url: "+srv.URL+"/assertions/1}\n"+
		"    - {name: baked, url: "+srv.URL+"/badge.png}\n"+
		"    - {name: file, file: badge.png}\n"+
		"  revoked:\n    - {name: revoked, url: "+srv.URL+"/assertions/2}\n")
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runWith(t, registered(), "run", "-c", cand, "--out", out)
	if code != 1 {
		t.Errorf("exit %d, want 1 (NOT_CONFORMANT)\n%s\n%s", code, stdout, stderr)
	}
	r := readReport(t, out)
	for _, res := range r.Results {
		switch {
		case res.ID == "issuer/preflight": // the candidate did answer (401)
		case res.State == obcert.StatePassed:
			t.Errorf("%s passed having read nothing (checked %v)", res.ID, res.Checked)
		case res.State == obcert.StateSkipped && !strings.Contains(res.Message, "declares no"):
			t.Errorf("%s skipped: %s", res.ID, res.Message)
		case res.State == obcert.StateFailed && !regexp.MustCompile(`(hosted|baked|file|revoked|issuer\.badges)`).MatchString(res.Message):
			t.Errorf("%s failed without naming the badge: %s", res.ID, res.Message)
		}
		for _, badge := range []string{"hosted:", "baked:"} {
			if res.State == obcert.StateFailed && strings.Contains(res.Message, badge) &&
				!regexp.MustCompile(badge+` GET \S+ answered 401 Unauthorized`).MatchString(res.Message) {
				t.Errorf("%s does not name the 401 of %s %s", res.ID, badge, res.Message)
			}
		}
	}
	if r.Verdict != obcert.NotConformant {
		t.Errorf("verdict %s", r.Verdict)
	}
}

// goDump matches what a matcher or %v of a Go value prints: no report may contain it.
var goDump = regexp.MustCompile(`Expected <|\b(obcert|suites|issuer|verify|openbadges|httpx|runner|types)\.[A-Z]\w*|map\[[a-z]|interface \{\}|\bstruct \{`)

func TestGoDumpPatternFindsDumps(t *testing.T) {
	for _, dump := range []string{"Expected <[]issuer.checked | len:0", "value map[string]interface {}{}", "*verify.Result"} {
		if !goDump.MatchString(dump) {
			t.Errorf("the pattern misses %q", dump)
		}
	}
	if goDump.MatchString("issuer.badges[0]: GET http://x/a answered 401") {
		t.Error("the pattern takes a sentence for a dump")
	}
}

// TestNoReportHoldsAGoDump renders every report of a failing run and looks for matcher dumps and
// Go type names.
func TestNoReportHoldsAGoDump(t *testing.T) {
	for _, fault := range []string{"", "bad-signature", "badgeclass-not-found", "png-not-baked", "wrong-recipient"} {
		dir := t.TempDir()
		args := []string{"run", "--out", dir}
		if fault != "" {
			args = append(args, "--reference-fault", fault)
		}
		var stdout, stderr bytes.Buffer
		run(args, strings.NewReader(""), &stdout, &stderr)
		for _, p := range append(outputFiles(dir), filepath.Join(dir, "ginkgo.log"), "stdout") {
			b := stdout.Bytes()
			if p != "stdout" {
				var err error
				if b, err = os.ReadFile(p); err != nil {
					t.Fatal(err)
				}
			}
			if m := goDump.Find(b); m != nil {
				t.Errorf("fault %q: %s holds %q", fault, filepath.Base(p), m)
			}
		}
		var doc map[string]any
		if err := json.Unmarshal(mustRead(t, filepath.Join(dir, "report.json")), &doc); err != nil {
			t.Errorf("report.json: %v", err)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAHostedBadgeHostedNowhereIsNotConformant certifies a candidate whose only badge is a baked
// PNG of an Assertion that claims HostedBadge while it, its BadgeClass and its issuer have urn:uuid
// ids: hosted nowhere, it can never be verified hosted.
func TestAHostedBadgeHostedNowhereIsNotConformant(t *testing.T) {
	assertion := `{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
	  "id": "urn:uuid:0b6e1d1e-4c1b-4f6e-9f63-3f0e3c1f6a10",
	  "recipient": {"type": "email", "hashed": false, "identity": "conformance@imsglobal.org"},
	  "issuedOn": "2026-01-01T00:00:00Z", "verification": {"type": "HostedBadge"},
	  "badge": {"type": "BadgeClass", "id": "urn:uuid:7d7c3a2b-1f0e-4b8e-a0f1-5b2c9d8e7f60", "name": "Nowhere",
	    "description": "Hosted nowhere.", "image": "data:image/png;base64,` + tinyPNGBase64(t) + `",
	    "criteria": {"narrative": "None."},
	    "issuer": {"type": "Issuer", "id": "urn:uuid:3c9d7e1f-2a4b-4c6d-8e0f-1a2b3c4d5e6f", "name": "Nobody",
	      "url": "https://nobody.example/", "email": "nobody@nobody.example"}}}`
	baked, err := bake.BakePNG(tinyPNG(t), assertion)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "nowhere.png"), baked, 0o644); err != nil {
		t.Fatal(err)
	}
	cand := writeCandidate(t, dir, "candidate: {name: nowhere}\nissuer:\n  badges:\n    - {name: nowhere, file: nowhere.png}\n")
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runWith(t, registered(), "run", "-c", cand, "--out", out)
	r := readReport(t, out)
	if code != 1 || r.Verdict != obcert.NotConformant {
		t.Fatalf("exit %d verdict %s, want 1 NOT_CONFORMANT\n%s\n%s", code, r.Verdict, stdout, stderr)
	}
	for _, res := range r.Results {
		if res.ID == "issuer/hosted-id-in-scope" {
			if res.State != obcert.StateFailed || !strings.Contains(res.Message, "VERIFY-11") || !strings.Contains(res.Message, "ISSUER-11") {
				t.Errorf("hosted-id-in-scope %s: %s", res.State, res.Message)
			}
			return
		}
	}
	t.Error("no issuer/hosted-id-in-scope result")
}

// tinyPNG is a 2×2 PNG.
func tinyPNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func tinyPNGBase64(t *testing.T) string { return base64.StdEncoding.EncodeToString(tinyPNG(t)) }

// TestCandidateFileNarrowsAlgorithms certifies the reference (which signs with RS256) with a
// candidate file that accepts only ES256: its signed badges no longer verify.
func TestCandidateFileNarrowsAlgorithms(t *testing.T) {
	srv, err := reference.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cf := srv.CandidateFile()
	dir := t.TempDir()
	for algs, wantCode := range map[string]int{"ES256": 1, "RS256": 0, "HS256": 2} {
		cf.Issuer.Algorithms = []string{algs}
		b, err := yaml.Marshal(cf)
		if err != nil {
			t.Fatal(err)
		}
		cand := writeCandidate(t, dir, string(b))
		out := filepath.Join(dir, "out-"+algs)
		code, stdout, stderr := runWith(t, registered(), "run", "-c", cand, "--out", out, "--requirement", "VERIFY-19")
		if code != wantCode {
			t.Errorf("algorithms %s: exit %d, want %d\n%s%s", algs, code, wantCode, stdout, stderr)
		}
		if wantCode == 2 && !strings.Contains(stderr, "issuer.algorithms") {
			t.Errorf("algorithms %s: the error does not name the field: %s", algs, stderr)
		}
	}
}
