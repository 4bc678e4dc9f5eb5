package httpx

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/obcert/obcert/internal/limits"
)

var (
	// ErrBodyTooLarge reports a response body over the client's limit, a badge's worth
	// (limits.MaxBadgeBytes).
	ErrBodyTooLarge = errors.New("response body too large")
	// ErrUnsupportedScheme reports a URL, or a redirect target, that is neither http nor https.
	ErrUnsupportedScheme = errors.New("only http and https URLs are allowed")
	// ErrTooManyRedirects reports a redirect chain longer than the limit (5 redirects).
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrRedirectLoop reports a redirect back to a URL already visited in the same chain.
	ErrRedirectLoop = errors.New("redirect loop")
	// ErrPrivateAddress reports a refused dial to a private, loopback or link-local address
	// (WithDenyPrivate).
	ErrPrivateAddress = errors.New("private, loopback or link-local destination refused")
	// ErrNoOfflineEntry reports a URL that an OfflineMap does not list.
	ErrNoOfflineEntry = errors.New("no entry")
)

// Error is the error of a request that did not produce a response: it names the method and
// the URL, and the Recorder entry of the last exchange attempted (-1 if none).
type Error struct {
	Method string
	URL    string
	Entry  int
	Err    error
}

func (e *Error) Error() string { return fmt.Sprintf("%s %s: %v", e.Method, e.URL, e.Err) }

func (e *Error) Unwrap() error { return e.Err }

// timeoutError is a request that ran out of its per-request time, with what had come by then.
type timeoutError struct {
	after    time.Duration
	answered bool  // a status line and headers came
	received int64 // body bytes received
}

func (e timeoutError) Error() string {
	if !e.answered {
		return fmt.Sprintf("timeout after %s with no answer: not even a status line came", e.after)
	}
	return fmt.Sprintf("timeout after %s with %d bytes of the body received", e.after, e.received)
}
func (e timeoutError) Unwrap() error { return context.DeadlineExceeded }
func (e timeoutError) Timeout() bool { return true }

// decompressedTooLarge reports a compressed body whose decompressed size is over the limit.
func decompressedTooLarge(limit int64) error {
	return fmt.Errorf("%w: decompressed size more than %s (the limit), a compression bomb", ErrBodyTooLarge, limits.Size(limit))
}

func bodyTooLarge(limit int64) error {
	return fmt.Errorf("%w: more than %s (the limit)", ErrBodyTooLarge, limits.Size(limit))
}
