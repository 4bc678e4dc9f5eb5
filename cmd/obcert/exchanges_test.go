package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/obcert/obcert/reports"
)

func TestReportHTMLShowsTheRunsExchanges(t *testing.T) {
	out := referenceRun(t, "hosted-out-of-scope")
	page, err := os.ReadFile(filepath.Join(out, reports.HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), `<details id="entry-0" class="exchange">`) || !strings.Contains(string(page), `">show the exchange</a>`) {
		t.Errorf("report.html does not show the run's exchanges and link them from the evidence")
	}
}
