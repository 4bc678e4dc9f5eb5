package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

// adversarialDir holds obcert's own hand-made corpus (see its README.md); genadversarial writes it.
const adversarialDir = "testdata/adversarial"

// strictEnv, when set to 1, reports every disagreement as a failure, known ones included.
const strictEnv = "OBCERT_ADVERSARIAL_STRICT"

// tableEnv, when set to a file name, receives a Markdown table of every case's verdicts.
const tableEnv = "OBCERT_ADVERSARIAL_TABLE"

type adversarialCase struct {
	Family      string   `json:"family"`
	Description string   `json:"description"`
	Input       string   `json:"input"`
	Recipient   string   `json:"recipient"`
	Now         string   `json:"now"`
	Algorithms  string   `json:"algorithms"`
	Needs       []string `json:"needs"`
	Expect      struct {
		Valid               *bool    `json:"valid"`
		Revoked             *bool    `json:"revoked"`
		ErrorRequirements   []string `json:"errorRequirements"`
		WarningRequirements []string `json:"warningRequirements"`
	} `json:"expect"`
	Clause struct {
		Requirement string `json:"requirement"`
		Quote       string `json:"quote"`
	} `json:"clause"`
}

type validatorOutput struct {
	Report struct {
		Valid    bool `json:"valid"`
		Revoked  bool `json:"revoked"`
		Messages []struct {
			Name         string   `json:"name"`
			MessageLevel string   `json:"messageLevel"`
			Result       string   `json:"result"`
			Requirements []string `json:"requirements"`
		} `json:"messages"`
	} `json:"report"`
}

// adversarialRow is one line of the summary table.
type adversarialRow struct {
	name, family, expected, today, state string
	known                                bool
}

// TestAdversarialCorpus runs obcert validate on every case of the adversarial corpus, as
// TestValidatorCoreScenarios runs the reference validator's scenarios, and compares the verdict
// and the requirement IDs with what the spec asks for. A disagreement fails the test unless the
// case is listed in known-disagreements.txt (then it is logged as known); a listed case that
// agrees fails too, so the list shrinks as the core is fixed. OBCERT_ADVERSARIAL_STRICT=1 fails on
// every disagreement.
func TestAdversarialCorpus(t *testing.T) {
	base, err := filepath.Abs(adversarialDir)
	if err != nil {
		t.Fatal(err)
	}
	known, err := readKnownDisagreements(filepath.Join(base, "known-disagreements.txt"))
	if err != nil {
		t.Fatal(err)
	}
	strict := os.Getenv(strictEnv) == "1"
	dirs, _ := filepath.Glob(filepath.Join(base, "[0-9][0-9]-*"))
	if len(dirs) < 60 {
		t.Fatalf("the corpus has %d cases, want at least 60", len(dirs))
	}
	seen := map[string]bool{}
	var rows []adversarialRow
	disagreements, unexpected, pending := 0, 0, 0
	for _, dir := range dirs {
		name := filepath.Base(dir)
		seen[name] = true
		row := adversarialRow{name: name, known: known[name] != ""}
		t.Run(name, func(t *testing.T) {
			sc, err := readAdversarialCase(dir)
			if err != nil {
				row.state = "broken"
				t.Fatal(err)
			}
			row.family, row.expected = sc.Family, verdictOf(*sc.Expect.Valid, sc.Expect.Revoked != nil && *sc.Expect.Revoked)
			t.Chdir(dir)
			code, out, stderr := runAdversarial(sc)
			if slices.Contains(sc.Needs, "algorithms") && code == 2 && strings.Contains(stderr, "unknown flag") {
				row.today, row.state = "n/a", "pending"
				pending++
				t.Skip("pending core support: validate has no --algorithms flag yet")
			}
			problems := compareAdversarial(sc, code, out, stderr)
			if out != nil {
				row.today = verdictOf(out.Report.Valid, out.Report.Revoked)
			} else {
				row.today = fmt.Sprintf("exit %d", code)
			}
			switch {
			case len(problems) == 0 && row.known:
				row.state = "stale"
				t.Errorf("listed in known-disagreements.txt (%s) but now agrees with the spec: remove it from the list", known[name])
			case len(problems) == 0:
				row.state = "agrees"
			case row.known && !strict:
				row.state = "known"
				disagreements++
				t.Logf("known disagreement (%s):\n  %s", known[name], strings.Join(problems, "\n  "))
			default:
				row.state = "DISAGREES"
				disagreements++
				unexpected++
				t.Errorf("disagrees with the spec (%s %q):\n  %s", sc.Clause.Requirement, sc.Clause.Quote, strings.Join(problems, "\n  "))
			}
		})
		rows = append(rows, row)
	}
	for name, reason := range known {
		if !seen[name] {
			t.Errorf("known-disagreements.txt lists %s (%s), which is not a case", name, reason)
		}
	}
	t.Logf("adversarial cases: %d, disagreements: %d (known %d, unexpected %d), pending core support: %d",
		len(dirs), disagreements, disagreements-unexpected, unexpected, pending)
	if p := os.Getenv(tableEnv); p != "" {
		if err := os.WriteFile(p, adversarialTable(rows), 0o644); err != nil {
			t.Error(err)
		}
	}
}

func readAdversarialCase(dir string) (*adversarialCase, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "scenario.json"))
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	var sc adversarialCase
	if err := dec.Decode(&sc); err != nil {
		return nil, fmt.Errorf("scenario.json: %w", err)
	}
	switch {
	case sc.Input == "":
		return nil, fmt.Errorf("scenario.json has no input")
	case sc.Expect.Valid == nil:
		return nil, fmt.Errorf("scenario.json has no expect.valid")
	case strings.TrimSpace(sc.Clause.Requirement) == "" || strings.TrimSpace(sc.Clause.Quote) == "":
		return nil, fmt.Errorf("scenario.json names no clause: every case quotes the spec sentence and the requirement ID behind its verdict")
	}
	if err := checkQuote(sc.Clause.Requirement, sc.Clause.Quote); err != nil {
		return nil, err
	}
	return &sc, nil
}

// checkQuote confirms the quoted sentence is in the catalogue text of its requirement.
func checkQuote(req, quote string) error {
	r, ok := obcert.LookupRequirement(req)
	if !ok {
		return fmt.Errorf("clause names %s, which is not in the catalogue", req)
	}
	if !strings.Contains(r.Text, quote) {
		return fmt.Errorf("clause quote %q is not in the text of %s", quote, req)
	}
	return nil
}

func runAdversarial(sc *adversarialCase) (int, *validatorOutput, string) {
	args := []string{"validate", "--format", "json", "--offline-map", "mocks.json"}
	if sc.Recipient != "" {
		args = append(args, "--recipient", sc.Recipient)
	}
	if sc.Now != "" {
		args = append(args, "--now", sc.Now)
	}
	if sc.Algorithms != "" {
		args = append(args, "--algorithms", sc.Algorithms)
	}
	args = append(args, sc.Input)
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(""), &stdout, &stderr)
	var out validatorOutput
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return code, nil, stderr.String()
	}
	return code, &out, stderr.String()
}

// compareAdversarial lists every way the output departs from the expected verdict.
func compareAdversarial(sc *adversarialCase, code int, out *validatorOutput, stderr string) []string {
	if out == nil {
		return []string{fmt.Sprintf("output is not JSON (exit %d): %s", code, strings.TrimSpace(stderr))}
	}
	var problems []string
	r := out.Report
	if r.Valid != *sc.Expect.Valid {
		problems = append(problems, fmt.Sprintf("valid = %v, the spec asks for %v", r.Valid, *sc.Expect.Valid))
	}
	if sc.Expect.Revoked != nil && r.Revoked != *sc.Expect.Revoked {
		problems = append(problems, fmt.Sprintf("revoked = %v, the spec asks for %v", r.Revoked, *sc.Expect.Revoked))
	}
	wantCode := 0
	if !*sc.Expect.Valid {
		wantCode = 1
	}
	if code != wantCode {
		problems = append(problems, fmt.Sprintf("exit %d, want %d", code, wantCode))
	}
	named := func(level string) map[string]bool {
		m := map[string]bool{}
		for _, msg := range r.Messages {
			if msg.MessageLevel == level {
				for _, id := range msg.Requirements {
					m[id] = true
				}
			}
		}
		return m
	}
	errs, warns := named("ERROR"), named("WARNING")
	for _, id := range sc.Expect.ErrorRequirements {
		if !errs[id] {
			problems = append(problems, "no ERROR message names "+id)
		}
	}
	for _, id := range sc.Expect.WarningRequirements {
		if !warns[id] {
			problems = append(problems, "no WARNING message names "+id)
		}
	}
	if len(problems) > 0 {
		for _, msg := range r.Messages {
			problems = append(problems, fmt.Sprintf("  got %s %s %v: %s", msg.MessageLevel, msg.Name, msg.Requirements, msg.Result))
		}
	}
	return problems
}

func verdictOf(valid, revoked bool) string {
	switch {
	case revoked && !valid:
		return "invalid (revoked)"
	case revoked:
		return "valid (revoked)"
	case valid:
		return "valid"
	}
	return "invalid"
}

// readKnownDisagreements reads "case-name  reason" lines; # starts a comment.
func readKnownDisagreements(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	known := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, reason, _ := strings.Cut(line, " ")
		reason = strings.TrimSpace(reason)
		if reason == "" {
			return nil, fmt.Errorf("%s: %s has no reason", path, name)
		}
		if _, dup := known[name]; dup {
			return nil, fmt.Errorf("%s: %s listed twice", path, name)
		}
		known[name] = reason
	}
	return known, sc.Err()
}

func adversarialTable(rows []adversarialRow) []byte {
	sort.Slice(rows, func(i, j int) bool { return rows[i].name < rows[j].name })
	var b bytes.Buffer
	b.WriteString("| case | family | expected | today | known | result |\n|---|---|---|---|---|---|\n")
	for _, r := range rows {
		k := ""
		if r.known {
			k = "yes"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", r.name, r.family, r.expected, r.today, k, r.state)
	}
	return b.Bytes()
}
