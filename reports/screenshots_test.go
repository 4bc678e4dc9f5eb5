package reports

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScreenshotsAreShownInline: a PNG screenshot a result names as evidence is shown in
// report.html as a data: URI; a file outside the folder, or one that is not a PNG, stays a link.
func TestScreenshotsAreShownInline(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 3, 3))); err != nil {
		t.Fatal(err)
	}
	shots := filepath.Join(dir, "evidence", "screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"valid.png": buf.Bytes(), "fake.png": []byte("not a png")} {
		if err := os.WriteFile(filepath.Join(shots, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := sampleReport()
	r.Results[0].Evidence = []string{"evidence/screenshots/valid.png", "evidence/screenshots/fake.png", "../outside.png"}
	refs := r.Results[0].Evidence
	if _, err := WriteAll(dir, r, WithScreenshots(dir, refs)); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(page), `<img class="screenshot" src="data:image/png;base64,`); n != 1 {
		t.Errorf("%d inline screenshots, want 1 (only the real PNG inside the folder)", n)
	}
	if !strings.Contains(string(page), `href="evidence/screenshots/fake.png"`) {
		t.Error("the file that is not a PNG is not left as a link")
	}
	if len(r.Results[0].Evidence) != 3 || r.Results[0].Evidence[0] != refs[0] {
		t.Error("rendering changed the report's evidence")
	}
}
