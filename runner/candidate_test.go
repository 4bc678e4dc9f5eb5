package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadCandidateErrorsNameTheField(t *testing.T) {
	cases := map[string]struct{ content, want string }{
		"unknown field": {"candidate: {name: x}\nissuer:\n  badges:\n    - url: http://127.0.0.1/a\n    - urll: http://127.0.0.1/b\n",
			`issuer.badges[1].urll: unknown field (line 5, column 7)`},
		"unknown top-level field": {"candidate: {name: x}\nprofiel: full\n", `profiel: unknown field (line 2, column 1)`},
		"two of url, file, jws": {"issuer:\n  badges:\n    - url: http://127.0.0.1/a\n    - url: http://127.0.0.1/b\n      jws: a.b.c\n",
			"issuer.badges[1]: set exactly one of url, file, jws"},
		"none of url, file, jws": {"issuer:\n  revoked:\n    - name: nothing\n  badges: []\n",
			"issuer.revoked[0]: set exactly one of url, file, jws"},
		"missing file": {"issuer:\n  badges:\n    - file: missing.png\n",
			`issuer.badges[0]: file: "missing.png": no such file or directory`},
		"not http": {"issuer:\n  badges:\n    - url: ftp://127.0.0.1/a\n",
			`issuer.badges[0]: url: "ftp://127.0.0.1/a" is not an absolute http(s) URL`},
		"relative url":     {"issuer:\n  badges:\n    - url: /a\n", `issuer.badges[0]: url: "/a" is not an absolute http(s) URL`},
		"unknown profile":  {"profile: gold\n", `profile: unknown profile "gold"`},
		"bad timeout":      {"timeouts:\n  spec: soon\n", `timeouts.spec: "soon" is not a duration`},
		"negative timeout": {"timeouts:\n  run: -1m\n", `timeouts.run: "-1m" must be positive`},
		"missing CA file":  {"tls:\n  caFile: ca.pem\n", `tls.caFile: "ca.pem": no such file or directory`},
		"empty":            {"", "the candidate file is empty"},
		"two documents":    {"candidate: {name: a}\n---\ncandidate: {name: b}\n", "one YAML document"},
		"wrong type":       {"issuer:\n  badges: yes\n", "line 2, column 11: found a string (yes) where a list is expected"},
		"unclosed quote":   {"candidate:\n  name: x\nissuer:\n  badges:\n    - url: \"http://a\n    - url: b\n", "line 5, column 12: could not find end character of double-quoted text"},
		"tab indentation":  {"candidate:\n  name: x\n\tfoo: 1\n", `line 3, column 1: found character '\t' that cannot start any token`},
		"unclosed flow":    {"candidate:\n  name: [x\n", "line 2, column 9"},
		"case matters":     {`{"Candidate": {"name": "x"}}`, "Candidate: unknown field"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "candidate.yaml", c.content)
			_, _, err := LoadCandidate(path, issuerOnly)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error containing %q", err, c.want)
			}
			if !strings.HasPrefix(err.Error(), path+": ") {
				t.Errorf("the error does not name the file: %v", err)
			}
		})
	}
}

func TestLoadCandidateReportsEveryBadProblem(t *testing.T) {
	path := writeFile(t, t.TempDir(), "c.yaml", "issuer:\n  badges:\n    - {}\n    - url: x\n")
	_, _, err := LoadCandidate(path, issuerOnly)
	for _, want := range []string{"issuer.badges[0]:", "issuer.badges[1]:"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want it to contain %q", err, want)
		}
	}
}

func TestLoadCandidateAcceptsYAMLAndJSON(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "baked.png", "not really a png")
	yamlText := "candidate: {name: Acme Badges, version: '3.1', vendor: Acme}\nprofile: cert-2.0\n" +
		"timeouts: {request: 5s, spec: 30s, run: 5m}\nissuer:\n  recipient: conformance@imsglobal.org\n" +
		"  badges:\n    - {name: hosted, url: 'https://127.0.0.1:8443/a/1'}\n    - {file: baked.png}\n    - {jws: a.b.c}\n"
	jsonText := `{"candidate": {"name": "Acme Badges", "version": "3.1", "vendor": "Acme"}, "profile": "cert-2.0",
	"timeouts": {"request": "5s", "spec": "30s", "run": "5m"},
	"issuer": {"recipient": "conformance@imsglobal.org", "badges": [
		{"name": "hosted", "url": "https://127.0.0.1:8443/a/1"}, {"file": "baked.png"}, {"jws": "a.b.c"}]}}`
	for name, text := range map[string]string{"c.yaml": yamlText, "c.json": jsonText} {
		path := writeFile(t, dir, name, text)
		cf, sum, err := LoadCandidate(path, issuerOnly)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := sha256.Sum256([]byte(text))
		if sum != hex.EncodeToString(want[:]) {
			t.Errorf("%s: sha256 %s is not the file's", name, sum)
		}
		if cf.Candidate.Name != "Acme Badges" || cf.Profile != "cert-2.0" || cf.Timeouts.Spec != "30s" ||
			cf.Issuer == nil || len(cf.Issuer.Badges) != 3 || cf.Issuer.Badges[1].File != "baked.png" {
			t.Errorf("%s: decoded %+v", name, cf)
		}
	}
}

func TestLoadCandidateRefusesLargeFiles(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.png")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 16<<20+1); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, dir, "c.yaml", "issuer:\n  badges:\n    - file: big.png\n")
	if _, _, err := LoadCandidate(path, issuerOnly); err == nil || !strings.Contains(err.Error(), "issuer.badges[0]: file:") {
		t.Errorf("got %v, want the badge file refused as too large", err)
	}
	huge := writeFile(t, dir, "huge.yaml", "# "+strings.Repeat("x", MaxCandidateFileBytes)+"\n")
	if _, _, err := LoadCandidate(huge, issuerOnly); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("got %v, want the candidate file refused as too large", err)
	}
}

// TestInlineFieldsAreKnown decodes displayer.badges, whose badge fields come from an inline
// BadgeRef, in YAML and JSON, and names an unknown key among them with its path.
func TestInlineFieldsAreKnown(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"c.yaml": "displayer:\n  mode: adapter\n  adapter: http://127.0.0.1:1\n  badges:\n    - {name: mine, url: 'http://127.0.0.1:2/a', status: valid}\n",
		"c.json": `{"displayer": {"mode": "adapter", "adapter": "http://127.0.0.1:1", "badges": [{"name": "mine", "url": "http://127.0.0.1:2/a", "status": "valid"}]}}`,
	} {
		cf, _, err := LoadCandidate(writeFile(t, dir, name, text), issuerOnly)
		if err != nil || cf.Displayer == nil || len(cf.Displayer.Badges) != 1 ||
			cf.Displayer.Badges[0].Name != "mine" || cf.Displayer.Badges[0].URL != "http://127.0.0.1:2/a" || cf.Displayer.Badges[0].Status != "valid" {
			t.Errorf("%s: %v, decoded %+v", name, err, cf.Displayer)
		}
	}
	_, _, err := LoadCandidate(writeFile(t, dir, "bad.yaml", "displayer:\n  badges:\n    - {urll: x, status: valid}\n"), issuerOnly)
	if err == nil || !strings.Contains(err.Error(), "displayer.badges[0].urll: unknown field (line 3, column 8); known fields: name, url, file, jws, status") {
		t.Errorf("got %v", err)
	}
}
