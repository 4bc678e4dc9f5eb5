package main

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

func TestExplainPrintsTheRequirement(t *testing.T) {
	var o bytes.Buffer
	if code := run([]string{"explain", "verify-11"}, strings.NewReader(""), &o, &bytes.Buffer{}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	req, _ := obcert.LookupRequirement("VERIFY-11")
	for _, want := range []string{"VERIFY-11  MUST\n", "Hosted scope: the Assertion id must be inside the issuer's scope",
		"Source: " + req.Source, "Checked by:\n  issuer/hosted-id-in-scope  "} {
		if !strings.Contains(o.String(), want) {
			t.Errorf("obcert explain VERIFY-11 lacks %q:\n%s", want, o.String())
		}
	}
	o.Reset()
	run([]string{"explain", "ISSUER-01"}, strings.NewReader(""), &o, &bytes.Buffer{})
	if !strings.Contains(o.String(), "Level: MUST(cert): the candidate has to show this to pass IMS certification") {
		t.Errorf("obcert explain ISSUER-01 does not say what MUST(cert) means:\n%s", o.String())
	}
}

func TestExplainUnknownAndList(t *testing.T) {
	var o, e bytes.Buffer
	if code := run([]string{"explain", "VERIFY-011"}, strings.NewReader(""), &o, &e); code != 2 ||
		!strings.Contains(e.String(), "did you mean VERIFY-11?") {
		t.Errorf("an unknown ID: exit %d, stderr %q", code, e.String())
	}
	o.Reset()
	if code := run([]string{"explain"}, strings.NewReader(""), &o, &e); code != 0 ||
		strings.Count(o.String(), "\n") != len(obcert.Requirements())+1 {
		t.Errorf("obcert explain: exit %d, %d lines for %d requirements", code, strings.Count(o.String(), "\n"), len(obcert.Requirements()))
	}
}

// TestNoMessagePointsToAMissingCatalogue: spec/REQUIREMENTS.md is not in the repository, so no
// string a user can see may send them there; `obcert explain` ships the catalogue instead. The
// catalogue generator, which reads that file, is the exception.
func TestNoMessagePointsToAMissingCatalogue(t *testing.T) {
	root := filepath.Join("..", "..")
	seen := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
			strings.Contains(filepath.ToSlash(path), "internal/tools/") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		seen++
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && strings.Contains(lit.Value, "REQUIREMENTS.md") {
				t.Errorf("%s: the string %s points to REQUIREMENTS.md, which is not in the repository; point to 'obcert explain'", path, lit.Value)
			}
			return true
		})
		return nil
	})
	if err != nil || seen < 50 {
		t.Fatalf("walked %d Go files (%v): the check could not fail", seen, err)
	}
}
