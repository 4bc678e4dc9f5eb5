package connectconsumer

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/oauth2"
)

// The Badge Connect scopes the consumer asks for, and the one it must not (its unoffered fault).
var (
	badgeConnectScopes = []string{
		"https://purl.imsglobal.org/spec/ob/v2p1/scope/assertion.readonly",
		"https://purl.imsglobal.org/spec/ob/v2p1/scope/assertion.create",
		"https://purl.imsglobal.org/spec/ob/v2p1/scope/profile.readonly",
	}
	unofferedScope = "https://purl.imsglobal.org/spec/ob/v2p1/scope/assertion.delete"
)

// session is one connection to a provider.
type session struct {
	cfg    config
	client *http.Client
	in     Request
	api    endpoints
	creds  struct{ id, secret string }
	token  string
}

// endpoints are what the consumer reads from the manifest.
type endpoints struct {
	APIBase          string   `json:"apiBase"`
	RegistrationURL  string   `json:"registrationUrl"`
	AuthorizationURL string   `json:"authorizationUrl"`
	TokenURL         string   `json:"tokenUrl"`
	ScopesOffered    []string `json:"scopesOffered"`
}

// run is the whole flow: manifest, registration, authorization, token, the reads and the post.
func (s *session) run(ctx context.Context) (*Answer, error) {
	defer s.client.CloseIdleConnections()
	if err := s.discover(ctx); err != nil {
		return nil, fmt.Errorf("reading the manifest: %w", err)
	}
	redirect, err := s.register(ctx)
	if err != nil {
		return nil, fmt.Errorf("registering: %w", err)
	}
	if err := s.authorize(ctx, redirect); err != nil {
		return nil, err
	}
	ans := &Answer{}
	if ans.Assertions, err = s.readAssertions(ctx); err != nil {
		return nil, fmt.Errorf("reading the assertions: %w", err)
	}
	if s.cfg.dropRead && len(ans.Assertions) > 0 {
		ans.Assertions = ans.Assertions[:len(ans.Assertions)-1]
	}
	if ans.Profile, err = s.readProfile(ctx); err != nil {
		return nil, fmt.Errorf("reading the profile: %w", err)
	}
	if s.in.Badge != nil {
		if ans.Posted, err = s.post(ctx, *s.in.Badge); err != nil {
			return nil, fmt.Errorf("posting the badge: %w", err)
		}
	}
	return ans, nil
}

// discover reads the manifest's first Badge Connect API (CONNECT-03, -12); with the
// skip-manifest fault it guesses the endpoints from the manifest's origin instead.
func (s *session) discover(ctx context.Context) error {
	if s.cfg.skipManifest {
		u, _ := url.Parse(s.in.Manifest)
		o := u.Scheme + "://" + u.Host
		s.api = endpoints{APIBase: o + "/ims/ob/v2p1", RegistrationURL: o + "/register", AuthorizationURL: o + "/authorize",
			TokenURL: o + "/token", ScopesOffered: badgeConnectScopes}
		return nil
	}
	var m struct {
		API []endpoints `json:"badgeConnectAPI"`
	}
	if err := s.getJSON(ctx, s.in.Manifest, "", &m); err != nil {
		return err
	}
	if len(m.API) == 0 || m.API[0].RegistrationURL == "" || m.API[0].AuthorizationURL == "" || m.API[0].TokenURL == "" || m.API[0].APIBase == "" {
		return errors.New("the manifest names no complete badgeConnectAPI entry")
	}
	s.api = m.API[0]
	s.api.APIBase = strings.TrimSuffix(s.api.APIBase, "/")
	return nil
}

// scopes are the Badge Connect scopes the consumer uses that the provider offers.
func (s *session) scopes() []string {
	var out []string
	for _, sc := range badgeConnectScopes {
		for _, o := range s.api.ScopesOffered {
			if o == sc {
				out = append(out, sc)
			}
		}
	}
	if s.cfg.unoffered {
		out = append(out, unofferedScope)
	}
	return out
}

// register is RFC 7591 registration with every field CONNECT-22 requires, all on the
// consumer's own host over https (CONNECT-23), and the allowed methods (CONNECT-24).
func (s *session) register(ctx context.Context) (string, error) {
	o, err := url.Parse(s.cfg.origin)
	if err != nil || o.Host == "" {
		return "", errors.New("the consumer has no origin of its own to register")
	}
	site := "https://" + o.Host + "/connect-consumer"
	redirect := site + "/callback"
	if s.cfg.httpRedirect {
		redirect = "http://" + o.Host + "/connect-consumer/callback"
	}
	md := map[string]any{"client_name": "obcert reference consumer", "client_uri": site + "/", "logo_uri": site + "/logo.png",
		"tos_uri": site + "/tos", "policy_uri": site + "/privacy", "software_id": "7d8a3b8e-2f3c-4f55-9d2e-0b5c2f1e6a10",
		"software_version": "1.0.0", "redirect_uris": []string{redirect}, "token_endpoint_auth_method": "client_secret_basic",
		"grant_types": []string{"authorization_code", "refresh_token"}, "response_types": []string{"code"},
		"scope": strings.Join(s.scopes(), " ")}
	if s.cfg.dropField {
		delete(md, "software_version")
	}
	body, _ := json.Marshal(md)
	status, _, b, err := s.do(ctx, http.MethodPost, s.api.RegistrationURL, "application/json", "", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	var ans struct {
		ID     string `json:"client_id"`
		Secret string `json:"client_secret"`
	}
	if status != http.StatusCreated && status != http.StatusOK {
		return "", fmt.Errorf("the provider answered HTTP %d", status)
	}
	if err := json.Unmarshal(b, &ans); err != nil || ans.ID == "" || ans.Secret == "" {
		return "", errors.New("the registration answer has no client_id and client_secret")
	}
	s.creds.id, s.creds.secret = ans.ID, ans.Secret
	return redirect, nil
}

// authorize runs the authorization code grant with PKCE S256 (CONNECT-31): it passes the consent
// page as a script, then exchanges the code with HTTP Basic (CONNECT-35).
func (s *session) authorize(ctx context.Context, redirect string) error {
	style := oauth2.AuthStyleInHeader
	if s.cfg.secretInBody {
		style = oauth2.AuthStyleInParams
	}
	oc := &oauth2.Config{ClientID: s.creds.id, ClientSecret: s.creds.secret, RedirectURL: redirect, Scopes: s.scopes(),
		Endpoint: oauth2.Endpoint{AuthURL: s.api.AuthorizationURL, TokenURL: s.api.TokenURL, AuthStyle: style}}
	verifier, state := oauth2.GenerateVerifier(), random()
	var authOpts, tokenOpts []oauth2.AuthCodeOption
	switch {
	case s.cfg.noPKCE:
	case s.cfg.plainPKCE:
		authOpts = append(authOpts, oauth2.SetAuthURLParam("code_challenge_method", "plain"), oauth2.SetAuthURLParam("code_challenge", verifier))
		tokenOpts = append(tokenOpts, oauth2.VerifierOption(verifier))
	default:
		authOpts = append(authOpts, oauth2.S256ChallengeOption(verifier))
		tokenOpts = append(tokenOpts, oauth2.VerifierOption(verifier))
	}
	code, err := s.consent(ctx, oc.AuthCodeURL(state, authOpts...), redirect, state)
	if err != nil {
		return fmt.Errorf("authorizing: %w", err)
	}
	tokenOpts = append(tokenOpts, oauth2.SetAuthURLParam("scope", strings.Join(s.scopes(), " ")))
	tok, err := oc.Exchange(context.WithValue(ctx, oauth2.HTTPClient, s.client), code, tokenOpts...)
	var re *oauth2.RetrieveError
	switch {
	case errors.As(err, &re) && re.Response != nil:
		return fmt.Errorf("exchanging the code for a token: the token endpoint answered HTTP %d %s", re.Response.StatusCode, re.ErrorCode)
	case err != nil:
		return errors.New("exchanging the code for a token: the token endpoint answered no access token")
	}
	s.token = tok.AccessToken
	return nil
}

func random() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// do sends one request to the provider and reads its answer, bounded. A token is sent as a
// Bearer header, or in the query with the no-bearer fault.
func (s *session) do(ctx context.Context, method, u, ctype, token string, body io.Reader) (int, http.Header, []byte, error) {
	if token != "" && s.cfg.queryToken {
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		u += sep + "access_token=" + url.QueryEscape(token)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("%s is not a URL the consumer can request", u)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Accept", "application/json")
	if token != "" && !s.cfg.queryToken {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return 0, nil, nil, fmt.Errorf("%s %s%s got no answer: %w", method, req.URL.Scheme+"://", req.URL.Host+req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err == nil && len(b) > maxBody {
		err = errors.New("the answer is larger than 4 MiB")
	}
	return resp.StatusCode, resp.Header, b, err
}

// getJSON GETs u (with token) and decodes a 200 JSON answer into out.
func (s *session) getJSON(ctx context.Context, u, token string, out any) error {
	status, _, b, err := s.do(ctx, http.MethodGet, u, "", token, nil)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("GET %s answered HTTP %d", u, status)
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("GET %s answered with a body that is not JSON", u)
	}
	return nil
}

var nextLink = regexp.MustCompile(`<([^>]+)>\s*;\s*rel="?next"?`)

// readAssertions reads every page of GET /assertions (following Link next, CONNECT-04) and
// returns the ids of the assertions read, unsigned and signed.
func (s *session) readAssertions(ctx context.Context) ([]string, error) {
	var ids []string
	u := s.api.APIBase + "/assertions"
	for page := 0; u != "" && page < 20; page++ {
		status, h, b, err := s.do(ctx, http.MethodGet, u, "", s.token, nil)
		if err != nil {
			return nil, err
		}
		if err := s.strict(status, b); err != nil {
			return nil, err
		}
		var env struct {
			Assertions       []map[string]any `json:"assertions"`
			SignedAssertions []string         `json:"signedAssertions"`
		}
		if err := json.Unmarshal(b, &env); err != nil {
			return nil, errors.New("the answer is not a GET /assertions envelope")
		}
		for _, a := range env.Assertions {
			id, _ := a["id"].(string)
			ids = append(ids, id)
		}
		for _, jws := range env.SignedAssertions {
			id, err := payloadID(jws)
			if err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		u = ""
		if m := nextLink.FindStringSubmatch(h.Get("Link")); m != nil && !s.cfg.firstPage {
			u = m[1]
		}
	}
	return ids, nil
}

// strict checks an answer is a 200; with the chokes-on-null fault it also refuses one that holds
// a JSON null or an empty array.
func (s *session) strict(status int, b []byte) error {
	if status != http.StatusOK {
		return fmt.Errorf("the provider answered HTTP %d", status)
	}
	if !s.cfg.chokeOnNull {
		return nil
	}
	var v any
	if json.Unmarshal(b, &v) == nil && hasNullOrEmpty(v) {
		return errors.New("the answer holds a null or an empty array, which this consumer cannot read")
	}
	return nil
}

func hasNullOrEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case []any:
		if len(x) == 0 {
			return true
		}
		for _, e := range x {
			if hasNullOrEmpty(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if hasNullOrEmpty(e) {
				return true
			}
		}
	}
	return false
}

func payloadID(jws string) (string, error) {
	parts := strings.Split(jws, ".")
	if len(parts) != 3 {
		return "", errors.New("a signedAssertion is not a compact JWS")
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	var a struct {
		ID string `json:"id"`
	}
	if err == nil {
		err = json.Unmarshal(b, &a)
	}
	if err != nil {
		return "", errors.New("a signedAssertion's payload is not an Assertion")
	}
	return a.ID, nil
}

// readProfile reads GET /profile's profile.
func (s *session) readProfile(ctx context.Context) (map[string]any, error) {
	status, _, b, err := s.do(ctx, http.MethodGet, s.api.APIBase+"/profile", "", s.token, nil)
	if err != nil {
		return nil, err
	}
	if err := s.strict(status, b); err != nil {
		return nil, err
	}
	var env struct {
		Profile map[string]any `json:"profile"`
	}
	if err := json.Unmarshal(b, &env); err != nil || env.Profile == nil {
		return nil, errors.New("the answer is not a GET /profile envelope with a profile")
	}
	return env.Profile, nil
}

// post posts the badge as an Assertion Payload (CONNECT-06, -73).
func (s *session) post(ctx context.Context, b Badge) (*Posted, error) {
	payload := map[string]any{}
	if b.JWS != "" {
		payload["signedAssertion"] = b.JWS
	} else {
		payload["assertion"] = b.JSON
	}
	if s.cfg.extension {
		payload["consumerNote"] = "posted by the obcert reference consumer"
	}
	body, _ := json.Marshal(payload)
	_, _, ans, err := s.do(ctx, http.MethodPost, s.api.APIBase+"/assertions", "application/json", s.token, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	var env struct {
		Status Posted `json:"status"`
	}
	if err := json.Unmarshal(ans, &env); err != nil {
		return nil, errors.New("the answer is not a Badge Connect envelope")
	}
	return &env.Status, nil
}
