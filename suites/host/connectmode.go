package host

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/openbadges/bake"
	bc "github.com/obcert/obcert/openbadges/connect"
	"github.com/obcert/obcert/suites"
	"github.com/obcert/obcert/suites/connect"
)

// ModeConnect drives a host through its own Badge Connect API (connect.provider): an import is a
// POST /assertions with the badge as an Assertion Payload, an export a read of GET /assertions.
// Badge Connect has one account (the authorizing one), exports JSON only and says nothing of a
// stored badge's standing: the wrong-recipient import is a badge awarded to someone else, and the
// baked export and reverification specs are skipped, saying so.
const ModeConnect = "connect"

// connectDriver imports and exports through the run's Badge Connect session.
type connectDriver struct {
	env *suites.Env
}

var _ Driver = (*connectDriver)(nil)

// oneAccount marks a driver that imports into the authorizing account only.
func (*connectDriver) oneAccount() {}

func (d *connectDriver) Import(ctx context.Context, in Input, _ string) (Imported, error) {
	s, err := connect.OpenSession(ctx, d.env)
	if err != nil {
		return Imported{}, &suites.DriveError{Reason: err.Error()}
	}
	payload, id, err := d.payload(ctx, in)
	if err != nil {
		return Imported{}, &suites.DriveError{Reason: "the badge could not be made an Assertion Payload (a harness bug): " + err.Error()}
	}
	status, st, ev, err := s.Post(ctx, payload)
	switch {
	case err != nil:
		return Imported{}, &suites.DriveError{Reason: "POST /assertions got no answer: " + err.Error(), Unreachable: true}
	case status == http.StatusOK:
		return Imported{ID: id, Status: "imported", Evidence: ev}, nil
	case status == http.StatusBadRequest:
		reason := st.StatusText
		if st.Error != nil && *st.Error != "" {
			reason += ": " + *st.Error
		}
		return Imported{ID: id, Status: "refused", Reason: reason, Evidence: ev}, nil
	}
	return Imported{}, &suites.DriveError{Reason: fmt.Sprintf("POST /assertions answered HTTP %d, neither 200 nor 400", status), Evidence: ev}
}

// payload is the Assertion Payload of a badge in any of the import forms, and its Assertion id:
// a hosted URL's Assertion, a JWS, a baked image's content, or JSON.
func (d *connectDriver) payload(ctx context.Context, in Input) (bc.AssertionPayload, string, error) {
	switch {
	case in.JWS != "":
		return jwsPayloadOf(in.JWS)
	case len(in.JSON) > 0:
		return assertionPayload(in.JSON)
	case in.URL != "":
		resp, err := d.env.Client.Do(ctx, httpx.Request{URL: in.URL, Header: http.Header{"Accept": {"application/ld+json"}}})
		if err != nil {
			return bc.AssertionPayload{}, "", err
		}
		if resp.Status != http.StatusOK {
			// A hosted badge that is gone (a revoked one answers 410) is posted by its id alone:
			// the provider verifies a posted badge from its hosted id (CONNECT-74).
			return bc.AssertionPayload{Assertion: map[string]any{"@context": "https://w3id.org/openbadges/v2", "id": in.URL, "type": "Assertion"}}, in.URL, nil
		}
		return assertionPayload(resp.Body)
	}
	x, err := bake.Extract(in.Image)
	if err != nil {
		return bc.AssertionPayload{}, "", err
	}
	p := strings.TrimSpace(x.Payload)
	switch {
	case strings.HasPrefix(p, "{"):
		return assertionPayload([]byte(p))
	case strings.Count(p, ".") == 2 && !strings.Contains(p, "/"):
		return jwsPayloadOf(p)
	}
	return d.payload(ctx, Input{URL: p})
}

func assertionPayload(b []byte) (bc.AssertionPayload, string, error) {
	var a map[string]any
	if err := json.Unmarshal(b, &a); err != nil {
		return bc.AssertionPayload{}, "", err
	}
	id, _ := a["id"].(string)
	return bc.AssertionPayload{Assertion: a}, id, nil
}

func jwsPayloadOf(jws string) (bc.AssertionPayload, string, error) {
	v, err := jwsPayload(jws)
	if err != nil {
		return bc.AssertionPayload{}, "", err
	}
	m, _ := v.(map[string]any)
	id, _ := m["id"].(string)
	return bc.AssertionPayload{SignedAssertion: jws}, id, nil
}

// errNoBakedExport: Badge Connect lists Assertions as JSON and JWS, never as baked images.
var errNoBakedExport = errors.New("Badge Connect exports Assertions as JSON, not as baked images")

func (d *connectDriver) Export(ctx context.Context, id, as string) (Exported, error) {
	if as != "json" {
		return Exported{}, &suites.DriveError{Reason: errNoBakedExport.Error()}
	}
	s, err := connect.OpenSession(ctx, d.env)
	if err != nil {
		return Exported{}, &suites.DriveError{Reason: err.Error()}
	}
	b, ev, err := s.Find(ctx, id)
	if err != nil {
		return Exported{Evidence: ev}, &suites.DriveError{Reason: err.Error(), Evidence: ev}
	}
	return Exported{JSON: b, Evidence: ev}, nil
}

// inConnectMode reports whether the host is driven through Badge Connect, where a spec that
// needs a baked export or the stored badge's standing does not apply.
func inConnectMode(env *suites.Env) bool {
	return env.Candidate.Host != nil && env.Candidate.Host.Mode == ModeConnect
}

// wrongRecipientBadge is, in connect mode, a valid hosted badge awarded to someone else: the one
// account of a Badge Connect session cannot be switched to another identity.
func wrongRecipientBadge(s *session) (fixtures.Fixture, error) {
	u, _, err := s.iss.MintHosted(otherAccount)
	if err != nil {
		return fixtures.Fixture{}, err
	}
	return fixtures.Fixture{ID: fixtures.ValidHosted, About: "a valid hosted badge awarded to " + otherAccount, Badge: fixtures.Badge{URL: u}}, nil
}
