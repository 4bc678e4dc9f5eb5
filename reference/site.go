package reference

import (
	"bytes"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"strings"
	"time"

	"github.com/obcert/obcert"
)

// kind says how a resource is negotiated.
type kind int

const (
	kindJSON      kind = iota // a JSON-LD document: application/ld+json or application/json
	kindAssertion             // a hosted Assertion: JSON as kindJSON, or an HTML page
	kindRaw                   // fixed bytes of a fixed type: images, the index page
)

// resource is one document the reference serves at one path.
type resource struct {
	status      int
	kind        kind
	body        []byte
	contentType string // kindRaw only
	page        []byte // kindAssertion only: the text/html page
}

// site is everything one server serves, and the candidate file that points at it.
type site struct {
	resources map[string]resource
	candidate obcert.CandidateFile
}

func marshal(d doc) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return nil, fmt.Errorf("encoding %v: %w", d["id"], err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// otherOrigin returns base with its host replaced by another name for the same loopback listener.
func otherOrigin(base string) string {
	if strings.HasPrefix(base, "http://localhost:") {
		return strings.Replace(base, "localhost", "127.0.0.1", 1)
	}
	host := strings.TrimPrefix(base, "http://")
	return "http://localhost:" + host[strings.LastIndex(host, ":")+1:]
}

func newBuilder(c *config, base string) (*builder, error) {
	ids, err := drawIDs(c)
	if err != nil {
		return nil, err
	}
	now := c.now().UTC().Truncate(time.Second)
	b := &builder{c: c, base: base, hostedBase: base, ids: ids, now: now,
		issuedOn: now.Add(-30 * 24 * time.Hour), expires: now.AddDate(1, 0, 0)}
	if c.hostedOtherOrigin {
		b.hostedBase = otherOrigin(base)
	}
	return b, nil
}

// buildSite builds every document of a server whose origin is base.
func buildSite(c *config, base string) (*site, error) {
	b, err := newBuilder(c, base)
	if err != nil {
		return nil, err
	}
	signed, revokedSigned, err := b.signedBadges()
	if err != nil {
		return nil, err
	}
	s := &site{resources: map[string]resource{}}
	if err := b.addDocuments(s.resources); err != nil {
		return nil, err
	}
	if err := b.addImages(s.resources, signed); err != nil {
		return nil, err
	}
	s.candidate = b.candidateFile(signed, revokedSigned)
	return s, nil
}

// signedBadges returns the compact JWS of the signed badge and of the revoked signed badge.
func (b *builder) signedBadges() (signed, revoked string, err error) {
	key := b.c.keys[0]
	if b.c.signWithSecondKey {
		key = b.c.keys[1]
	}
	if signed, err = sign(key, b.signedAssertion(b.ids.signed, pathSigned, b.ids.signedSalt)); err != nil {
		return "", "", err
	}
	if b.c.corruptSignature {
		if signed, err = corruptSignature(signed); err != nil {
			return "", "", err
		}
	}
	revoked, err = sign(key, b.signedAssertion(b.ids.revokedSigned, pathRevokedSigned, b.ids.rsSalt))
	return signed, revoked, err
}

func sign(key *rsa.PrivateKey, d doc) (string, error) {
	payload, err := marshal(d)
	if err != nil {
		return "", err
	}
	return signCompact(key, payload)
}

func (b *builder) addDocuments(res map[string]resource) error {
	pem1, err := publicKeyPEM(b.c.keys[0])
	if err != nil {
		return err
	}
	pem2, err := publicKeyPEM(b.c.keys[1])
	if err != nil {
		return err
	}
	docs := map[string]doc{
		pathIssuer: b.issuer(), pathEndorser: b.endorser(), pathKey1: b.key(pathKey1, pem1),
		pathKey2: b.key(pathKey2, pem2), pathRevocations: b.revocationList(),
		pathBadgeClass: b.badgeClass(), pathEndorsement: b.endorsement(),
	}
	// ISSUER-07: "Hosted Assertion, BadgeClass, Profile and any linked RevocationList and
	// CryptographicKey must be fetchable over HTTP and end in 200 OK."
	if b.c.badgeClassNotFound {
		delete(docs, pathBadgeClass)
	}
	if b.c.badgeByAlias {
		docs[pathBadgeAlias] = b.badgeClass()
	}
	for path, d := range docs {
		body, err := marshal(d)
		if err != nil {
			return err
		}
		res[path] = resource{status: http.StatusOK, kind: kindJSON, body: body}
	}
	return b.addAssertions(res)
}

func (b *builder) addAssertions(res map[string]resource) error {
	hosted, err := marshal(b.hostedAssertion())
	if err != nil {
		return err
	}
	res[pathHosted] = resource{status: http.StatusOK, kind: kindAssertion, body: hosted,
		page: assertionPage(b.hostedBase+pathHosted, "")}
	status, revoked := http.StatusGone, b.revokedHostedBody()
	if b.c.revokedHosted200 {
		status, revoked = http.StatusOK, b.revokedHostedAssertion()
	}
	body, err := marshal(revoked)
	if err != nil {
		return err
	}
	res[pathRevoked] = resource{status: status, kind: kindAssertion, body: body,
		page: assertionPage(b.url(pathRevoked), revocationStatus(status))}
	res[pathIndex] = resource{status: http.StatusOK, kind: kindRaw,
		contentType: "text/html; charset=utf-8", body: indexPage(b.base)}
	return nil
}

func revocationStatus(status int) string {
	if status == http.StatusGone {
		return revocationReason
	}
	return ""
}

func (b *builder) addImages(res map[string]resource, signedJWS string) error {
	hosted := res[pathHosted].body
	im, err := buildImages(b.c, hosted, signedJWS)
	if err != nil {
		return err
	}
	raw := func(ct string, body []byte) resource {
		return resource{status: http.StatusOK, kind: kindRaw, contentType: ct, body: body}
	}
	res[pathIssuerImage] = raw("image/png", im.issuerPNG)
	res[pathBadgeImage] = raw(im.badgeType, im.badge)
	res[pathHostedPNG] = raw("image/png", im.hostedPNG)
	res[pathSignedSVG] = raw("image/svg+xml", im.signedSVG)
	return nil
}

func (b *builder) candidateFile(signed, revokedSigned string) obcert.CandidateFile {
	name := "obcert reference issuer"
	if len(b.c.faults) > 0 {
		name += " (fault: " + strings.Join(b.c.faults, ", ") + ")"
	}
	cf := obcert.CandidateFile{
		Candidate: obcert.Candidate{Name: name, Version: "1", Vendor: "obcert"},
		Profile:   "full",
		Issuer: &obcert.IssuerRole{
			Recipient: b.c.recipient,
			Badges: []obcert.BadgeRef{
				{Name: "hosted", URL: b.hostedBase + pathHosted},
				{Name: "baked-png", URL: b.url(pathHostedPNG)},
				{Name: "baked-svg", URL: b.url(pathSignedSVG)},
				{Name: "signed", JWS: signed},
			},
			Revoked: []obcert.BadgeRef{
				{Name: "revoked-hosted", URL: b.url(pathRevoked)},
				{Name: "revoked-signed", JWS: revokedSigned},
			},
		},
	}
	if b.c.omitSigned {
		cf.Issuer.Badges = cf.Issuer.Badges[:2]
		cf.Issuer.Revoked = cf.Issuer.Revoked[:1]
	}
	return cf
}

// ISSUER-09: "Requests for text/html etc. MAY get that type."
func assertionPage(id, revoked string) []byte {
	status := "This badge is valid."
	if revoked != "" {
		status = "This badge was revoked: " + revoked
	}
	return []byte(`<!doctype html>
<html><head><meta charset="utf-8"><title>obcert Reference Badge</title>
<link rel="alternate" type="application/ld+json" href="` + html.EscapeString(id) + `"></head>
<body><h1>obcert Reference Badge</h1><p>` + html.EscapeString(status) + `</p></body></html>
`)
}

func indexPage(base string) []byte {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>obcert reference issuer</title></head>\n<body><h1>obcert reference issuer</h1><ul>\n")
	for _, p := range []string{pathIssuer, pathBadgeClass, pathHosted, pathHostedPNG, pathSignedSVG, pathRevocations} {
		u := html.EscapeString(base + p)
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", u, u)
	}
	b.WriteString("</ul></body></html>\n")
	return []byte(b.String())
}
