package httpx

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// newBaseTransport is the client's own transport: no proxy unless configured, the configured
// roots, TLS 1.2 or later, and the private-address guard when asked for.
func newBaseTransport(cfg config) *http.Transport {
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	if cfg.denyPrivate {
		dialer.Control = denyPrivateControl
	}
	t := &http.Transport{
		DialContext:            dialer.DialContext,
		TLSClientConfig:        &tls.Config{RootCAs: cfg.rootCAs, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           100,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    10 * time.Second,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 1 << 20,
	}
	if cfg.proxy != nil {
		t.Proxy = http.ProxyURL(cfg.proxy)
	}
	return t
}

// denyPrivateControl runs after name resolution, on the address actually dialed, so a public
// name that resolves to a private address is refused too.
func denyPrivateControl(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot read address %s", ErrPrivateAddress, address)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w: cannot read address %s", ErrPrivateAddress, address)
	}
	if kind := privateKind(ip.Unmap()); kind != "" {
		return fmt.Errorf("%w: %s is a %s address", ErrPrivateAddress, ip, kind)
	}
	return nil
}

var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

// privateKind names the kind of a non-public address, or returns "" for a public one.
func privateKind(ip netip.Addr) string {
	switch {
	case ip.IsLoopback():
		return "loopback"
	case ip.IsPrivate(), sharedAddressSpace.Contains(ip):
		return "private"
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return "link-local"
	case ip.IsUnspecified():
		return "unspecified"
	case ip.IsMulticast():
		return "multicast"
	}
	return ""
}

// trace collects the hops of one request, as the recording transport sees them.
type trace struct {
	noFollow bool
	hops     []hop
}

type hop struct {
	url      string
	entry    int
	answered bool  // a status line and headers came
	received int64 // body bytes read
}

type traceKey struct{}

func withTrace(ctx context.Context, t *trace) context.Context {
	return context.WithValue(ctx, traceKey{}, t)
}

func traceOf(ctx context.Context) *trace {
	t, _ := ctx.Value(traceKey{}).(*trace)
	return t
}

// lastEntry is the recorder index of the last hop, or -1.
func (t *trace) lastEntry() int {
	if t == nil || len(t.hops) == 0 {
		return -1
	}
	return t.hops[len(t.hops)-1].entry
}

// lastAnswered reports whether the last hop got a status line and headers.
func (t *trace) lastAnswered() bool {
	return t != nil && len(t.hops) > 0 && t.hops[len(t.hops)-1].answered
}

// lastReceived is how many body bytes the last hop read.
func (t *trace) lastReceived() int64 {
	if t == nil || len(t.hops) == 0 {
		return 0
	}
	return t.hops[len(t.hops)-1].received
}

// TraceEntries returns a context under which every exchange made by a client of this package
// (Client or HTTPClient) notes its recorder index, and a function returning those indexes in
// order: a caller that goes through a library (x/oauth2) still cites the exchanges it made.
// One goroutine at a time may use the context.
func TraceEntries(ctx context.Context) (context.Context, func() []int) {
	tr := &trace{}
	return withTrace(ctx, tr), func() []int {
		out := make([]int, 0, len(tr.hops))
		for _, h := range tr.hops {
			if h.entry >= 0 {
				out = append(out, h.entry)
			}
		}
		return out
	}
}
