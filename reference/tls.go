package reference

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"time"
)

// authority is a certificate authority made in memory, and the server certificate it issued for
// the loopback names. Every part is served under that certificate.
type authority struct {
	cert   *x509.Certificate
	pem    []byte
	server tls.Certificate
}

// newAuthority makes a CA valid from a day before now for a year, and issues the server's
// certificate for 127.0.0.1, ::1 and localhost.
func newAuthority(now time.Time) (*authority, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating the CA key: %w", err)
	}
	tmpl := certTemplate(now, pkix.Name{CommonName: "obcert reference CA"})
	tmpl.IsCA, tmpl.KeyUsage = true, x509.KeyUsageCertSign
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, fmt.Errorf("issuing the CA certificate: %w", err)
	}
	ca, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	a := &authority{cert: ca, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
	if a.server, err = a.issue(now, caKey); err != nil {
		return nil, err
	}
	return a, nil
}

// issue signs a server certificate for the loopback names with the CA key.
func (a *authority) issue(now time.Time, caKey *ecdsa.PrivateKey) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("generating the server key: %w", err)
	}
	tmpl := certTemplate(now, pkix.Name{CommonName: "obcert reference"})
	tmpl.DNSNames = []string{"localhost"}
	tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	tmpl.KeyUsage, tmpl.ExtKeyUsage = x509.KeyUsageDigitalSignature, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.cert, &key.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("issuing the server certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

func certTemplate(now time.Time, subject pkix.Name) *x509.Certificate {
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127)) // crypto/rand does not fail
	return &x509.Certificate{SerialNumber: serial, Subject: subject, BasicConstraintsValid: true,
		NotBefore: now.Add(-24 * time.Hour), NotAfter: now.AddDate(1, 0, 0)}
}

// listener serves ln under the server certificate.
func (a *authority) listener(ln net.Listener) net.Listener {
	return tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{a.server}, MinVersion: tls.VersionTLS12})
}

// pool is a certificate pool that trusts the CA only.
func (a *authority) pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(a.cert)
	return p
}
