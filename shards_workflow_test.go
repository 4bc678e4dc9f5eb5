package obcert_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// shardWorkflowProblems checks what actionlint cannot: the matrix's shards, the SHARDS count and
// the --shard flag agree, and the merge job waits for the matrix and merges its artifacts.
func shardWorkflowProblems(raw []byte) []string {
	var wf struct {
		Env  map[string]string
		Jobs map[string]struct {
			Needs    any
			Strategy struct {
				Matrix struct{ Shard []int }
			}
			Steps []struct{ Run string }
		}
	}
	if err := yaml.Unmarshal(raw, &wf); err != nil {
		return []string{err.Error()}
	}
	var problems []string
	v, m := wf.Jobs["validate"], wf.Jobs["merge"]
	shards := v.Strategy.Matrix.Shard
	if fmt.Sprint(len(shards)) != wf.Env["SHARDS"] {
		problems = append(problems, fmt.Sprintf("env SHARDS is %q but the matrix has %d shards", wf.Env["SHARDS"], len(shards)))
	}
	for i, s := range shards {
		if s != i {
			problems = append(problems, fmt.Sprintf("matrix.shard must be 0 to N-1 in order, has %v", shards))
			break
		}
	}
	runs := func(steps []struct{ Run string }) string {
		var b strings.Builder
		for _, s := range steps {
			b.WriteString(s.Run)
		}
		return b.String()
	}
	if !strings.Contains(runs(v.Steps), `--shard "${SHARD}/${SHARDS}"`) {
		problems = append(problems, `the validate job does not run obcert validate --shard "${SHARD}/${SHARDS}"`)
	}
	if fmt.Sprint(m.Needs) != "validate" || !strings.Contains(runs(m.Steps), "obcert report merge shards/shard-*.ndjson") {
		problems = append(problems, "the merge job must need validate and run obcert report merge over the shards")
	}
	return problems
}

func TestActionlintShardWorkflow(t *testing.T) {
	const name = "examples/github/obcert-shards.yml"
	raw, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range lint(t, name, raw) {
		t.Errorf("%s: %s", name, e.Error())
	}
	for _, p := range shardWorkflowProblems(raw) {
		t.Errorf("%s: %s", name, p)
	}
	// The controls: a broken copy is refused, by actionlint or by the check above.
	for _, c := range []struct{ what, from, to string }{
		{"an undefined matrix key", "SHARD: ${{ matrix.shard }}", "SHARD: ${{ matrix.shards }}"},
		{"a job the merge needs that does not exist", "needs: validate", "needs: validat"},
		{"a misspelt step key", "if-no-files-found: error", "if-no-file-found: error"},
		{"a shard count the matrix does not have", "SHARDS: 4 #", "SHARDS: 3 #"},
		{"a matrix without shard 3", "shard: [0, 1, 2, 3]", "shard: [0, 1, 2, 4]"},
		{"no --shard", `--shard "${SHARD}/${SHARDS}"`, `--shard "${SHARD}"`},
	} {
		if !bytes.Contains(raw, []byte(c.from)) {
			t.Fatalf("%s no longer holds %q: update the control", name, c.from)
		}
		broken := bytes.Replace(raw, []byte(c.from), []byte(c.to), 1)
		if len(lint(t, "broken.yml", broken)) == 0 && len(shardWorkflowProblems(broken)) == 0 {
			t.Errorf("a copy with %s passes: the check could not fail", c.what)
		}
	}
}
