package reference

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/memca"
)

// Server is a running reference candidate.
type Server struct {
	cfg       *config
	url       string
	ca        *memca.CA // nil on plain HTTP
	handler   http.Handler
	candidate obcert.CandidateFile
	ln        net.Listener
	srv       *http.Server
	served    chan struct{}
	listeners []listenerPart // the parts that serve on listeners of their own
	requests  atomic.Int64
	close     sync.Once
	closeErr  error
}

// Start generates the keys, builds every part and serves them on a loopback address (127.0.0.1
// and a free port unless WithAddr says otherwise) until Close: over plain HTTP, or over HTTPS
// with WithTLS.
func Start(opts ...Option) (*Server, error) {
	c := defaultConfig()
	for _, o := range opts {
		o(c)
	}
	if err := errors.Join(c.errs...); err != nil {
		return nil, err
	}
	ln, err := listenLoopback(c.addr)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: c, url: "http://" + ln.Addr().String(), ln: ln, served: make(chan struct{})}
	if err := s.build(); err != nil {
		ln.Close()
		return nil, err
	}
	s.srv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: time.Minute}
	go func() {
		defer close(s.served)
		_ = s.srv.Serve(s.ln) // returns http.ErrServerClosed once Close is called
	}()
	for _, lp := range s.listeners {
		lp.serve()
	}
	return s, nil
}

// listenerPart is a part that serves on a listener of its own (the Badge Connect provider, over
// TLS): the Server starts it with itself and shuts it down on Close.
type listenerPart interface {
	serve()
	shutdown(ctx context.Context) error
}

// build makes the keys and the CA, and mounts every part on one mux.
func (s *Server) build() error {
	if err := ensureKeys(s.cfg); err != nil {
		return err
	}
	if s.cfg.tls {
		ca, err := memca.New("obcert reference CA")
		if err != nil {
			return fmt.Errorf("making the reference's CA: %w", err)
		}
		// Every part is served under one certificate, for 127.0.0.1, ::1 and localhost.
		tc, err := ca.ServerConfig()
		if err != nil {
			return fmt.Errorf("making the reference's certificate: %w", err)
		}
		s.ca, s.ln, s.url = ca, tls.NewListener(s.ln, tc), "https://"+s.ln.Addr().String()
		s.cfg.roots, s.cfg.ca = ca.Pool(), ca
	}
	ps, err := buildParts(s.url, s.cfg)
	if err != nil {
		return fmt.Errorf("building the reference documents: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", notFound)
	s.candidate = s.cfg.candidate()
	for _, p := range ps {
		p.mount(mux)
		p.describe(&s.candidate)
		if lp, ok := p.(listenerPart); ok {
			s.listeners = append(s.listeners, lp)
		}
	}
	s.handler = mux
	return nil
}

// listenLoopback listens on addr, which must name a loopback IP.
func listenLoopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("reference address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("reference address %q: the reference listens on a loopback IP only (127.0.0.1 or ::1)", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("starting the reference candidate: %w", err)
	}
	return ln, nil
}

// URL is the server's origin, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string { return s.url }

// Handler serves every part of the reference; Start already serves it on URL.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		s.handler.ServeHTTP(w, r)
	})
}

// CACertPEM returns the PEM certificate of the CA the server's certificate is issued by, or nil
// when the server speaks plain HTTP.
func (s *Server) CACertPEM() []byte {
	if s.ca == nil {
		return nil
	}
	return s.ca.PEM()
}

// CertPool returns a pool that trusts only the server's CA, or nil on plain HTTP.
func (s *Server) CertPool() *x509.CertPool {
	if s.ca == nil {
		return nil
	}
	return s.ca.Pool()
}

// CandidateFile returns the candidate file that points the harness at this server.
func (s *Server) CandidateFile() obcert.CandidateFile {
	cf := s.candidate
	if cf.Issuer != nil {
		issuer := *cf.Issuer
		issuer.Badges = append([]obcert.BadgeRef(nil), issuer.Badges...)
		issuer.Revoked = append([]obcert.BadgeRef(nil), issuer.Revoked...)
		cf.Issuer = &issuer
	}
	return cf
}

// Requests returns how many requests the server has answered.
func (s *Server) Requests() int { return int(s.requests.Load()) }

// Close stops the server and frees its port. It may be called more than once.
func (s *Server) Close() error {
	s.close.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.srv.Shutdown(ctx); err != nil {
			s.closeErr = errors.Join(err, s.srv.Close())
		}
		<-s.served
		for _, lp := range s.listeners {
			s.closeErr = errors.Join(s.closeErr, lp.shutdown(ctx))
		}
	})
	return s.closeErr
}
