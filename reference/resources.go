package reference

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"

	"github.com/obcert/obcert"
)

// kind says how a resource is negotiated.
type kind int

const (
	kindJSON      kind = iota // a JSON-LD document: application/ld+json or application/json
	kindAssertion             // a hosted Assertion: JSON as kindJSON, or an HTML page
	kindRaw                   // fixed bytes of a fixed type: images, the index page
)

// file is a body and its media type.
type file struct {
	contentType string // kindRaw only
	body        []byte
}

// resource is one document the reference serves at one path.
type resource struct {
	status int
	kind   kind
	file
	page []byte // kindAssertion only: the text/html page
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

// otherOrigin returns base with its host replaced by another name for the same loopback listener:
// localhost for 127.0.0.1, and 127.0.0.1 for anything else.
func otherOrigin(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	host := "localhost"
	if u.Hostname() == "localhost" {
		host = "127.0.0.1"
	}
	u.Host = host + ":" + u.Port()
	return u.String()
}

// badges are the badges the issuer declares in the candidate file: a hosted badge by its id.
func (p *issuer) badges(docs map[string]doc, signed map[string]string) obcert.IssuerRole {
	hosted, _ := docs[pathHosted]["id"].(string)
	return obcert.IssuerRole{
		Recipient: p.b.c.recipient,
		Badges: []obcert.BadgeRef{
			{Name: "hosted", URL: hosted},
			{Name: "baked-png", URL: p.b.url(pathHostedPNG)},
			{Name: "baked-svg", URL: p.b.url(pathSignedSVG)},
			{Name: "signed", JWS: signed[pathSigned]},
		},
		Revoked: []obcert.BadgeRef{
			{Name: "revoked-hosted", URL: p.b.url(pathRevoked)},
			{Name: "revoked-signed", JWS: signed[pathRevokedSigned]},
		},
	}
}

// ISSUER-09: "Requests for text/html etc. MAY get that type." The page of a hosted Assertion
// links its JSON by the Assertion's id, and says whether it was revoked.
func assertionPage(d doc) []byte {
	id, _ := d["id"].(string)
	status := "This badge is valid."
	if d["revoked"] == true {
		status = fmt.Sprintf("This badge was revoked: %v", d["revocationReason"])
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
