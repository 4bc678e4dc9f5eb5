package displayer

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// seen is what the displayer shows for one badge.
type seen struct {
	Name         string `json:"name"`
	Description  string `json:"description"`
	Image        string `json:"image"`
	IssuerName   string `json:"issuerName"`
	IssuedOn     string `json:"issuedOn"`
	Status       string `json:"status"`
	LastVerified string `json:"lastVerified"`
}

// checker verifies one badge, minimally and on its own: no obcert verification code.
type checker struct {
	c   *config
	ctx context.Context
}

// get fetches a JSON document; status is the HTTP status, 0 when no answer came.
func (k checker) get(u string) (doc, int, error) {
	req, err := http.NewRequestWithContext(k.ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Accept", "application/ld+json, application/json")
	resp, err := k.c.client.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	var d doc
	if err == nil {
		err = json.Unmarshal(b, &d)
	}
	if !k.c.literalTerms && d != nil {
		d = compact(d)
	}
	return d, resp.StatusCode, err
}

// hosted verifies a hosted Assertion at u: 410 or revoked: true is revoked (DISPLAYER-09).
func (k checker) hosted(u string) seen {
	a, status, err := k.get(u)
	switch {
	case status == http.StatusGone || (a != nil && a["revoked"] == true):
		return seen{Status: "revoked"}
	case status != http.StatusOK || err != nil:
		return seen{Status: "invalid"}
	}
	s, issuer, ok := k.common(a)
	if ok && !inScope(str(a["id"]), issuer) {
		s.Status = "invalid"
	}
	return s
}

// common reads the BadgeClass and issuer Profile of Assertion a; ok is false when one is missing.
func (k checker) common(a doc) (seen, doc, bool) {
	s := seen{IssuedOn: str(a["issuedOn"]), Status: "valid"}
	bc, ok := a["badge"].(doc)
	if !ok || !k.c.embeddedClass {
		var status int
		if bc, status, _ = k.get(idOf(a["badge"])); status != http.StatusOK {
			return seen{Status: "invalid"}, nil, false
		}
	}
	s.Name, s.Description, s.Image = str(bc["name"]), str(bc["description"]), idOf(bc["image"])
	issuer, status, _ := k.get(idOf(bc["issuer"]))
	if status != http.StatusOK {
		s.Status = "invalid"
		return s, nil, false
	}
	s.IssuerName = str(issuer["name"])
	if exp, err := time.Parse(time.RFC3339, str(a["expires"])); err == nil && exp.Before(k.c.now()) && !k.c.ignoreExpiry {
		s.Status = "expired"
	}
	return s, issuer, true
}

// VERIFY-11: a hosted id lies in the issuer's scope: its allowedOrigins or startsWith, else the
// origin of the issuer Profile's id.
func inScope(id string, issuer doc) bool {
	u, err := url.Parse(id)
	if err != nil {
		return false
	}
	if v, ok := issuer["verification"].(doc); ok {
		for _, o := range listOf(v["allowedOrigins"]) {
			if strings.EqualFold(o, u.Hostname()) {
				return true
			}
		}
		for _, p := range listOf(v["startsWith"]) {
			if strings.HasPrefix(id, p) {
				return true
			}
		}
		return v["allowedOrigins"] == nil && v["startsWith"] == nil && sameOrigin(id, str(issuer["id"]))
	}
	return sameOrigin(id, str(issuer["id"]))
}

func sameOrigin(a, b string) bool {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	return errA == nil && errB == nil && ua.Scheme == ub.Scheme && strings.EqualFold(ua.Host, ub.Host)
}

func listOf(v any) []string {
	var out []string
	switch x := v.(type) {
	case string:
		out = append(out, x)
	case []any:
		for _, e := range x {
			out = append(out, str(e))
		}
	}
	return out
}

// signed verifies a compact JWS: the signature with the key the issuer Profile lists, then the
// issuer's RevocationList (DISPLAYER-09).
func (k checker) signed(token string) seen {
	jws, err := jose.ParseSigned(token, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return seen{Status: "invalid"}
	}
	var a doc
	if err := json.Unmarshal(jws.UnsafePayloadWithoutVerification(), &a); err != nil {
		return seen{Status: "invalid"}
	}
	if !k.c.literalTerms {
		a = compact(a)
	}
	s, issuer, ok := k.common(a)
	if !ok {
		return s
	}
	if !k.c.skipSignature && !k.signatureVerifies(jws, a, issuer) {
		s.Status = "invalid"
	} else if k.listed(str(a["id"]), str(issuer["revocationList"])) {
		s.Status = "revoked"
	}
	return s
}

// signatureVerifies checks the JWS with verification.creator, which the issuer must list.
func (k checker) signatureVerifies(jws *jose.JSONWebSignature, a, issuer doc) bool {
	v, _ := a["verification"].(doc)
	creator := str(v["creator"])
	if !slices.Contains(listOf(issuer["publicKey"]), creator) {
		return false
	}
	key, status, _ := k.get(creator)
	block, _ := pem.Decode([]byte(str(key["publicKeyPem"])))
	if status != http.StatusOK || block == nil {
		return false
	}
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return false
	}
	_, err = jws.Verify(pub)
	return err == nil
}

// listed reports whether the RevocationList at u lists id.
func (k checker) listed(id, u string) bool {
	if u == "" {
		return false
	}
	list, _, _ := k.get(u)
	for _, e := range asList(list["revokedAssertions"]) {
		if idOf(e) == id {
			return true
		}
	}
	return false
}

func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return nil
}
