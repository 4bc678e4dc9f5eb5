package connectconsumer

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"time"
)

// maxBody bounds what the consumer reads of any answer, and of the trigger.
const maxBody = 4 << 20

// Request is the adapter's trigger (api/adapter.yaml, ConnectRequest): the provider's manifest,
// the account, the CA to trust, and the badge to post, if any.
type Request struct {
	Manifest string `json:"manifest"`
	Account  string `json:"account"`
	CAPEM    string `json:"caPEM,omitempty"`
	Nulls    bool   `json:"nulls,omitempty"`
	Badge    *Badge `json:"badge,omitempty"`
}

// Badge is a badge to post: a compact JWS or the Assertion JSON.
type Badge struct {
	JWS  string         `json:"jws,omitempty"`
	JSON map[string]any `json:"json,omitempty"`
}

// Answer is what the consumer read and wrote (api/adapter.yaml, ConnectAnswer).
type Answer struct {
	Assertions []string       `json:"assertions"`
	Profile    map[string]any `json:"profile"`
	Posted     *Posted        `json:"posted,omitempty"`
}

// Posted is the status the provider answered the post with.
type Posted struct {
	StatusCode int    `json:"statusCode"`
	StatusText string `json:"statusText"`
}

type handler struct{ cfg config }

// New returns the adapter: POST /connect.
func New(opts ...Option) http.Handler {
	h := &handler{cfg: config{timeout: 10 * time.Second}}
	for _, o := range opts {
		o(&h.cfg)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /connect", h.connect)
	return mux
}

func (h *handler) connect(w http.ResponseWriter, r *http.Request) {
	var in Request
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err == nil {
		err = json.Unmarshal(body, &in)
	}
	if err == nil {
		err = checkRequest(in)
	}
	if err != nil {
		fail(w, http.StatusBadRequest, "the request is not a ConnectRequest: "+err.Error())
		return
	}
	client, err := h.client(in.CAPEM)
	if err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	s := &session{cfg: h.cfg, client: client, in: in}
	ans, err := s.run(r.Context())
	if err != nil {
		fail(w, http.StatusBadGateway, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(ans)
}

func checkRequest(in Request) error {
	u, err := url.Parse(in.Manifest)
	switch {
	case err != nil || u.Scheme != "https" || u.Host == "":
		return errors.New("manifest is not an absolute https URL")
	case in.Account == "":
		return errors.New("account is empty")
	case in.Badge != nil && in.Badge.JWS == "" && in.Badge.JSON == nil:
		return errors.New("badge carries neither jws nor json")
	}
	return nil
}

func fail(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// client is the consumer's HTTP client: it trusts caPEM (or the system roots), follows no
// redirect (the consent redirect carries the code) and times out.
func (h *handler) client(caPEM string) (*http.Client, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if caPEM != "" {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM([]byte(caPEM)) {
			return nil, errors.New("caPEM holds no PEM certificate")
		}
		tc.RootCAs = pool
	}
	return &http.Client{Timeout: h.cfg.timeout, Transport: &http.Transport{TLSClientConfig: tc, Proxy: nil},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, nil
}
