package reference

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/memca"
	refconnect "github.com/obcert/obcert/reference/connect"
)

// ConnectPasswordEnv is the environment variable that holds the password of the reference
// provider's test account. The candidate file names it (consent step fieldsEnv), never the
// password itself.
const ConnectPasswordEnv = "OBCERT_REFERENCE_CONNECT_PASSWORD"

var (
	connectPasswordOnce sync.Once
	connectPassword     string
)

// processConnectPassword is the test account's default password: a random one made at the
// first Start, which Start puts into this process's own environment (os.Setenv) so that obcert,
// driving the login page in this same process, reads it from there as the candidate file says
// (fieldsEnv). It is made once per process, so that every Server of the process (tests start
// several) shares it and none overwrites another's.
func processConnectPassword() string {
	connectPasswordOnce.Do(func() {
		b := make([]byte, 18)
		_, _ = rand.Read(b)
		connectPassword = base64.RawURLEncoding.EncodeToString(b)
		_ = os.Setenv(ConnectPasswordEnv, connectPassword)
	})
	return connectPassword
}

// WithConnectPassword sets the password of the Badge Connect provider's test account instead of
// the random one of the process: for a reference served to obcert running in another process,
// whose environment the operator gives the same ConnectPasswordEnv. Start also puts it in this
// process's ConnectPasswordEnv.
func WithConnectPassword(pw string) Option { return func(c *config) { c.connectPassword = pw } }

// connectPart is the reference host's Badge Connect provider (reference/connect), served over
// TLS on a loopback listener of its own: the rest of the reference may speak plain HTTP, Badge
// Connect is TLS only (CONNECT-11). Its certificate is issued by the server's CA when the server
// serves HTTPS (one CA to trust, the one `reference serve --tls-ca` writes), else by a CA of its
// own (internal/memca).
type connectPart struct {
	provider *refconnect.Provider
	password string
	ca       *memca.CA
	origin   string
	ln       net.Listener
	srv      *http.Server
	served   chan struct{}
	close    sync.Once
}

var _ part = (*connectPart)(nil)
var _ listenerPart = (*connectPart)(nil)

// newConnect builds the Badge Connect provider part: its listener, its certificate and the
// provider, broken by the faults that carry a connect option.
func newConnect(base string, c *config, faults []Fault) (part, error) {
	ca := c.ca
	if ca == nil {
		var err error
		if ca, err = memca.New("obcert reference Badge Connect CA"); err != nil {
			return nil, fmt.Errorf("making the Badge Connect provider's CA: %w", err)
		}
	}
	tc, err := ca.ServerConfig()
	if err != nil {
		return nil, fmt.Errorf("making the Badge Connect provider's certificate: %w", err)
	}
	ln, err := listenLoopback("127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	origin := "https://" + ln.Addr().String()
	pw := c.connectPassword
	if pw == "" {
		pw = processConnectPassword()
	} else {
		_ = os.Setenv(ConnectPasswordEnv, pw)
	}
	opts := []refconnect.Option{refconnect.WithClock(c.now), refconnect.WithAccount(c.recipient),
		refconnect.WithPassword(pw), refconnect.WithBaseURL(origin)}
	for _, f := range faults {
		for _, h := range f.effect {
			if h.connect != nil {
				opts = append(opts, h.connect)
			}
		}
	}
	p := &connectPart{provider: refconnect.New(opts...), password: pw, ca: ca, origin: origin, ln: tls.NewListener(ln, tc), served: make(chan struct{})}
	p.srv = &http.Server{Handler: p.provider, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: time.Minute, MaxHeaderBytes: 64 << 10,
		ErrorLog: log.New(io.Discard, "", 0)} // TLS handshakes a test client aborts are not news
	return p, nil
}

// mount mounts nothing on the shared mux: the provider has a listener of its own.
func (p *connectPart) mount(*http.ServeMux) {}

// serve starts serving the provider.
func (p *connectPart) serve() {
	go func() {
		defer close(p.served)
		_ = p.srv.Serve(p.ln) // returns http.ErrServerClosed once shut down
	}()
}

// shutdown stops the provider and frees its port.
func (p *connectPart) shutdown(ctx context.Context) error {
	var err error
	p.close.Do(func() {
		if err = p.srv.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
			err = errors.Join(err, p.srv.Close())
		}
		<-p.served
	})
	return err
}

// describe writes connect.provider: the manifest, the test account, and how to consent: the
// login form (the password read from ConnectPasswordEnv), then the consent form. It leaves
// connect.consumer to the consumer part.
func (p *connectPart) describe(cf *obcert.CandidateFile) {
	if cf.Connect == nil {
		cf.Connect = &obcert.ConnectRole{}
	}
	account := p.provider.Account()
	cf.Connect.Provider = &obcert.ConnectProvider{Manifest: p.origin + p.provider.ManifestPath(), Account: account,
		Consent: obcert.ConnectConsent{Mode: "form", Steps: []obcert.ConsentStep{
			{Form: "login", Fields: map[string]string{"username": account}, FieldsEnv: map[string]string{"password": ConnectPasswordEnv}, Submit: "login"},
			{Form: "consent", Submit: "approve"},
		}}}
}

// ConnectCAPEM returns the PEM certificate of the CA the Badge Connect provider's certificate
// is issued by (it is served over TLS whether or not the rest of the server is): CACertPEM's when
// the server serves HTTPS.
func (s *Server) ConnectCAPEM() []byte {
	for _, lp := range s.listeners {
		if p, ok := lp.(*connectPart); ok {
			return p.ca.PEM()
		}
	}
	return nil
}

// ConnectSecrets returns every secret the Badge Connect provider handed out so far (client
// secrets, codes, tokens, session cookies) and its test account's password: a test looks for
// them in obcert's outputs.
func (s *Server) ConnectSecrets() []string {
	for _, lp := range s.listeners {
		if p, ok := lp.(*connectPart); ok {
			return append(p.provider.Secrets(), p.password)
		}
	}
	return nil
}

// connectFaults are the reference provider's faults, each one value as every part's are.
func connectFaults() []Fault {
	return partFaults(obcert.RoleConnect, refconnect.Faults(), func(o refconnect.Option) hook { return hook{connect: o} })
}
