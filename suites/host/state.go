package host

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/openbadges/bake"
	"github.com/obcert/obcert/suites"
)

// WrongRecipient is the import of the valid hosted fixture into an account whose identity is not
// the fixture's recipient.
const WrongRecipient = "wrong-recipient"

// otherAccount is the identity of the account WrongRecipient is imported into.
const otherAccount = "someone-else@obcert.invalid"

// asJSON are the fixtures given to the host as the Assertion JSON itself rather than their URL.
var asJSON = map[string]bool{fixtures.Endorsed: true}

// importOrder lists every import of the run: the valid fixtures (the positive controls) first,
// then those the host must refuse.
var importOrder = []string{fixtures.ValidHosted, fixtures.ValidSigned, fixtures.BakedPNG, fixtures.BakedSVG, fixtures.Endorsed, fixtures.Extended,
	fixtures.RevokedLater, fixtures.Tampered, fixtures.RevokedHosted, fixtures.RevokedSigned, fixtures.ExpiredHosted,
	fixtures.OutOfScope, WrongRecipient}

// imported is one import of the run: the fixture, the Assertion it carries (for the valid ones),
// the host's answer and, when it imported the badge, its JSON export.
type imported struct {
	Key      string
	Fixture  fixtures.Fixture
	Original any
	OrigErr  error
	Answer   Imported
	Err      error
	Export   Exported
	ExpErr   error
}

// session is the run's fixtures issuer, driver and imports, shared by the role's specs.
type session struct {
	iss     *fixtures.Issuer
	driver  Driver
	account string
	imports map[string]*imported
	err     error // the harness could not start: the issuer refused its fixtures, or no driver
}

// sessionOf starts the fixtures issuer once per run (closed when the run ends), imports every
// fixture of importOrder once and exports each badge the host imported, as JSON.
func sessionOf(ctx context.Context, env *suites.Env) *session {
	return env.Memo("host/session", func() any {
		h := env.Candidate.Host
		s := &session{imports: map[string]*imported{}, account: h.Account}
		if s.driver, s.err = driverFor(env); s.err != nil {
			return s
		}
		if s.iss, s.err = fixtures.Start(ctx, fixtures.WithClock(env.Now)); s.err != nil {
			return s
		}
		env.Defer(func() { _ = s.iss.Close() })
		for _, key := range importOrder {
			id, account := key, s.account
			if key == WrongRecipient {
				id, account = fixtures.ValidHosted, otherAccount
			}
			f, _ := s.iss.Fixture(id)
			if _, one := s.driver.(interface{ oneAccount() }); one && key == WrongRecipient {
				if f, s.err = wrongRecipientBadge(s); s.err != nil {
					return s
				}
			}
			if b, ok := s.driver.(interface{ bind(string) }); ok {
				b.bind(key)
			}
			im := &imported{Key: key, Fixture: f}
			im.Original, im.OrigErr = original(ctx, env.Client, f.Badge)
			in := Input{URL: f.Badge.URL, Image: f.Badge.Image, MediaType: f.Badge.MediaType, JWS: f.Badge.JWS}
			if asJSON[key] {
				in = Input{JSON: mustJSON(im.Original)}
			}
			im.Answer, im.Err = s.driver.Import(ctx, in, account)
			if im.Err == nil && im.Answer.Status == "imported" {
				im.Export, im.ExpErr = s.driver.Export(ctx, im.Answer.ID, "json")
			}
			s.imports[key] = im
		}
		return s
	}).(*session)
}

func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// original is the Assertion a fixture's badge carries: fetched from its URL, the payload of its
// JWS, or what its baked image holds.
func original(ctx context.Context, c *httpx.Client, b fixtures.Badge) (any, error) {
	switch {
	case b.URL != "":
		resp, err := c.Do(ctx, httpx.Request{Method: http.MethodGet, URL: b.URL, Header: http.Header{"Accept": {"application/ld+json"}}})
		if err != nil {
			return nil, err
		}
		if resp.Status != http.StatusOK {
			return nil, fmt.Errorf("GET %s answered HTTP %d", b.URL, resp.Status)
		}
		return decodeJSON(resp.Body)
	case b.JWS != "":
		return jwsPayload(b.JWS)
	}
	x, err := bake.Extract(b.Image)
	if err != nil {
		return nil, err
	}
	p := strings.TrimSpace(x.Payload)
	switch {
	case strings.HasPrefix(p, "{"):
		return decodeJSON([]byte(p))
	case strings.Count(p, ".") == 2 && !strings.Contains(p, "/"):
		return jwsPayload(p)
	}
	return original(ctx, c, fixtures.Badge{URL: p})
}

func jwsPayload(jws string) (any, error) {
	parts := strings.Split(jws, ".")
	if len(parts) != 3 {
		return nil, errors.New("the JWS is not in compact form")
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, fmt.Errorf("the JWS payload is not base64url: %v", err)
	}
	return decodeJSON(b)
}

func decodeJSON(b []byte) (any, error) {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("not JSON: %v", err)
	}
	return v, nil
}

// read records in o why an answer could not be read, and reports whether it was.
func read(o *suites.Outcome, subject string, err error) bool {
	return suites.ReadAnswer(o, subject, err)
}

// visit calls look for each import of keys whose answer was read; an import whose answer could
// not be read is unread (never a pass). Without a host section nothing applies.
func visit(ctx context.Context, env *suites.Env, keys []string, look func(s *session, im *imported, o *suites.Outcome)) suites.Outcome {
	if env.Candidate.Host == nil {
		return suites.Skipped("the candidate file declares no host section")
	}
	var o suites.Outcome
	s := sessionOf(ctx, env)
	if s.err != nil {
		o.CouldNotReach("fixtures issuer", "the host could not be tested: "+s.err.Error())
		return o
	}
	for _, key := range keys {
		im := s.imports[key]
		o.AddEvidence(im.Answer.Evidence...)
		o.AddEvidence(im.Export.Evidence...)
		if read(&o, key, im.Err) {
			o.Check(key)
			look(s, im, &o)
		}
	}
	return o
}

// visitExports is visit over the badges the host imported: a badge it refused has no export to
// judge (the import specs fail the refusal), so it is named as not applying; when none applies the
// outcome says which were refused.
func visitExports(ctx context.Context, env *suites.Env, keys []string, look func(s *session, im *imported, o *suites.Outcome)) suites.Outcome {
	var refused []string
	o := visit(ctx, env, keys, func(s *session, im *imported, o *suites.Outcome) {
		if im.Answer.Status != "imported" {
			refused = append(refused, im.Key)
			o.Checked = slices.DeleteFunc(o.Checked, func(c string) bool { return c == im.Key })
			return
		}
		look(s, im, o)
	})
	if len(refused) > 0 {
		o.Skip = "the host refused to import " + strings.Join(refused, ", ") + ", so there is no export to compare (the import specs judge the refusal)"
	}
	return o
}
