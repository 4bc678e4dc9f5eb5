package verify

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/obcert/obcert/openbadges"
)

// Item 8. The Result tells "could not read" from "fine", per document.
func TestResultRecordsFetches(t *testing.T) {
	w := newHosted().web()
	w["https://example.org/b.json"] = doc{status: 401, body: []byte(`{}`)}
	res := verifyWith(t, w, Input{Value: "https://example.org/a.json"})
	a := res.FetchOf("https://example.org/a.json")
	b := res.FetchOf("https://example.org/b.json")
	if a == nil || !a.Read || a.Status != 200 || a.Class != openbadges.ClassAssertion {
		t.Errorf("assertion fetch %+v", a)
	}
	if b == nil || b.Read || b.Status != 401 || b.Class != openbadges.ClassBadgeClass {
		t.Errorf("badge fetch %+v", b)
	}
	if got := res.FetchesOf(openbadges.ClassProfile); len(got) != 0 {
		t.Errorf("profile fetched though the BadgeClass was not read: %+v", got)
	}
	w = newHosted().web()
	delete(w, "https://example.org/i.json")
	res = verifyWith(t, w, Input{Value: "https://example.org/a.json"})
	if p := res.FetchesOf(openbadges.ClassProfile); len(p) != 1 || p[0].Read || p[0].Status != 0 || p[0].Error == "" {
		t.Errorf("unreachable profile: %+v", p)
	}
	var raw json.RawMessage
	if b, err := json.Marshal(res.Fetches); err != nil || json.Unmarshal(b, &raw) != nil {
		t.Errorf("fetches do not marshal: %v", err)
	}
}

// cancelAfter cancels the verification once it has answered n fetches.
type cancelAfter struct {
	web    fakeWeb
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Fetch(ctx context.Context, u, accept string) (*Fetched, error) {
	if c.n--; c.n < 0 {
		c.cancel()
		return nil, ctx.Err()
	}
	return c.web.Fetch(ctx, u, accept)
}

func TestStoppedVerificationIsNeverValid(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &cancelAfter{web: newHosted().web(), n: 1, cancel: cancel}
	res, err := New(WithFetcher(f)).Verify(ctx, Input{Value: "https://example.org/a.json"})
	if err == nil || res.Valid {
		t.Fatalf("err=%v valid=%v\n%s", err, res.Valid, dump(res))
	}
}
