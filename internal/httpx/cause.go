package httpx

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"
)

// causeError names what went wrong with a request in words about the candidate, keeping the
// underlying error for errors.Is and errors.As.
type causeError struct {
	msg string
	err error
}

func (e *causeError) Error() string { return e.msg }
func (e *causeError) Unwrap() error { return e.err }

// named rewords a transport error so that it says what the candidate did: a reset connection, a
// closed one, a TLS certificate that was refused (with its subject). Other errors pass as they are.
func named(err error) error {
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var host x509.HostnameError
	var verify *tls.CertificateVerificationError
	switch {
	case errors.As(err, &host) && host.Certificate != nil:
		return &causeError{fmt.Sprintf("TLS error: the certificate of %s is not valid for %s", certName(host.Certificate), host.Host), err}
	case errors.As(err, &unknown) && unknown.Cert != nil:
		return &causeError{fmt.Sprintf("TLS error: the certificate of %s, issued by %s, is not signed by a trusted authority",
			certName(unknown.Cert), unknown.Cert.Issuer), err}
	case errors.As(err, &invalid) && invalid.Cert != nil:
		return &causeError{fmt.Sprintf("TLS error: the certificate of %s is invalid: %v", certName(invalid.Cert), invalid), err}
	case errors.As(err, &verify) && len(verify.UnverifiedCertificates) > 0:
		return &causeError{fmt.Sprintf("TLS error: the certificate of %s was refused: %v", certName(verify.UnverifiedCertificates[0]), verify.Err), err}
	case errors.Is(err, syscall.ECONNRESET):
		return &causeError{"connection reset by the server (" + err.Error() + ")", err}
	case errors.Is(err, syscall.ECONNREFUSED):
		return &causeError{"connection refused: nothing listens there (" + err.Error() + ")", err}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return &causeError{"the server closed the connection before the answer was complete (" + err.Error() + ")", err}
	}
	return err
}

// certName is a certificate's subject, or its DNS names when the subject is empty.
func certName(c *x509.Certificate) string {
	if s := c.Subject.String(); s != "" {
		return s
	}
	return strings.Join(c.DNSNames, ", ")
}
