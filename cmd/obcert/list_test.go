package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// goldenCatalogue is the reviewed spec catalogue: `obcert list --format json`.
var goldenCatalogue = filepath.Join("..", "..", "suites", "testdata", "catalogue.golden.json")

func listOutput(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(append([]string{"list"}, args...), strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("obcert list %v: exit %d: %s", args, code, errb.String())
	}
	return out.String()
}

func TestCatalogueGolden(t *testing.T) {
	got := listOutput(t, "--format", "json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(goldenCatalogue), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenCatalogue, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(goldenCatalogue)
	if err != nil {
		t.Fatalf("%v; run make golden after review", err)
	}
	if got != string(want) {
		t.Errorf("the spec catalogue differs from %s (- golden, + now):\n%s\nrun make golden after review",
			goldenCatalogue, lineDiff(string(want), got))
	}
}

// lineDiff is a minimal line diff: the longest common subsequence kept, the rest marked - or +.
func lineDiff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var sb strings.Builder
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			i, j = i+1, j+1
		case i < len(x) && (j == len(y) || lcs[i+1][j] >= lcs[i][j+1]):
			fmt.Fprintf(&sb, "-%d: %s\n", i+1, x[i])
			i++
		default:
			fmt.Fprintf(&sb, "+%d: %s\n", j+1, y[j])
			j++
		}
	}
	return sb.String()
}

func TestLineDiff(t *testing.T) {
	got := lineDiff("a\nb\nc", "a\nB\nc\nd")
	if got != "-2: b\n+2: B\n+4: d\n" {
		t.Errorf("lineDiff = %q", got)
	}
}

func TestListFormatsAgree(t *testing.T) {
	var fromJSON, fromYAML []specView
	if err := json.Unmarshal([]byte(listOutput(t, "--format", "json")), &fromJSON); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal([]byte(listOutput(t, "--format", "yaml")), &fromYAML); err != nil {
		t.Fatal(err)
	}
	if len(fromJSON) == 0 || len(fromJSON) != len(fromYAML) {
		t.Fatalf("json lists %d specs, yaml %d", len(fromJSON), len(fromYAML))
	}
	table := listOutput(t)
	for i, v := range fromJSON {
		if fromYAML[i].ID != v.ID || !strings.Contains(table, v.ID) {
			t.Errorf("spec %d: json %s, yaml %s, or missing from the table", i, v.ID, fromYAML[i].ID)
		}
	}
}

func TestListProfileFilters(t *testing.T) {
	var all, cert []specView
	if err := json.Unmarshal([]byte(listOutput(t, "--format", "json")), &all); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(listOutput(t, "--format", "json", "--profile", "cert-2.0")), &cert); err != nil {
		t.Fatal(err)
	}
	for _, v := range cert {
		if !strings.Contains(strings.Join(v.Profiles, " "), "cert-2.0") {
			t.Errorf("%s is listed under cert-2.0 but its profiles are %v", v.ID, v.Profiles)
		}
	}
	if len(cert) > len(all) {
		t.Errorf("cert-2.0 lists %d specs, more than all %d", len(cert), len(all))
	}
	var errb bytes.Buffer
	if code := run([]string{"list", "--format", "xml"}, strings.NewReader(""), &bytes.Buffer{}, &errb); code != 2 {
		t.Errorf("--format xml: exit %d, want 2", code)
	}
	if code := run([]string{"list", "--profile", "gold"}, strings.NewReader(""), &bytes.Buffer{}, &errb); code != 2 {
		t.Errorf("--profile gold: exit %d, want 2", code)
	}
}
