package connect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	bc "github.com/obcert/obcert/openbadges/connect"
	"github.com/obcert/obcert/suites"
)

// Session is an authorized session with the candidate's Badge Connect provider
// (connect.provider): the run's registration, consent and token, shared with the connect role's
// specs. The host suite's connect mode imports (POST /assertions) and exports (GET /assertions)
// through it.
type Session struct {
	p     *provider
	token string
}

// OpenSession returns the run's session with the provider, authorizing once per run; the error
// says why there is none (no connect.provider section, a refused registration or consent).
func OpenSession(ctx context.Context, env *suites.Env) (*Session, error) {
	p, skip := onlyProvider(env)
	if p == nil {
		return nil, errors.New(skip)
	}
	if m := p.manifest(ctx); m.err != "" {
		return nil, errors.New(m.err)
	}
	token, reason := p.access(ctx)
	if token == "" {
		return nil, fmt.Errorf("obcert has no access token from the Badge Connect provider: %s", reason)
	}
	return &Session{p: p, token: token}, nil
}

// Post posts an Assertion Payload and returns the HTTP status, the envelope's status and the
// exchanges behind it.
func (s *Session) Post(ctx context.Context, payload bc.AssertionPayload) (int, bc.Status, []string, error) {
	c := s.p.resource(ctx, "POST /assertions (host import)", bc.PostAssertions, nil, s.token, payload)
	if c.Err != nil {
		return 0, bc.Status{}, c.Evidence, c.Err
	}
	st, _ := bc.CheckEnvelope(bc.PostAssertions, c.Resp.Status, c.Resp.Body)
	return c.Resp.Status, st, c.Evidence, nil
}

// Find walks GET /assertions and returns the Assertion with id as JSON (a signed one's JWS
// payload), or an error saying it is not listed.
func (s *Session) Find(ctx context.Context, id string) (json.RawMessage, []string, error) {
	w := s.p.walk(ctx, "host export", nil)
	ev := w.evidence()
	for _, it := range w.all() {
		if it.ID == id && it.Assertion != nil {
			b, err := json.Marshal(it.Assertion)
			return b, ev, err
		}
	}
	if w.err != "" {
		return nil, ev, errors.New(w.err)
	}
	return nil, ev, fmt.Errorf("GET /assertions does not list %s", id)
}
