package reference

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/obcert/obcert"
)

// Server is a running reference candidate.
type Server struct {
	cfg      *config
	url      string
	site     *site
	ln       net.Listener
	srv      *http.Server
	served   chan struct{}
	requests atomic.Int64
	close    sync.Once
	closeErr error
}

// Start generates the keys, builds every document and serves them over plain HTTP on a loopback
// address (127.0.0.1 and a free port unless WithAddr says otherwise) until Close.
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
	if err := ensureKeys(c); err != nil {
		ln.Close()
		return nil, err
	}
	s := &Server{cfg: c, url: "http://" + ln.Addr().String(), ln: ln, served: make(chan struct{})}
	if s.site, err = buildSite(c, s.url); err != nil {
		ln.Close()
		return nil, fmt.Errorf("building the reference documents: %w", err)
	}
	s.srv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: time.Minute}
	go func() {
		defer close(s.served)
		_ = s.srv.Serve(ln) // returns http.ErrServerClosed once Close is called
	}()
	return s, nil
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

// Handler serves the reference's documents; Start already serves it on URL.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// CandidateFile returns the candidate file that points the harness at this server.
func (s *Server) CandidateFile() obcert.CandidateFile {
	cf := s.site.candidate
	issuer := *cf.Issuer
	issuer.Badges = append([]obcert.BadgeRef(nil), issuer.Badges...)
	issuer.Revoked = append([]obcert.BadgeRef(nil), issuer.Revoked...)
	cf.Issuer = &issuer
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
	})
	return s.closeErr
}
