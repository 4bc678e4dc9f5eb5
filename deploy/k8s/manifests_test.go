package k8s

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// manifest is one decoded document of a manifest file.
type manifest struct {
	kind string
	job  *batchv1.Job
	pvc  *corev1.PersistentVolumeClaim
}

// decodeManifests decodes every document of a multi-document YAML file into the Kubernetes API type
// its apiVersion and kind name, strictly, as the API server's strict field validation (kubectl
// apply --validate=strict) decodes: a field the type does not have (a misspelt, miscased or
// misplaced key), a duplicate key, a value of the wrong type or a malformed quantity is an error.
func decodeManifests(raw []byte) ([]manifest, error) {
	var out []manifest
	for i, doc := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(raw), -1) {
		if strings.TrimSpace(stripComments(doc)) == "" {
			continue
		}
		var head struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
		}
		if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
			return nil, fmt.Errorf("document %d: %v", i, err)
		}
		m := manifest{kind: head.Kind}
		var err error
		switch head.APIVersion + " " + head.Kind {
		case "batch/v1 Job":
			m.job = &batchv1.Job{}
			err = decodeStrict(doc, m.job)
		case "v1 PersistentVolumeClaim":
			m.pvc = &corev1.PersistentVolumeClaim{}
			err = decodeStrict(doc, m.pvc)
		default:
			err = fmt.Errorf("apiVersion %q kind %q is not one this test knows", head.APIVersion, head.Kind)
		}
		if err != nil {
			return nil, fmt.Errorf("document %d (%s): %v", i, head.Kind, err)
		}
		out = append(out, m)
	}
	return out, nil
}

// decodeStrict decodes one YAML document as the API server does: YAML to JSON (a duplicate key is an
// error), then JSON into the type with case-sensitive keys (encoding/json alone would take
// "completionmode" for "completionMode"), every unknown or duplicate field an error.
func decodeStrict(doc string, v any) error {
	j, err := yaml.YAMLToJSONStrict([]byte(doc))
	if err != nil {
		return err
	}
	strict, err := kjson.UnmarshalStrict(j, v, kjson.DisallowDuplicateFields, kjson.DisallowUnknownFields)
	if err != nil {
		return err
	}
	if len(strict) > 0 {
		msgs := make([]string, len(strict))
		for i, e := range strict {
			msgs[i] = e.Error()
		}
		return fmt.Errorf("%s", strings.Join(msgs, "; "))
	}
	return nil
}

func stripComments(doc string) string {
	var b strings.Builder
	for _, l := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

var (
	shardFlag = regexp.MustCompile(`--shard "\$\{JOB_COMPLETION_INDEX\}/(\d+)"`)
	waitCount = regexp.MustCompile(`wc -l\)" -ge (\d+) \]`)
)

// checkManifests checks what the API types cannot: the example's parts agree with each other and
// with what an Indexed Job and obcert need.
func checkManifests(ms []manifest) []string {
	var problems []string
	bad := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	claims := map[string]bool{}
	var validate, merge *batchv1.Job
	for _, m := range ms {
		switch {
		case m.pvc != nil:
			claims[m.pvc.Name] = true
			if len(m.pvc.Spec.AccessModes) != 1 || m.pvc.Spec.AccessModes[0] != corev1.ReadWriteMany {
				bad("PersistentVolumeClaim %s: the shards' pods share it at once, so it must be ReadWriteMany, not %v", m.pvc.Name, m.pvc.Spec.AccessModes)
			}
			if _, ok := m.pvc.Spec.Resources.Requests[corev1.ResourceStorage]; !ok {
				bad("PersistentVolumeClaim %s requests no storage", m.pvc.Name)
			}
		case m.job != nil && m.job.Spec.CompletionMode != nil && *m.job.Spec.CompletionMode == batchv1.IndexedCompletion:
			validate = m.job
		case m.job != nil:
			merge = m.job
		}
	}
	if validate == nil || merge == nil {
		return append(problems, "the file must hold an Indexed Job (completionMode: Indexed) that validates and a Job that merges")
	}
	for _, j := range []*batchv1.Job{validate, merge} {
		ps := j.Spec.Template.Spec
		if ps.RestartPolicy != corev1.RestartPolicyNever && ps.RestartPolicy != corev1.RestartPolicyOnFailure {
			bad("Job %s: a Job's pods restart Never or OnFailure, not %q", j.Name, ps.RestartPolicy)
		}
		vols := map[string]bool{}
		for _, v := range ps.Volumes {
			vols[v.Name] = true
			if v.PersistentVolumeClaim != nil && !claims[v.PersistentVolumeClaim.ClaimName] {
				bad("Job %s: volume %s claims %s, which this file does not declare", j.Name, v.Name, v.PersistentVolumeClaim.ClaimName)
			}
		}
		for _, c := range append(ps.InitContainers, ps.Containers...) {
			for _, vm := range c.VolumeMounts {
				if !vols[vm.Name] {
					bad("Job %s: container %s mounts %s, which is not a volume of the pod", j.Name, c.Name, vm.Name)
				}
			}
		}
	}
	n := int32(0)
	if validate.Spec.Completions != nil {
		n = *validate.Spec.Completions
	}
	if validate.Spec.Parallelism == nil || *validate.Spec.Parallelism != n || n < 1 {
		bad("Job %s: completions and parallelism must be equal and at least 1 (every shard at once)", validate.Name)
	}
	script := strings.Join(append(validate.Spec.Template.Spec.Containers[0].Command, validate.Spec.Template.Spec.Containers[0].Args...), " ")
	if sm := shardFlag.FindStringSubmatch(script); sm == nil || sm[1] != fmt.Sprint(n) {
		bad("Job %s: the container must run obcert validate --shard \"${JOB_COMPLETION_INDEX}/%d\" (the completion index over the completions)", validate.Name, n)
	}
	if !strings.Contains(script, "obcert validate --from") {
		bad("Job %s: the container does not run obcert validate --from", validate.Name)
	}
	var wait string
	for _, c := range merge.Spec.Template.Spec.InitContainers {
		wait += strings.Join(c.Args, " ")
	}
	if wm := waitCount.FindStringSubmatch(wait); wm == nil || wm[1] != fmt.Sprint(n) {
		bad("Job %s: the init container must wait for %d shard files", merge.Name, n)
	}
	mergeScript := strings.Join(merge.Spec.Template.Spec.Containers[0].Args, " ")
	if !strings.Contains(mergeScript, "obcert report merge /data/out/shard-*.ndjson") {
		bad("Job %s: the container does not run obcert report merge over the shards' files", merge.Name)
	}
	return problems
}

func TestK8sManifests(t *testing.T) {
	raw, err := os.ReadFile("validate-job.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := decodeManifests(raw)
	if err != nil {
		t.Fatalf("validate-job.yaml: %v", err)
	}
	if len(ms) != 3 {
		t.Fatalf("validate-job.yaml holds %d documents, want a PersistentVolumeClaim and two Jobs", len(ms))
	}
	for _, p := range checkManifests(ms) {
		t.Errorf("validate-job.yaml: %s", p)
	}

	// The controls: each broken copy is refused, naming what is wrong.
	for _, c := range []struct{ name, from, to, want string }{
		{"misspelt field", "completionMode: Indexed", "completionmode: Indexed", `unknown field "spec.completionmode"`},
		{"misplaced field", "      restartPolicy: Never\n      securityContext:\n        runAsNonRoot: true\n        runAsUser: 65532\n        fsGroup: 65532\n      containers:\n        - name: validate",
			"      restartPolicy: Never\n      securityContext:\n        runAsNonRoot: true\n        runAsUser: 65532\n        fsGroup: 65532\n      containers:\n        - name: validate\n          claimName: obcert-data", `unknown field "spec.template.spec.containers[0].claimName"`},
		{"wrong type", "completions: 8", "completions: eight", "completions"},
		{"bad quantity", "storage: 10Gi", "storage: ten gigabytes", "quantities must match"},
		{"duplicate key", "  parallelism: 8\n", "  parallelism: 8\n  parallelism: 4\n", "parallelism"},
		{"unknown kind", "kind: PersistentVolumeClaim", "kind: PersistentVolumeClam", "not one this test knows"},
		{"shard count differs from completions", `--shard "${JOB_COMPLETION_INDEX}/8"`, `--shard "${JOB_COMPLETION_INDEX}/4"`, "--shard"},
		{"merge waits for too few", `wc -l)" -ge 8 ]`, `wc -l)" -ge 7 ]`, "wait for 8 shard files"},
		{"unknown claim", "claimName: obcert-data", "claimName: obcert-date", "which this file does not declare"},
		{"not shared", "accessModes: [ReadWriteMany]", "accessModes: [ReadWriteOnce]", "must be ReadWriteMany"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !bytes.Contains(raw, []byte(c.from)) {
				t.Fatalf("validate-job.yaml no longer holds %q: update the control", c.from)
			}
			broken := bytes.Replace(raw, []byte(c.from), []byte(c.to), 1)
			ms, err := decodeManifests(broken)
			var got string
			if err != nil {
				got = err.Error()
			} else {
				got = strings.Join(checkManifests(ms), "; ")
			}
			if got == "" || !strings.Contains(got, c.want) {
				t.Errorf("the broken copy gives %q, want it refused with %q", got, c.want)
			}
		})
	}
}
