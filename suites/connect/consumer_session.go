package connect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/obcert/obcert/api"
	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/suites"
)

// The two connections a consumer makes to obcert's provider: the first, to a provider answering
// every optional field, and the second, to one answering JSON nulls and empty arrays.
const (
	firstConnection = "first connection"
	nullsConnection = "nulls connection"
)

// connection is one connection of the consumer to obcert's provider: what the provider recorded,
// what was given to post, and what the consumer's adapter answered.
type connection struct {
	Name   string
	Rec    fixtures.ConnectRecording
	Given  *connectBadge
	Answer *connectAnswer
	// AnsErr is why the adapter's answer could not be read (a *suites.DriveError).
	AnsErr error
	// Evidence references the adapter's exchange and the redacted recording.
	Evidence []string
}

// consumerSession is the run's connections, shared by the consumer specs.
type consumerSession struct {
	conns []*connection
	err   error // the harness could not start its provider
}

// first and nulls are the session's connections (nil when not made).
func (s *consumerSession) first() *connection { return s.byName(firstConnection) }
func (s *consumerSession) nulls() *connection { return s.byName(nullsConnection) }

func (s *consumerSession) byName(name string) *connection {
	for _, c := range s.conns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// connectRequest is the trigger of the adapter (api/adapter.yaml, ConnectRequest).
type connectRequest struct {
	Manifest string        `json:"manifest"`
	Account  string        `json:"account"`
	CAPEM    string        `json:"caPEM,omitempty"`
	Nulls    bool          `json:"nulls,omitempty"`
	Badge    *connectBadge `json:"badge,omitempty"`
}

type connectBadge struct {
	JWS  string         `json:"jws,omitempty"`
	JSON map[string]any `json:"json,omitempty"`
}

// connectAnswer is the adapter's answer (ConnectAnswer).
type connectAnswer struct {
	Assertions []string       `json:"assertions"`
	Profile    map[string]any `json:"profile"`
	Posted     *struct {
		StatusCode int    `json:"statusCode"`
		StatusText string `json:"statusText"`
	} `json:"posted"`
}

// consumerSessionOf starts the fixtures issuer once per run and has the consumer connect once to
// each of two fresh providers (the first one with a badge to post).
func consumerSessionOf(ctx context.Context, env *suites.Env) *consumerSession {
	return env.Memo("connect/consumer", func() any {
		s := &consumerSession{}
		iss, err := fixtures.Start(ctx, fixtures.WithClock(env.Now))
		if err != nil {
			s.err = err
			return s
		}
		env.Defer(func() { _ = iss.Close() })
		signed, _ := iss.Fixture(fixtures.ValidSigned)
		for _, v := range []struct {
			name  string
			opts  []fixtures.ConnectOption
			badge *connectBadge
		}{
			{firstConnection, nil, &connectBadge{JWS: signed.Badge.JWS}},
			{nullsConnection, []fixtures.ConnectOption{fixtures.ConnectNulls()}, nil},
		} {
			c, err := connectOnce(ctx, env, iss, v.name, v.badge, append(v.opts, fixtures.ConnectClock(env.Now))...)
			if err != nil {
				s.err = err
				return s
			}
			s.conns = append(s.conns, c)
		}
		return s
	}).(*consumerSession)
}

// connectOnce serves a provider, has the consumer connect to it, and keeps the recording.
func connectOnce(ctx context.Context, env *suites.Env, iss *fixtures.Issuer, name string, badge *connectBadge, opts ...fixtures.ConnectOption) (*connection, error) {
	p, err := fixtures.StartConnect(iss, fixtures.Recipient, opts...)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	c := &connection{Name: name, Given: badge}
	in := connectRequest{Manifest: p.ManifestURL(), Account: fixtures.Recipient, CAPEM: string(p.CAPEM()),
		Nulls: name == nullsConnection, Badge: badge}
	c.Answer, c.Evidence, c.AnsErr = trigger(ctx, env, in)
	c.Rec = p.Recording()
	c.Evidence = append(c.Evidence, writeRecording(env.Out, c)...)
	return c, nil
}

// trigger asks the consumer's adapter to connect, and reads its answer against api/adapter.yaml.
func trigger(ctx context.Context, env *suites.Env, in connectRequest) (*connectAnswer, []string, error) {
	u := strings.TrimSuffix(env.Candidate.Connect.Consumer.Adapter, "/") + "/connect"
	body, _ := json.Marshal(in)
	resp, err := env.Client.Do(ctx, httpx.Request{Method: http.MethodPost, URL: u, Body: body,
		Header: http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}}})
	if err != nil {
		return nil, nil, &suites.DriveError{Reason: fmt.Sprintf("POST %s got no answer: %v", u, err), Unreachable: true}
	}
	var ev []string
	if resp.Entry >= 0 {
		ev = []string{httpx.EntryRef(resp.Entry)}
	}
	ans, err := readAnswer(u, resp.Status, resp.Body, in.Badge != nil)
	if err != nil {
		return nil, ev, &suites.DriveError{Reason: err.Error(), Evidence: ev}
	}
	return ans, ev, nil
}

// readAnswer checks the adapter's answer against the ConnectAnswer schema: 200, a JSON object,
// assertions an array of strings, profile an object with a string id, and posted (required when a
// badge was given) with an integer statusCode and a string statusText.
func readAnswer(u string, status int, body []byte, posted bool) (*connectAnswer, error) {
	if status != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		_ = json.Unmarshal(body, &e)
		if e.Error == "" {
			return nil, fmt.Errorf("POST %s answered HTTP %d, not 200 OK with a ConnectAnswer", u, status)
		}
		return nil, fmt.Errorf("POST %s answered HTTP %d: the consumer says %q", u, status, clip(e.Error, 300))
	}
	shape, err := api.ConnectAnswerShape()
	if err != nil {
		return nil, err
	}
	var raw map[string]any
	if err := json.Unmarshal(body, &raw); err != nil || raw == nil {
		return nil, fmt.Errorf("POST %s answered with a body that is not a JSON object", u)
	}
	required := shape.Required
	if posted {
		required = append(slices.Clone(required), "posted")
	}
	for _, f := range required {
		if err := fits(raw[f], shape.Properties[f]); err != nil {
			return nil, fmt.Errorf("POST %s answered a ConnectAnswer whose %s %s", u, f, err)
		}
	}
	var ans connectAnswer
	_ = json.Unmarshal(body, &ans)
	return &ans, nil
}

// fits checks v against a schema's type, its items' and its required properties' types.
func fits(v any, s api.Schema) error {
	ok := false
	switch s.Type {
	case "array":
		list, isList := v.([]any)
		ok = isList
		for _, e := range list {
			if s.Items != nil && fits(e, *s.Items) != nil {
				return fmt.Errorf("holds an item that is not a %s", s.Items.Type)
			}
		}
	case "object":
		m, isMap := v.(map[string]any)
		ok = isMap
		for _, r := range s.Required {
			if isMap && fits(m[r], s.Properties[r]) != nil {
				return fmt.Errorf("has no %s %s", s.Properties[r].Type, r)
			}
		}
	case "string":
		_, ok = v.(string)
	case "integer":
		f, isNum := v.(float64)
		ok = isNum && f == float64(int64(f))
	default:
		ok = v != nil
	}
	if !ok {
		return fmt.Errorf("is missing or not a JSON %s", s.Type)
	}
	return nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func isUnreachable(err error) bool {
	var de *suites.DriveError
	return errors.As(err, &de) && de.Unreachable
}
