package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// plantedSecrets are known secret values in a badge URL: a password, a token, an API key and a
// signature. None may appear in any output.
var plantedSecrets = []string{"s3cretpass", "T0KEN-planted", "K3Y-planted", "S1G-planted"}

func secretURL(origin string) string {
	return strings.Replace(origin, "http://", "http://user:s3cretpass@", 1) +
		"/assertion?access_token=T0KEN-planted&api_key=K3Y-planted&sig=S1G-planted"
}

// TestNoSecretInAnyOutput certifies, and validates, a badge whose URL carries credentials: the
// fetched node declares another id (the OBJ-38 warning quotes the URL), and no output file,
// stdout or stderr holds any planted value.
func TestNoSecretInAnyOutput(t *testing.T) {
	origin := serveDocs(t, badgeDocs(t, nil, nil))
	dir := t.TempDir()
	cand := writeCandidate(t, dir, "candidate: {name: secrets}\nissuer:\n  badges:\n    - url: "+secretURL(origin)+"\n")
	out := filepath.Join(dir, "out")
	_, stdout, stderr := runWith(t, registered(), "run", "-c", cand, "--out", out, "--request-timeout", "2s")
	texts := map[string]string{"run stdout": stdout, "run stderr": stderr}
	entries, err := os.ReadDir(out)
	if err != nil || len(entries) < 6 {
		t.Fatalf("output directory: %v, %d files", err, len(entries))
	}
	for _, e := range entries {
		texts[e.Name()] = string(mustRead(t, filepath.Join(out, e.Name())))
	}
	if !strings.Contains(texts["report.json"], "REDACTED") {
		t.Errorf("report.json redacts nothing: is the planted URL in it at all?")
	}
	_, vout, verr := validate(t, "", secretURL(origin))
	texts["validate stdout"], texts["validate stderr"] = vout, verr
	for name, text := range texts {
		for _, s := range plantedSecrets {
			if strings.Contains(text, s) {
				i := strings.Index(text, s)
				t.Errorf("%s holds %q: …%s…", name, s, text[max(0, i-120):min(len(text), i+40)])
			}
		}
	}
}
