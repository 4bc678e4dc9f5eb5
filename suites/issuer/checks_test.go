package issuer

import (
	"context"
	"strings"
	"testing"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges"
	"github.com/obcert/obcert/openbadges/verify"
	"github.com/obcert/obcert/suites"
)

// envWith is an Env whose badges are already verified: the bodies read them from the memo.
func envWith(cs ...checked) *suites.Env {
	env := &suites.Env{Candidate: obcert.CandidateFile{Issuer: &obcert.IssuerRole{}}}
	env.Memo("issuer/badges", func() any { return cs })
	return env
}

// hostedRead is a hosted badge whose Assertion was read, with the given findings.
func hostedRead(label string, fs ...obcert.Finding) checked {
	id := "https://issuer.example/assertions/" + label
	return checked{Label: label, Ref: obcert.BadgeRef{URL: id}, Result: &verify.Result{Subject: id, InputType: "url",
		Findings: fs, Graph: []*verify.Node{{ID: id, Class: openbadges.ClassAssertion,
			Data: map[string]any{"verification": map[string]any{"type": "HostedBadge"}}}}}}
}

func specOf(t *testing.T, id string) suites.Spec {
	t.Helper()
	for _, s := range Specs() {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no spec %s", id)
	return suites.Spec{}
}

func run(t *testing.T, id string, cs ...checked) suites.Outcome {
	t.Helper()
	s := specOf(t, id)
	return s.Body(context.Background(), envWith(cs...), s)
}

func TestABadgeThatAnswered401IsUnreadAndSaysSo(t *testing.T) {
	u := "https://issuer.example/assertions/1"
	locked := checked{Label: "locked", Ref: obcert.BadgeRef{URL: u},
		Result: &verify.Result{Subject: u, InputType: "url", Fetches: []*verify.FetchRecord{{URL: u, Status: 401, Purpose: verify.PurposeSubject}}}}
	o := run(t, "issuer/hashed-recipient", locked)
	if len(o.Checked) != 0 || len(o.Unread) != 1 || o.Unread[0].Unreachable {
		t.Fatalf("outcome %+v, want the badge unread", o)
	}
	if r := o.Unread[0].Reason; !strings.Contains(r, "401 Unauthorized") || !strings.Contains(r, "must be public") {
		t.Errorf("reason %q does not name the status and the fix", r)
	}
}

func TestAFindingCheckLooksForItsOwnRequirementsOnly(t *testing.T) {
	b := hostedRead("hosted",
		obcert.Finding{Severity: obcert.Error, Requirements: []string{"ISSUER-08"}, Message: "text/plain"},
		obcert.Finding{Severity: obcert.Error, Requirements: []string{"VERIFY-06"}, Message: "expired"})
	o := run(t, "issuer/hosted-content-type", b)
	if len(o.Problems) != 1 || o.Problems[0].Message != "text/plain" || o.Problems[0].Subject != "hosted" {
		t.Errorf("problems %+v, want only the ISSUER-08 finding, about the hosted badge", o.Problems)
	}
}

func TestASkipSaysWhyEachBadgeDoesNotApply(t *testing.T) {
	o := run(t, "issuer/signature-verifies", hostedRead("hosted"))
	if len(o.Checked) != 0 || !strings.Contains(o.Skip, "hosted: it was not given as a signed badge") {
		t.Errorf("outcome %+v, want a skip naming the hosted badge and why", o)
	}
	if o := run(t, "issuer/signature-verifies"); !strings.Contains(o.Skip, "declares no badge") {
		t.Errorf("no badge at all: skip %q", o.Skip)
	}
}

func TestAHostedIDThatIsNotAURLIsAProblem(t *testing.T) {
	b := hostedRead("urn")
	b.Result.Subject = "urn:uuid:2f0a4a34-1b9e-4e3b-9b35-0e0c9a0e6b6a"
	b.Result.Graph[0].ID = b.Result.Subject
	o := run(t, "issuer/hosted-id-is-url", b)
	if len(o.Problems) != 1 || !strings.Contains(o.Problems[0].Message, "is not an HTTP URL") {
		t.Errorf("problems %+v", o.Problems)
	}
}

func TestARevokedHostedBadgeAnswering200FailsQuotingIt(t *testing.T) {
	b := hostedRead("revoked")
	b.Revoked = true
	b.Result.Fetches = []*verify.FetchRecord{{URL: b.Ref.URL, Status: 200, Read: true}}
	o := run(t, "issuer/hosted-revocation", b)
	if len(o.Problems) != 1 || !strings.Contains(o.Problems[0].Message, "answered 200 OK") {
		t.Errorf("problems %+v", o.Problems)
	}
	b.Result.Fetches[0].Status, b.Result.Fetches[0].Read = 403, false
	o = run(t, "issuer/hosted-revocation", b)
	if len(o.Problems) != 1 || !strings.Contains(o.Problems[0].Message, "403 Forbidden") {
		t.Errorf("problems %+v", o.Problems)
	}
}

func TestObjectsReachableNeedsTheBadgeClassAndProfile(t *testing.T) {
	b := hostedRead("hosted")
	b.Result.Graph[0].Data["badge"] = "https://issuer.example/badgeclasses/1"
	b.Result.Fetches = []*verify.FetchRecord{{URL: "https://issuer.example/badgeclasses/1", Status: 404}}
	o := run(t, "issuer/objects-reachable", b)
	if len(o.Problems) != 1 || !strings.Contains(o.Problems[0].Message, "BadgeClass was never read") ||
		!strings.Contains(o.Problems[0].Message, "404 Not Found") {
		t.Errorf("problems %+v", o.Problems)
	}
}

func TestSuiteIsValid(t *testing.T) {
	if err := suites.ValidateSuites([]suites.Suite{Suite()}); err != nil {
		t.Fatal(err)
	}
}
