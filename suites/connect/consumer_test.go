package connect

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/suites"
)

const (
	cannedVerifier = "canned-verifier-0123456789-0123456789-0123456789"
	cannedSecret   = "canned-client-secret"
	cannedJWS      = "eyJhbGciOiJSUzI1NiJ9.eyJpZCI6InVybjp1dWlkOjEifQ.c2ln"
	cannedRedirect = "https://consumer.example/cb"
)

func jsonOf(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

// cannedConnection is a connection of a conformant consumer, as obcert's provider records it.
func cannedConnection(name string) *connection {
	sum := sha256.Sum256([]byte(cannedVerifier))
	scopes := strings.Join(fixtures.ConnectScopes, " ")
	md := map[string]any{"client_name": "c", "client_uri": "https://consumer.example/", "logo_uri": "https://consumer.example/l.png",
		"tos_uri": "https://consumer.example/tos", "policy_uri": "https://consumer.example/p", "software_id": "id", "software_version": "1",
		"redirect_uris": []string{cannedRedirect}, "token_endpoint_auth_method": "client_secret_basic",
		"grant_types": []string{"authorization_code"}, "response_types": []string{"code"}, "scope": scopes}
	answer := map[string]any{"client_id": "cid", "client_secret": cannedSecret, "redirect_uris": []string{cannedRedirect}}
	auth := url.Values{"response_type": {"code"}, "client_id": {"cid"}, "redirect_uri": {cannedRedirect}, "scope": {scopes}, "state": {"st"},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {"thecode"}, "redirect_uri": {cannedRedirect}, "code_verifier": {cannedVerifier}}
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("cid:"+cannedSecret))
	json, formType := "application/json", "application/x-www-form-urlencoded"
	x := []fixtures.ConnectExchange{
		{Method: "GET", Path: fixtures.ConnectManifestPath, Status: 200},
		{Method: "POST", Path: fixtures.ConnectRegisterPath, Header: hdr("Content-Type", json), Body: jsonOf(md), Status: 201, Answer: jsonOf(answer)},
		{Method: "GET", Path: fixtures.ConnectAuthorizePath, Query: auth, Status: 200},
		{Method: "POST", Path: fixtures.ConnectAuthorizePath, Header: hdr("Content-Type", formType), Body: []byte("request=r&approve=approve"),
			Status: 302, Location: cannedRedirect + "?code=thecode&state=st", AuthorizeSeq: 3},
		{Method: "POST", Path: fixtures.ConnectTokenPath, Header: hdr("Content-Type", formType, "Authorization", basic), Body: []byte(form.Encode()),
			Status: 200, AuthorizeSeq: 3},
		{Method: "GET", Path: fixtures.ConnectAssertions, Status: 200, Scope: scopes, TokenVia: "bearer"},
		{Method: "GET", Path: fixtures.ConnectProfile, Status: 200, Scope: scopes, TokenVia: "bearer"},
	}
	c := &connection{Name: name, Answer: &connectAnswer{Assertions: []string{"https://i.example/a1", "urn:uuid:1"},
		Profile: map[string]any{"id": "https://p.example/me", "name": "Me"}}}
	if name == firstConnection {
		x = append(x, fixtures.ConnectExchange{Method: "POST", Path: fixtures.ConnectAssertions, Header: hdr("Content-Type", json),
			Body: jsonOf(map[string]any{"signedAssertion": cannedJWS}), Status: 200, Scope: scopes, TokenVia: "bearer"})
		c.Given = &connectBadge{JWS: cannedJWS}
		c.Answer.Posted = &struct {
			StatusCode int    `json:"statusCode"`
			StatusText string `json:"statusText"`
		}{200, "OK"}
	}
	for i := range x {
		x[i].Seq = i + 1
	}
	c.Rec = fixtures.ConnectRecording{Manifest: "https://127.0.0.1:1" + fixtures.ConnectManifestPath, Nulls: name == nullsConnection, Exchanges: x,
		Served: fixtures.ConnectServed{IDs: []string{"https://i.example/a1", "urn:uuid:1"}, Profile: map[string]any{"id": "https://p.example/me", "name": "Me", "url": nil}}}
	return c
}

// cannedEnv is an Env whose consumer session is s.
func cannedEnv(s *consumerSession) *suites.Env {
	env := &suites.Env{Candidate: obcert.CandidateFile{Connect: &obcert.ConnectRole{Consumer: &obcert.ConnectConsumer{Adapter: "http://127.0.0.1:1"}}}, Now: time.Now}
	env.Memo("connect/consumer", func() any { return s })
	return env
}

// judgeAll runs every consumer spec on env and returns the ids of those that found a problem or
// could not read a subject, and the outcomes by id.
func judgeAll(t *testing.T, env *suites.Env) ([]string, map[string]suites.Outcome) {
	t.Helper()
	var bad []string
	outs := map[string]suites.Outcome{}
	for _, sp := range Specs() {
		if !strings.HasPrefix(sp.ID, "connect/consumer-") {
			continue
		}
		o := sp.Body(context.Background(), env, sp)
		outs[sp.ID] = o
		if len(o.Problems) > 0 || len(o.Unread) > 0 {
			bad = append(bad, sp.ID)
		} else if len(o.Checked) == 0 {
			t.Errorf("%s checked nothing and found nothing", sp.ID)
		}
	}
	return bad, outs
}

func exchange(c *connection, method, path string) *fixtures.ConnectExchange {
	for i := range c.Rec.Exchanges {
		if x := &c.Rec.Exchanges[i]; x.Method == method && x.Path == path {
			return x
		}
	}
	return nil
}

func editForm(x *fixtures.ConnectExchange, fn func(url.Values)) {
	v, _ := url.ParseQuery(string(x.Body))
	fn(v)
	x.Body = []byte(v.Encode())
}

func editJSON(x *fixtures.ConnectExchange, fn func(map[string]any)) {
	var m map[string]any
	_ = json.Unmarshal(x.Body, &m)
	fn(m)
	x.Body = jsonOf(m)
}

// TestConsumerChecksOverCannedRecordings: the recording of a conformant consumer passes every
// consumer spec, and each broken recording fails exactly the spec that judges what it breaks.
func TestConsumerChecksOverCannedRecordings(t *testing.T) {
	good := func() *consumerSession {
		return &consumerSession{conns: []*connection{cannedConnection(firstConnection), cannedConnection(nullsConnection)}}
	}
	if bad, outs := judgeAll(t, cannedEnv(good())); len(bad) > 0 {
		t.Fatalf("the conformant recording fails %v: %+v", bad, outs[bad[0]])
	}
	cases := []struct {
		name string
		spec string
		req  string
		edit func(first, nulls *connection)
	}{
		{"registers before the manifest", "connect/consumer-manifest-first", "CONNECT-12", func(f, _ *connection) {
			f.Rec.Exchanges[0].Path = "/elsewhere"
		}},
		{"registration lacks software_id", "connect/consumer-registration", "CONNECT-22", func(f, _ *connection) {
			editJSON(exchange(f, "POST", fixtures.ConnectRegisterPath), func(m map[string]any) { delete(m, "software_id") })
		}},
		{"registration on two hosts", "connect/consumer-registration", "CONNECT-23", func(f, _ *connection) {
			editJSON(exchange(f, "POST", fixtures.ConnectRegisterPath), func(m map[string]any) { m["tos_uri"] = "https://other.example/tos" })
		}},
		{"registration as a form", "connect/consumer-registration", "CONNECT-20", func(_, n *connection) {
			exchange(n, "POST", fixtures.ConnectRegisterPath).Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}},
		{"registration asks client_secret_post", "connect/consumer-registration", "CONNECT-24", func(f, _ *connection) {
			editJSON(exchange(f, "POST", fixtures.ConnectRegisterPath), func(m map[string]any) {
				m["token_endpoint_auth_method"] = "client_secret_post"
				m["grant_types"] = []any{"implicit"}
			})
		}},
		{"plain PKCE", "connect/consumer-pkce", "CONNECT-31", func(f, _ *connection) {
			exchange(f, "GET", fixtures.ConnectAuthorizePath).Query.Set("code_challenge_method", "plain")
		}},
		{"no state", "connect/consumer-pkce", "CONNECT-31", func(_, n *connection) {
			exchange(n, "GET", fixtures.ConnectAuthorizePath).Query.Del("state")
		}},
		{"unregistered redirect_uri", "connect/consumer-pkce", "CONNECT-31", func(f, _ *connection) {
			exchange(f, "GET", fixtures.ConnectAuthorizePath).Query.Set("redirect_uri", "https://consumer.example/other")
		}},
		{"wrong verifier", "connect/consumer-pkce", "CONNECT-31", func(f, _ *connection) {
			editForm(exchange(f, "POST", fixtures.ConnectTokenPath), func(v url.Values) { v.Set("code_verifier", "another") })
		}},
		{"secret in the body", "connect/consumer-token-basic", "CONNECT-35", func(f, _ *connection) {
			x := exchange(f, "POST", fixtures.ConnectTokenPath)
			editForm(x, func(v url.Values) { v.Set("client_id", "cid"); v.Set("client_secret", cannedSecret) })
		}},
		{"no Basic header", "connect/consumer-token-basic", "CONNECT-35", func(f, _ *connection) {
			exchange(f, "POST", fixtures.ConnectTokenPath).Header.Del("Authorization")
		}},
		{"token request without redirect_uri", "connect/consumer-token-basic", "CONNECT-35", func(f, _ *connection) {
			editForm(exchange(f, "POST", fixtures.ConnectTokenPath), func(v url.Values) { v.Del("redirect_uri") })
		}},
		{"unoffered scope", "connect/consumer-scopes", "CONNECT-45", func(f, _ *connection) {
			exchange(f, "GET", fixtures.ConnectAuthorizePath).Query.Set("scope", fixtures.ScopeAssertionRead+" https://example.org/all")
		}},
		{"profile read with an assertion-only token", "connect/consumer-scopes", "CONNECT-04", func(f, _ *connection) {
			exchange(f, "GET", fixtures.ConnectProfile).Scope = fixtures.ScopeAssertionRead
		}},
		{"token in the query", "connect/consumer-bearer", "CONNECT-37", func(_, n *connection) {
			exchange(n, "GET", fixtures.ConnectProfile).TokenVia = "query"
		}},
		{"reports one assertion fewer", "connect/consumer-read", "CONNECT-03", func(f, _ *connection) {
			f.Answer.Assertions = f.Answer.Assertions[:1]
		}},
		{"reports another profile", "connect/consumer-read", "CONNECT-03", func(f, _ *connection) {
			f.Answer.Profile = map[string]any{"id": "https://p.example/me", "name": "Someone else"}
		}},
		{"never reads the profile", "connect/consumer-read", "CONNECT-03", func(f, _ *connection) {
			exchange(f, "GET", fixtures.ConnectProfile).Path = "/elsewhere"
		}},
		{"chokes on nulls", "connect/consumer-nulls", "CONNECT-55", func(_, n *connection) {
			n.Answer, n.AnsErr = nil, &suites.DriveError{Reason: "POST /connect answered HTTP 502: null"}
		}},
		{"hangs up on nulls", "connect/consumer-nulls", "CONNECT-55", func(_, n *connection) {
			n.Answer, n.AnsErr = nil, &suites.DriveError{Reason: "POST /connect got no answer: EOF", Unreachable: true}
		}},
		{"extension field in the payload", "connect/consumer-write", "CONNECT-06", func(f, _ *connection) {
			editJSON(exchange(f, "POST", fixtures.ConnectAssertions), func(m map[string]any) { m["note"] = "mine" })
		}},
		{"posts another badge", "connect/consumer-write", "CONNECT-06", func(f, _ *connection) {
			editJSON(exchange(f, "POST", fixtures.ConnectAssertions), func(m map[string]any) { m["signedAssertion"] = "a.b.c" })
		}},
		{"never posts", "connect/consumer-write", "", func(f, _ *connection) {
			exchange(f, "POST", fixtures.ConnectAssertions).Path = "/elsewhere"
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := good()
			tc.edit(s.conns[0], s.conns[1])
			bad, outs := judgeAll(t, cannedEnv(s))
			if !slices.Equal(bad, []string{tc.spec}) {
				t.Fatalf("failed %v, want exactly %s", bad, tc.spec)
			}
			o := outs[tc.spec]
			if tc.req == "" {
				if len(o.Unread) == 0 {
					t.Errorf("%s: want a subject it could not read, got %+v", tc.spec, o)
				}
				return
			}
			if !slices.ContainsFunc(o.Problems, func(f obcert.Finding) bool { return slices.Contains(f.Requirements, tc.req) }) {
				t.Errorf("%s: no problem names %s: %+v", tc.spec, tc.req, o.Problems)
			}
		})
	}
}

// TestConsumerSpecsWithoutTheSection: no connect.consumer section, every consumer spec is
// skipped saying so; an adapter that never answers is an error, never a pass.
func TestConsumerSpecsWithoutTheSection(t *testing.T) {
	for _, sp := range consumerSpecs() {
		o := sp.Body(context.Background(), &suites.Env{}, sp)
		if !strings.Contains(o.Skip, "connect.consumer") || len(o.Checked) > 0 {
			t.Errorf("%s without the section: %+v", sp.ID, o)
		}
	}
	down := &consumerSession{conns: []*connection{{Name: firstConnection, AnsErr: &suites.DriveError{Reason: "no answer", Unreachable: true}}}}
	for _, sp := range consumerSpecs() {
		o := sp.Body(context.Background(), cannedEnv(down), sp)
		if len(o.Unread) != 1 || !o.Unread[0].Unreachable || len(o.Checked) > 0 {
			t.Errorf("%s with an unreachable adapter: %+v", sp.ID, o)
		}
	}
}

// TestConsumerThatNeverConnects: a consumer that fetches the manifest and gives up fails every
// consumer spec, each saying what obcert's provider did not receive.
func TestConsumerThatNeverConnects(t *testing.T) {
	s := &consumerSession{}
	for _, name := range []string{firstConnection, nullsConnection} {
		c := cannedConnection(name)
		c.Rec.Exchanges = c.Rec.Exchanges[:1]
		c.Answer, c.AnsErr = nil, &suites.DriveError{Reason: "POST /connect answered HTTP 502: the consumer says \"no\""}
		s.conns = append(s.conns, c)
	}
	bad, outs := judgeAll(t, cannedEnv(s))
	if len(bad) != len(consumerSpecs()) {
		t.Fatalf("only %v fail", bad)
	}
	for id, o := range outs {
		text := ""
		for _, u := range o.Unread {
			text += u.Reason
		}
		for _, p := range o.Problems {
			text += p.Message
		}
		if !strings.Contains(text, "received no") && !strings.Contains(text, "never read") && !strings.Contains(text, "reported nothing") {
			t.Errorf("%s does not say what was not received: %s", id, text)
		}
	}
}

// TestReadAnswer checks the adapter's answer against the ConnectAnswer schema.
func TestReadAnswer(t *testing.T) {
	for name, tc := range map[string]struct {
		status int
		body   string
		posted bool
		want   string
	}{
		"good":              {200, `{"assertions":["a"],"profile":{"id":"p"},"posted":{"statusCode":200,"statusText":"OK"}}`, true, ""},
		"no post asked":     {200, `{"assertions":[],"profile":{"id":"p"}}`, false, ""},
		"error":             {502, `{"error":"the provider refused"}`, false, `the consumer says "the provider refused"`},
		"not JSON":          {200, `<html>`, false, "not a JSON object"},
		"assertions object": {200, `{"assertions":{},"profile":{"id":"p"}}`, false, "assertions is missing or not a JSON array"},
		"number ids":        {200, `{"assertions":[1],"profile":{"id":"p"}}`, false, "item that is not a string"},
		"profile no id":     {200, `{"assertions":[],"profile":{}}`, false, "profile has no string id"},
		"no posted":         {200, `{"assertions":[],"profile":{"id":"p"}}`, true, "posted is missing"},
		"status not int":    {200, `{"assertions":[],"profile":{"id":"p"},"posted":{"statusCode":"200","statusText":"OK"}}`, true, "has no integer statusCode"},
	} {
		_, err := readAnswer("http://a/connect", tc.status, []byte(tc.body), tc.posted)
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
}

// consumerEnv is an Env whose connect.consumer adapter is at u, recording into rec.
func consumerEnv(u string, rec *httpx.Recorder) *suites.Env {
	return &suites.Env{Candidate: obcert.CandidateFile{Connect: &obcert.ConnectRole{Consumer: &obcert.ConnectConsumer{Adapter: u}}},
		Client: httpx.New(httpx.WithTimeout(20*time.Second), httpx.WithRecorder(rec)), Now: time.Now, RequestTimeout: 20 * time.Second}
}
