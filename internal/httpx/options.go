package httpx

import (
	"crypto/x509"
	"net/http"
	"net/url"
	"time"

	"github.com/obcert/obcert/internal/limits"
)

// defaultVersion names the build in the User-Agent and the HAR creator when the caller does not
// (WithVersion, CreatorVersion).
const defaultVersion = "dev"

const (
	defaultTimeout = 10 * time.Second
	// maxBodyBytes caps each response body: a badge's worth, as a badge read from a file.
	maxBodyBytes = limits.MaxBadgeBytes
	maxRedirects = 5
)

type config struct {
	timeout     time.Duration
	transport   http.RoundTripper
	recorder    *Recorder
	rootCAs     *x509.CertPool
	userAgent   string
	denyPrivate bool
	proxy       *url.URL
}

func defaultConfig() config {
	return config{
		timeout:   defaultTimeout,
		userAgent: userAgent(defaultVersion),
	}
}

// Option configures a Client.
type Option func(*config)

// WithTimeout bounds each request, reading its body included (default 10s). A value <= 0 keeps
// the default.
func WithTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.timeout = d
		}
	}
}

// WithTransport sends requests through rt (an OfflineMap, a test server's transport) instead
// of the client's own transport; WithRootCAs, WithProxy and WithDenyPrivate then do not apply.
func WithTransport(rt http.RoundTripper) Option {
	return func(c *config) { c.transport = rt }
}

// WithRecorder records every exchange, each redirect hop included, in r.
func WithRecorder(r *Recorder) Option {
	return func(c *config) { c.recorder = r }
}

// WithRootCAs trusts the certificate authorities in pool instead of the system's.
func WithRootCAs(pool *x509.CertPool) Option {
	return func(c *config) { c.rootCAs = pool }
}

// WithVersion names the build of obcert in the User-Agent header: "obcert/<v>" (default
// "obcert/dev"). An empty v keeps the default.
func WithVersion(v string) Option {
	return func(c *config) {
		if v != "" {
			c.userAgent = userAgent(v)
		}
	}
}

func userAgent(version string) string { return "obcert/" + version }

// WithDenyPrivate refuses, at dial time, destinations with private, loopback, link-local,
// shared (100.64.0.0/10), multicast or unspecified addresses, checking the address actually
// dialed (the proxy's, with WithProxy). It is off by default because candidates under test
// often run on loopback.
func WithDenyPrivate(deny bool) Option {
	return func(c *config) { c.denyPrivate = deny }
}

// WithProxy sends every request through the proxy at u. Without it no proxy is used: the
// client does not read the environment.
func WithProxy(u *url.URL) Option {
	return func(c *config) { c.proxy = u }
}
