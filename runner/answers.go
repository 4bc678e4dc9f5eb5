package runner

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/limits"
	"github.com/obcert/obcert/suites"
)

// Caps on an answers file and on each evidence file it names.
const (
	MaxAnswersFileBytes  = 1 << 20
	MaxEvidenceFileBytes = 512 << 20
)

var answerStatuses = []string{"valid", "expired", "revoked", "invalid"}

// LoadAnswers reads an operator's answers file (YAML or JSON): for each fixture id what the
// product showed, with evidence files. Unknown fields, a status outside valid/expired/revoked/
// invalid and an evidence file that is missing are errors naming the field. The evidence paths of
// the answers returned are resolved against the answers file's folder.
func LoadAnswers(path string) (obcert.Answers, error) {
	raw, err := limits.ReadFile(path, MaxAnswersFileBytes)
	if err != nil {
		return nil, err
	}
	a, err := decodeAnswers(raw, filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}

func decodeAnswers(raw []byte, dir string) (obcert.Answers, error) {
	root, err := decodeOneDocument(raw, "answers file")
	if err != nil {
		return nil, err
	}
	if err := unknownFields(root, "", reflect.TypeFor[obcert.Answers]()); err != nil {
		return nil, err
	}
	var a obcert.Answers
	if err := root.Decode(&a); err != nil {
		return nil, typeError(root, err)
	}
	if len(a) == 0 {
		return nil, errors.New("the answers file holds no answer: give, for each fixture id, what the product showed")
	}
	var errs []error
	for id, ans := range a {
		errs = append(errs, checkAnswer(id, &ans, dir)...)
		a[id] = ans
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return a, nil
}

// checkAnswer checks one answer (and its afterVerify) and resolves its evidence paths.
func checkAnswer(path string, a *obcert.DisplayAnswer, dir string) []error {
	var errs []error
	if !slices.Contains(answerStatuses, a.Status) {
		errs = append(errs, fmt.Errorf("%s.status: %q is not one of %s", path, a.Status, strings.Join(answerStatuses, ", ")))
	}
	for i, e := range a.Evidence {
		field := fmt.Sprintf("%s.evidence[%d]", path, i)
		if strings.TrimSpace(e) == "" {
			errs = append(errs, fmt.Errorf("%s: empty path", field))
			continue
		}
		if err := suites.CheckFile(dir, e, MaxEvidenceFileBytes); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", field, err))
			continue
		}
		a.Evidence[i] = suites.ResolvePath(dir, e)
	}
	if a.AfterVerify != nil {
		errs = append(errs, checkAnswer(path+".afterVerify", a.AfterVerify, dir)...)
	}
	return errs
}
