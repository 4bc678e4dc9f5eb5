package verify

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/obcert/obcert/openbadges/jsonld"
)

// memoWebs are badge webs on the same URLs whose documents differ: a Verifier that remembered the
// documents of one must still judge each of the others by its own bytes.
func memoWebs() map[string]fakeWeb {
	valid := newHosted()
	noName := newHosted()
	delete(noName.badge, "name")
	badEmail := newHosted()
	badEmail.issuer["email"] = "not an email"
	otherAssertion := newHosted()
	otherAssertion.assertion["issuedOn"] = "yesterday"
	return map[string]fakeWeb{
		"valid": valid.web(), "badge without name": noName.web(), "issuer with a bad email": badEmail.web(),
		"assertion with a bad date": otherAssertion.web(),
	}
}

func verifyOnce(t *testing.T, v *Verifier, in Input) *Result {
	t.Helper()
	res, err := v.Verify(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestRememberedDocumentsGiveTheSameVerdicts: with one Verifier (its memory of documents shared)
// each web, in any order and again, gets exactly the findings and verdict a fresh Verifier gives it.
func TestRememberedDocumentsGiveTheSameVerdicts(t *testing.T) {
	clock := WithClock(func() time.Time { return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) })
	in := Input{Value: "https://example.org/a.json"}
	webs := memoWebs()
	fresh := map[string]*Result{}
	for name, w := range webs {
		fresh[name] = verifyOnce(t, New(WithFetcher(w), clock), in)
	}
	if !fresh["valid"].Valid || fresh["badge without name"].Valid || fresh["issuer with a bad email"].Valid ||
		fresh["assertion with a bad date"].Valid {
		t.Fatal("the webs do not have the verdicts this test is built on")
	}
	var current fakeWeb
	shared := New(WithFetcher(fetcherFunc(func(ctx context.Context, u, accept string) (*Fetched, error) {
		return current.Fetch(ctx, u, accept)
	})), clock)
	order := []string{"valid", "badge without name", "valid", "issuer with a bad email", "assertion with a bad date",
		"issuer with a bad email", "badge without name", "valid"}
	for _, name := range order {
		current = webs[name]
		got := verifyOnce(t, shared, in)
		want := fresh[name]
		if got.Valid != want.Valid || !reflect.DeepEqual(got.Findings, want.Findings) || len(got.Fetches) != len(want.Fetches) {
			t.Errorf("%s with remembered documents: valid %v, %d fetches, findings:\n%swant valid %v, %d fetches, findings:\n%s",
				name, got.Valid, len(got.Fetches), dump(got), want.Valid, len(want.Fetches), dump(want))
		}
	}
	if n := len(shared.memo.docs); n < 4 {
		t.Errorf("the Verifier remembers %d documents: the memory was not used", n)
	}
}

// TestVerificationsLeaveRememberedDataAlone: the nodes of remembered documents share their Data
// (Node.Data is read-only); verifications, many at once, of badges that all meet them leave what
// the Verifier remembers as a fresh decode and compaction of the same bytes gives it. Run under
// -race, a write into shared Data during a verification is also a reported race.
func TestVerificationsLeaveRememberedDataAlone(t *testing.T) {
	clock := WithClock(func() time.Time { return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) })
	in := Input{Value: "https://example.org/a.json"}
	v := New(WithFetcher(newHosted().web()), clock)
	first := verifyOnce(t, v, in)
	if !first.Valid {
		t.Fatalf("the web this test is built on is not valid:\n%s", dump(first))
	}
	snapshot := map[string]any{}
	for body, d := range v.memo.docs {
		snapshot[body] = jsonld.CloneJSON(d.data)
	}
	if len(snapshot) < 2 {
		t.Fatalf("the Verifier remembers %d documents: the test would look at nothing", len(snapshot))
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				if res, err := v.Verify(context.Background(), in); err != nil || !res.Valid {
					t.Errorf("a verification with remembered documents is not valid (%v)", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	shared := 0
	for _, n := range first.Graph {
		if n.memo != nil {
			shared++
			if reflect.ValueOf(n.Data).UnsafePointer() != reflect.ValueOf(n.memo.data).UnsafePointer() {
				t.Errorf("node %s has a copy of its remembered Data, not the remembered Data itself", n.ID)
			}
		}
	}
	if shared == 0 {
		t.Error("no node of the result came from a remembered document")
	}
	for body, d := range v.memo.docs {
		if !reflect.DeepEqual(d.data, snapshot[body]) {
			t.Errorf("100 verifications changed the remembered document %s", body)
		}
		p := jsonld.New(nil)
		raw, ok := decodeObject([]byte(body))
		if !ok {
			t.Fatalf("the remembered document does not decode in one pass: %s", body)
		}
		fresh, _, _, err := p.CompactOwn(context.Background(), raw)
		if err != nil || !reflect.DeepEqual(d.data, fresh) {
			t.Errorf("the remembered document %s is not what its bytes compact to (%v)", body, err)
		}
	}
}

// TestWithSharesTheMemory: a Verifier derived by With (a recipient per badge) uses the memory of
// the one it came from, and still judges by its own options.
func TestWithSharesTheMemory(t *testing.T) {
	clock := WithClock(func() time.Time { return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) })
	in := Input{Value: "https://example.org/a.json"}
	base := New(WithFetcher(newHosted().web()), clock)
	verifyOnce(t, base, in)
	known := len(base.memo.docs)
	other := base.With(WithRecipient(RecipientProfile{"email": {"somebody@example.org"}}))
	if other.memo != base.memo || known == 0 {
		t.Fatalf("With made a Verifier with its own memory (base remembers %d documents)", known)
	}
	res := verifyOnce(t, other, in)
	want := verifyOnce(t, New(WithFetcher(newHosted().web()), clock, WithRecipient(RecipientProfile{"email": {"somebody@example.org"}})), in)
	if res.Valid || !reflect.DeepEqual(res.Findings, want.Findings) {
		t.Errorf("the derived Verifier: valid %v, findings:\n%swant (a fresh one):\n%s", res.Valid, dump(res), dump(want))
	}
}

type fetcherFunc func(ctx context.Context, u, accept string) (*Fetched, error)

func (f fetcherFunc) Fetch(ctx context.Context, u, accept string) (*Fetched, error) {
	return f(ctx, u, accept)
}

// TestGivenAssertionIsReadOnce: a hosted Assertion given as JSON whose id serves the same bytes is
// read once, and every web gets exactly the findings and verdict it gets when the bytes given differ
// from those served (a space more), so that both are read.
func TestGivenAssertionIsReadOnce(t *testing.T) {
	clock := WithClock(func() time.Time { return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) })
	for name, w := range memoWebs() {
		served := string(w["https://example.org/a.json"].body)
		before := givenReuses.Load()
		same := verifyOnce(t, New(WithFetcher(w), clock), Input{Value: served})
		if givenReuses.Load() == before {
			t.Errorf("%s: the given Assertion was read again from its id", name)
		}
		before = givenReuses.Load()
		other := verifyOnce(t, New(WithFetcher(w), clock), Input{Value: served[:len(served)-1] + " }"})
		if givenReuses.Load() != before {
			t.Fatalf("%s: other bytes were taken for the given ones", name)
		}
		if same.Valid != other.Valid || !reflect.DeepEqual(same.Findings, other.Findings) || len(same.Fetches) != len(other.Fetches) ||
			len(same.Graph) != len(other.Graph) {
			t.Errorf("%s read once: valid %v, findings:\n%sread twice: valid %v, findings:\n%s", name, same.Valid, dump(same), other.Valid, dump(other))
		}
	}
}
