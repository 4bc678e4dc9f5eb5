package obcert_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"go.yaml.in/yaml/v3"
)

// lint runs actionlint on a workflow, with the repository as its project so that a `uses: ./`
// step is checked against action.yml's inputs.
func lint(t *testing.T, name string, workflow []byte) []*actionlint.Error {
	t.Helper()
	proj, err := actionlint.NewProject(".")
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	l, err := actionlint.NewLinter(&log, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint(name, workflow, proj)
	if err != nil {
		t.Fatalf("actionlint %s: %v", name, err)
	}
	return errs
}

// actionInputs are the inputs action.yml declares.
func actionInputs(t *testing.T) map[string]struct{ Default string } {
	t.Helper()
	raw, err := os.ReadFile("action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var md struct {
		Inputs map[string]struct{ Default string }
	}
	if err := yaml.Unmarshal(raw, &md); err != nil {
		t.Fatal(err)
	}
	return md.Inputs
}

// localWorkflow uses the action in this repository (uses: ./) with the inputs given.
func localWorkflow(with map[string]string) []byte {
	var b strings.Builder
	b.WriteString("name: local\non: push\njobs:\n  obcert:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n")
	b.WriteString("      - id: obcert\n        uses: ./\n        with:\n")
	for k, v := range with {
		fmt.Fprintf(&b, "          %s: %q\n", k, v)
	}
	b.WriteString("      - run: echo \"${{ steps.obcert.outputs.verdict }} ${{ steps.obcert.outputs.exit-code }}\"\n")
	return []byte(b.String())
}

func TestActionlintPassesTheActionAndTheExampleWorkflow(t *testing.T) {
	example, err := os.ReadFile("examples/github/obcert.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range lint(t, "examples/github/obcert.yml", example) {
		t.Errorf("examples/github/obcert.yml: %s", e.Error())
	}
	with := map[string]string{}
	for name := range actionInputs(t) {
		with[name] = "x"
	}
	if len(with) < 5 {
		t.Fatalf("action.yml declares the inputs %v", with)
	}
	for _, e := range lint(t, "local.yml", localWorkflow(with)) {
		t.Errorf("a workflow using every input of action.yml: %s", e.Error())
	}
	// The control: actionlint reads action.yml, so an input it does not declare is an error.
	if errs := lint(t, "bad.yml", localWorkflow(map[string]string{"no-such-input": "x"})); len(errs) == 0 {
		t.Error("actionlint accepts an input action.yml does not declare: it did not read action.yml, and the check above could not fail")
	}
}

var expression = regexp.MustCompile(`\$\{\{\s*(inputs|steps\.run\.outputs)\.([a-z-]+)\s*\}\}`)

// TestActionScriptsRunLocally runs the script steps of action.yml with bash, as the runner would,
// with an obcert built from this checkout on PATH in place of the go install step: a run of the
// reference passes and writes the job summary; a faulted one makes the last step exit 1.
func TestActionScriptsRunLocally(t *testing.T) {
	if testing.Short() {
		t.Skip("builds obcert and runs the reference")
	}
	bin := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "obcert"), "./cmd/obcert").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for name, c := range map[string]struct {
		args     string
		lastExit int
		verdict  string
	}{
		"clean":   {"", 0, "CONFORMANT"},
		"faulted": {"--reference-fault hosted-out-of-scope", 1, "NOT_CONFORMANT"},
	} {
		t.Run(name, func(t *testing.T) {
			outputs, summary, lastExit := runActionScripts(t, bin, map[string]string{"args": c.args})
			if outputs["verdict"] != c.verdict || lastExit != c.lastExit {
				t.Errorf("outputs %v, last step exit %d; want verdict %s and exit %d", outputs, lastExit, c.verdict, c.lastExit)
			}
			if !strings.Contains(summary, "## obcert: "+strings.ReplaceAll(c.verdict, "_", `\_`)) {
				t.Errorf("the job summary:\n%s", summary)
			}
		})
	}
}

// actionStep is a step of action.yml as the local run needs it.
type actionStep struct {
	Name, Run string
	Env       map[string]string
}

func actionSteps(t *testing.T) []actionStep {
	t.Helper()
	raw, err := os.ReadFile("action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var md struct{ Runs struct{ Steps []actionStep } }
	if err := yaml.Unmarshal(raw, &md); err != nil {
		t.Fatal(err)
	}
	return md.Runs.Steps
}

// runActionScripts runs every `run` step of action.yml but the install in a fresh workspace, and
// returns the step outputs, the job summary and the exit status of the last step.
func runActionScripts(t *testing.T, bin string, inputs map[string]string) (map[string]string, string, int) {
	t.Helper()
	for name, in := range actionInputs(t) {
		if _, ok := inputs[name]; !ok {
			inputs[name] = in.Default
		}
	}
	work := t.TempDir()
	files := map[string]string{}
	for _, k := range []string{"GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_PATH"} {
		files[k] = filepath.Join(work, k)
		if err := os.WriteFile(files[k], nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exit := -1
	for _, step := range actionSteps(t) {
		if step.Run == "" || strings.HasPrefix(step.Name, "Install") {
			continue
		}
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step.Run)
		cmd.Dir = work
		cmd.Env = stepEnv(step, bin, files, inputs, readOutputs(t, files["GITHUB_OUTPUT"]))
		out, err := cmd.CombinedOutput()
		if exit = cmd.ProcessState.ExitCode(); err != nil && exit < 0 {
			t.Fatalf("step %q: %v\n%s", step.Name, err, out)
		}
	}
	summary, _ := os.ReadFile(files["GITHUB_STEP_SUMMARY"])
	return readOutputs(t, files["GITHUB_OUTPUT"]), string(summary), exit
}

// stepEnv is the environment the runner gives a step: obcert on PATH, the files of the
// workflow commands, and the step's env with its expressions evaluated.
func stepEnv(step actionStep, bin string, files, inputs, outputs map[string]string) []string {
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	for k, v := range files {
		env = append(env, k+"="+v)
	}
	for k, v := range step.Env {
		env = append(env, k+"="+expression.ReplaceAllStringFunc(v, func(e string) string {
			m := expression.FindStringSubmatch(e)
			if m[1] == "inputs" {
				return inputs[m[2]]
			}
			return outputs[m[2]]
		}))
	}
	return env
}

func readOutputs(t *testing.T, path string) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(raw), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			out[k] = v
		}
	}
	return out
}
