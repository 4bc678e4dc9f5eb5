package runner

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/suites"
)

// A check over thousands of subjects (issuer.badgesFrom) can find thousands of problems. The
// result stays readable: its message opens with a summary and lists the first maxShown problems,
// its findings are the first maxShown with findingsTotal, and every unread subject and finding is
// in one NDJSON file of the report folder, which the result's evidence names first.

// maxShown is how many problems a result's message lists and how many findings it carries.
const maxShown = 20

// FindingsDir is the report folder's sub-folder of the results' full lists of findings.
const FindingsDir = "evidence/findings"

// unreadLine and findingLine are the lines of a findings file.
type unreadLine struct {
	Spec        string `json:"spec"`
	Subject     string `json:"subject"`
	Unread      string `json:"unread"`
	Unreachable bool   `json:"unreachable,omitempty"`
}

type findingLine struct {
	Spec string `json:"spec"`
	obcert.Finding
}

// findingsFile is the report-folder path of spec id's findings file.
func findingsFile(id string) string {
	return FindingsDir + "/" + strings.NewReplacer("/", "-", "\\", "-", "..", "-").Replace(id) + ".ndjson"
}

// keepFindings writes every unread subject and problem of o to its findings file under out when
// there are more than a result shows, and names the file first in o's evidence. A file that cannot
// be written is said in place of the file's name.
func keepFindings(out, id string, o *suites.Outcome) {
	if out == "" || len(o.Unread)+len(o.Problems) <= maxShown {
		return
	}
	ref := findingsFile(id)
	if err := writeFindings(filepath.Join(out, filepath.FromSlash(ref)), id, o); err != nil {
		o.Unread = append(o.Unread, suites.Unread{Subject: "the full list of findings",
			Reason: fmt.Sprintf("could not be written to %s: %v", ref, err)})
		return
	}
	o.Evidence = append([]string{ref}, o.Evidence...)
}

func writeFindings(path, id string, o *suites.Outcome) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(fh)
	enc := json.NewEncoder(w)
	for _, u := range o.Unread {
		if err := enc.Encode(unreadLine{Spec: id, Subject: u.Subject, Unread: u.Reason, Unreachable: u.Unreachable}); err != nil {
			fh.Close()
			return err
		}
	}
	for _, p := range o.Problems {
		if err := enc.Encode(findingLine{Spec: id, Finding: p}); err != nil {
			fh.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}

// findingsFileOf is the findings file o's evidence names, or "".
func findingsFileOf(o suites.Outcome) string {
	for _, e := range o.Evidence {
		if strings.HasPrefix(e, FindingsDir+"/") {
			return e
		}
	}
	return ""
}

// summaryOf is the first line of a long result's message: how many problems, about how many of
// the subjects, and where every one is.
func summaryOf(o suites.Outcome, file string) string {
	about := map[string]bool{}
	for _, p := range o.Problems {
		about[p.Subject] = true
	}
	var parts []string
	if len(o.Unread) > 0 {
		parts = append(parts, fmt.Sprintf("%d subjects could not be read", len(o.Unread)))
	}
	if len(o.Problems) > 0 {
		parts = append(parts, fmt.Sprintf("%d findings are about %d of the %d subjects checked", len(o.Problems), len(about), len(o.Checked)))
	}
	return fmt.Sprintf("%d problems: %s. The first %d are below; every one is in %s:",
		len(o.Unread)+len(o.Problems), strings.Join(parts, ", and "), maxShown, file)
}

// maxEvidence is how many evidence references a result carries: every exchange of the run is in
// exchanges.har, and a check over thousands of badges would otherwise name each of them.
const maxEvidence = 50

func capEvidence(refs []string) []string {
	if len(refs) > maxEvidence {
		refs = refs[:maxEvidence]
	}
	return refs
}
