package reference

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/go-jose/go-jose/v4"

	"github.com/obcert/obcert"
)

// issuer is the Issuer's part of the reference: its documents, images and badges, with the faults
// of the issuer role applied.
type issuer struct {
	b         *builder
	hooks     []hook
	resources map[string]resource
	role      obcert.IssuerRole
}

var _ part = (*issuer)(nil)

// newIssuer builds every document of an issuer whose origin is base.
func newIssuer(base string, c *config, faults []Fault) (part, error) {
	b, err := newBuilder(c, base)
	if err != nil {
		return nil, err
	}
	p := &issuer{b: b, resources: map[string]resource{}}
	for _, f := range faults {
		p.hooks = append(p.hooks, f.effect...)
	}
	docs, err := p.editedDocuments()
	if err != nil {
		return nil, err
	}
	signed, err := p.signAll(docs)
	if err != nil {
		return nil, err
	}
	if err := p.addDocuments(docs); err != nil {
		return nil, err
	}
	if err := p.addImages(signed[pathSigned]); err != nil {
		return nil, err
	}
	p.role = p.badges(docs, signed)
	return p, nil
}

// editedDocuments are the issuer's documents with the faults' edits applied, in order.
func (p *issuer) editedDocuments() (map[string]doc, error) {
	pem1, err := publicKeyPEM(p.b.c.keys[0])
	if err != nil {
		return nil, err
	}
	pem2, err := publicKeyPEM(p.b.c.keys[1])
	if err != nil {
		return nil, err
	}
	docs := p.b.documents(pem1, pem2)
	for _, h := range p.hooks {
		if h.doc == nil {
			continue
		}
		for _, path := range h.paths {
			if d := h.doc(p.b, docs[path]); d != nil {
				docs[path] = d
			} else {
				delete(docs, path)
			}
		}
	}
	return docs, nil
}

// signAll takes the signed Assertions out of docs and returns their compact JWS by path.
func (p *issuer) signAll(docs map[string]doc) (map[string]string, error) {
	out := map[string]string{}
	for _, path := range []string{pathSigned, pathRevokedSigned} {
		jws, err := sign(p.b.signingKey(docs[path]), docs[path], p.algorithm(path))
		if err != nil {
			return nil, fmt.Errorf("signing %s: %w", path, err)
		}
		delete(docs, path)
		for _, h := range p.hooks {
			if h.signed != nil && h.paths[0] == path {
				if jws, err = h.signed(jws); err != nil {
					return nil, err
				}
			}
		}
		out[path] = jws
	}
	return out, nil
}

// algorithm is the JWS algorithm the document at path is signed with: RS256 unless a fault says.
func (p *issuer) algorithm(path string) jose.SignatureAlgorithm {
	for _, h := range p.hooks {
		if h.alg != "" && slices.Contains(h.paths, path) {
			return h.alg
		}
	}
	return jose.RS256
}

// addDocuments serves each document at its path. A hosted Assertion is also an HTML page.
func (p *issuer) addDocuments(docs map[string]doc) error {
	for path, d := range docs {
		body, err := marshal(d)
		if err != nil {
			return err
		}
		res := resource{status: http.StatusOK, kind: kindJSON, file: file{body: body}}
		if path == pathHosted || path == pathRevoked {
			res.kind, res.page = kindAssertion, assertionPage(d)
		}
		// ISSUER-17: "Revoke a hosted Assertion by answering with HTTP 410 Gone."
		if d["revoked"] == true {
			res.status = http.StatusGone
		}
		p.resources[path] = res
	}
	p.resources[pathIndex] = resource{status: http.StatusOK, kind: kindRaw,
		file: file{contentType: typeHTML, body: indexPage(p.b.base)}}
	return nil
}

// addImages serves the images, the hosted Assertion baked into a PNG and the signed one into an
// SVG, then lets the faults edit them.
func (p *issuer) addImages(signedJWS string) error {
	im, err := buildImages(p.resources[pathHosted].body, signedJWS)
	if err != nil {
		return err
	}
	for path, f := range im {
		p.resources[path] = resource{status: http.StatusOK, kind: kindRaw, file: f}
	}
	for _, h := range p.hooks {
		if h.file == nil {
			continue
		}
		res := p.resources[h.paths[0]]
		if err := h.file(&res.file); err != nil {
			return fmt.Errorf("editing %s: %w", h.paths[0], err)
		}
		p.resources[h.paths[0]] = res
	}
	return nil
}
