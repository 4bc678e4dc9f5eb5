package reports

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

// normalizeTimes puts the report's times in UTC, as they are equal instants whatever their zone.
func normalizeTimes(r *obcert.Report) {
	r.Run.StartedAt = r.Run.StartedAt.UTC()
	r.Run.FinishedAt = r.Run.FinishedAt.UTC()
}

func TestJSONRoundTrip(t *testing.T) {
	in := sampleReport()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, in); err != nil {
		t.Fatal(err)
	}
	out, err := ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := sampleReport()
	normalizeTimes(want)
	normalizeTimes(out)
	if !reflect.DeepEqual(out, want) {
		t.Errorf("round trip changed the report:\n got %+v\nwant %+v", out, want)
	}
}

func TestJSONFieldNamesAreTheContract(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, sampleReport()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\n  \"harness\": {") {
		t.Errorf("report JSON is not indented:\n%.200s", buf.String())
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	expectKeys(t, "report", doc, "reportVersion", "harness", "spec", "run", "candidate", "verdict", "roles", "results")
	expectKeys(t, "harness", doc["harness"], "name", "version")
	expectKeys(t, "run", doc["run"], "id", "startedAt", "finishedAt", "profile", "candidateFileSha256", "interrupted")
	expectKeys(t, "candidate", doc["candidate"], "name", "version", "vendor")
	expectKeys(t, "roles[0]", doc["roles"].([]any)[0], "role", "verdict", "counts")
	expectKeys(t, "roles[0].counts", doc["roles"].([]any)[0].(map[string]any)["counts"],
		"passed", "failed", "warning", "skipped", "review", "error")
	expectKeys(t, "results[0]", doc["results"].([]any)[0], "id", "role", "requirements", "level", "state",
		"title", "message", "hint", "durationMs", "evidence", "checked")
	if doc["reportVersion"] != "1" || doc["verdict"] != "INCOMPLETE" {
		t.Errorf("reportVersion %v, verdict %v; want 1, INCOMPLETE", doc["reportVersion"], doc["verdict"])
	}
}

func expectKeys(t *testing.T, what string, v any, want ...string) {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s is %T, not an object", what, v)
	}
	var got []string
	for k := range m {
		got = append(got, k)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s keys = %v, want %v", what, got, want)
	}
}

func TestReadJSONRefuses(t *testing.T) {
	for name, doc := range map[string]string{
		"unknown version": `{"reportVersion": "2", "verdict": "CONFORMANT"}`,
		"no version":      `{"verdict": "CONFORMANT"}`,
		"trailing data":   `{"reportVersion": "1"} {"reportVersion": "1"}`,
		"not JSON":        `<testsuites/>`,
		"truncated":       `{"reportVersion": "1", "results": [`,
		"wrong type":      `{"reportVersion": "1", "results": {}}`,
	} {
		t.Run(name, func(t *testing.T) {
			if r, err := ReadJSON(strings.NewReader(doc)); err == nil {
				t.Errorf("ReadJSON(%s) = %+v, want an error", doc, r)
			}
		})
	}
}

func TestReadJSONRefusesAnOversizedReport(t *testing.T) {
	const limit = 1 << 10
	fits := `{"reportVersion": "1", "spec": "` + strings.Repeat("x", limit-40) + `"}`
	if _, err := readJSON(strings.NewReader(fits), limit); err != nil {
		t.Fatalf("a report under the limit: %v", err)
	}
	huge := `{"reportVersion": "1", "spec": "` + strings.Repeat("x", limit) + `"}`
	_, err := readJSON(strings.NewReader(huge), limit)
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("readJSON(oversized) error = %v, want a size error", err)
	}
}

func TestWritersRefuseANilReport(t *testing.T) {
	var buf bytes.Buffer
	for name, write := range map[string]func() error{
		"json":     func() error { return WriteJSON(&buf, nil) },
		"html":     func() error { return WriteHTML(&buf, nil) },
		"junit":    func() error { return WriteJUnit(&buf, nil) },
		"markdown": func() error { return WriteMarkdown(&buf, nil) },
		"terminal": func() error { return WriteTerminal(&buf, nil, false) },
		"all":      func() error { _, err := WriteAll(t.TempDir(), nil); return err },
	} {
		if err := write(); err == nil {
			t.Errorf("%s: no error for a nil report", name)
		}
	}
}
