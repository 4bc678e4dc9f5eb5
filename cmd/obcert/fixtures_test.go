package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/obcert/obcert/fixtures"
)

// TestFixturesListing lists a started fixture set as a table and as JSON: every fixture appears
// with the status it must be shown with, and the JSON carries the badge as given.
func TestFixturesListing(t *testing.T) {
	iss, err := fixtures.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer iss.Close()
	var table, js bytes.Buffer
	if err := writeFixtures(&table, "table", iss.Fixtures()); err != nil {
		t.Fatal(err)
	}
	if err := writeFixtures(&js, "json", iss.Fixtures()); err != nil {
		t.Fatal(err)
	}
	var got []fixtures.Fixture
	if err := json.Unmarshal(js.Bytes(), &got); err != nil || len(got) != len(iss.Fixtures()) {
		t.Fatalf("JSON listing: %d fixtures, %v", len(got), err)
	}
	for _, f := range got {
		if !strings.Contains(table.String(), f.ID+" ") || f.Expected.Status == "" || f.Badge.Kind() == "" {
			t.Errorf("fixture %s is not listed with its status and badge", f.ID)
		}
	}
	if code := run([]string{"fixtures", "serve", "--format", "yaml"}, strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}); code != 2 {
		t.Errorf("an unknown --format exited %d, want 2", code)
	}
}
