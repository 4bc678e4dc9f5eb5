package displayer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/suites"
)

// ModeManual has an operator show the product each fixture and answer what it showed (run
// --answers FILE); its results are review until an auditor decides (obcert review).
const ModeManual = "manual"

// manualReview is the note a manual-mode result opens with.
const manualReview = "the operator's answers (the answers file) say what the product showed, and an auditor must confirm them against the evidence"

// manual answers Display and Verify from the operator's answers file, found by the id each badge
// was bound to (a fixture id, or a vendor badge's label).
type manual struct {
	answers obcert.Answers
	ids     map[string]string // badge key → id
}

var _ Driver = (*manual)(nil)

func newManual(a obcert.Answers) *manual { return &manual{answers: a, ids: map[string]string{}} }

// binder is a driver that must be told which id a badge has (the manual driver).
type binder interface {
	bind(id string, b fixtures.Badge)
}

// bindBadge tells d, when it needs to know, that b is the badge id names.
func bindBadge(d Driver, id string, b fixtures.Badge) {
	if bd, ok := d.(binder); ok {
		bd.bind(id, b)
	}
}

func (m *manual) bind(id string, b fixtures.Badge) { m.ids[badgeKey(b)] = id }

// badgeKey identifies a badge by how it is given: its URL, its JWS, or its image's digest.
func badgeKey(b fixtures.Badge) string {
	switch {
	case b.URL != "":
		return "url:" + b.URL
	case b.JWS != "":
		return "jws:" + b.JWS
	}
	sum := sha256.Sum256(b.Image)
	return "image:" + hex.EncodeToString(sum[:])
}

func (m *manual) Display(_ context.Context, b fixtures.Badge) (Answer, error) {
	_, a, err := m.lookup(b)
	if err != nil {
		return Answer{}, err
	}
	return answerOf(a), nil
}

func (m *manual) Verify(_ context.Context, b fixtures.Badge) (Answer, error) {
	id, a, err := m.lookup(b)
	if err != nil {
		return Answer{}, err
	}
	if a.AfterVerify == nil {
		return Answer{}, &suites.DriveError{Reason: fmt.Sprintf("the answers file gives no %s.afterVerify: what the product showed once verified again", id)}
	}
	return answerOf(*a.AfterVerify), nil
}

func (m *manual) lookup(b fixtures.Badge) (string, obcert.DisplayAnswer, error) {
	id, ok := m.ids[badgeKey(b)]
	if !ok {
		return "", obcert.DisplayAnswer{}, &suites.DriveError{Reason: "the badge is none the harness bound to an answer (a harness bug)"}
	}
	a, ok := m.answers[id]
	if !ok {
		return id, a, &suites.DriveError{Reason: fmt.Sprintf("the answers file has no answer for %s", id)}
	}
	return id, a, nil
}

func answerOf(a obcert.DisplayAnswer) Answer {
	return Answer{Name: a.Name, Description: a.Description, Image: a.Image, IssuerName: a.IssuerName,
		IssuedOn: a.IssuedOn, Status: a.Status, LastVerified: a.LastVerified, Evidence: append([]string(nil), a.Evidence...)}
}

// asReview marks the outcome of body as review when the product is driven in manual mode: what a
// person answered is never a pass until an auditor accepts it.
func asReview(body func(context.Context, *suites.Env, suites.Spec) suites.Outcome) func(context.Context, *suites.Env, suites.Spec) suites.Outcome {
	return func(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
		o := body(ctx, env, spec)
		if d := env.Candidate.Displayer; d != nil && d.Mode == ModeManual {
			o.Review = manualReview
		}
		return o
	}
}

// fixtureIDs are the fixtures the suite has the product show.
var fixtureIDs = []string{fixtures.ValidHosted, fixtures.ValidSigned, fixtures.BakedPNG, fixtures.BakedSVG, fixtures.Endorsed,
	fixtures.ExpiredHosted, fixtures.RevokedHosted, fixtures.RevokedSigned, fixtures.Tampered, fixtures.OutOfScope,
	fixtures.IssuerMissing, fixtures.JSONLDForm, fixtures.HostedClass, fixtures.RevokedLater}

// CheckAnswers checks that answers hold an answer for every fixture the suite shows, and the
// afterVerify of the fixtures it has verified again; every message names the id and field.
func CheckAnswers(a obcert.Answers) error {
	var missing []string
	for _, id := range fixtureIDs {
		if _, ok := a[id]; !ok {
			missing = append(missing, id)
		}
	}
	for _, id := range []string{fixtures.RevokedLater, fixtures.ValidHosted} {
		if ans, ok := a[id]; ok && ans.AfterVerify == nil {
			missing = append(missing, id+".afterVerify")
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	return fmt.Errorf("the answers file has no answer for %v ('obcert fixtures serve' lists the fixture ids)", missing)
}
