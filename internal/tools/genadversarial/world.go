package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/obcert/obcert/openbadges/bake"
)

type doc = map[string]any

const (
	ctxV2       = "https://w3id.org/openbadges/v2"
	issuerID    = "https://issuer.example/issuer.json"
	badgeID     = "https://issuer.example/badges/1.json"
	badgeImage  = "https://issuer.example/badges/1.png"
	assertionID = "https://issuer.example/assertions/1.json"
	keyID       = "https://issuer.example/keys/1"
	ecKeyID     = "https://issuer.example/keys/ec1"
	signedID    = "urn:uuid:3f0d9e2c-6a7b-4c1d-9e8f-0a1b2c3d4e5f"
	revListID   = "https://issuer.example/revocations.json"
	recipient   = "recipient@learner.example"
	salt        = "adversarial-salt"
	now         = "2025-06-01T00:00:00Z"
)

// world makes the documents of a well-formed issuer; each case changes what it attacks.
type world struct{ keys *keySet }

func identityHash(email, salt string) string {
	h := sha256.Sum256([]byte(email + salt))
	return "sha256$" + hex.EncodeToString(h[:])
}

func (w *world) issuer() doc {
	return doc{"@context": ctxV2, "type": "Issuer", "id": issuerID, "name": "Adversarial Example Issuer",
		"url": "https://issuer.example", "email": "badges@issuer.example"}
}

// signedIssuer lists the issuer's RSA key.
func (w *world) signedIssuer() doc {
	d := w.issuer()
	d["publicKey"] = keyID
	return d
}

func (w *world) badgeClass() doc {
	return doc{"@context": ctxV2, "type": "BadgeClass", "id": badgeID, "name": "Adversarial Badge",
		"description": "Awarded for surviving the adversarial corpus.", "image": badgeImage,
		"criteria": "https://issuer.example/badges/1.html", "issuer": issuerID}
}

func (w *world) recipientObj(email string) doc {
	return doc{"type": "email", "hashed": true, "salt": salt, "identity": identityHash(email, salt)}
}

func (w *world) hostedAssertion(id string) doc {
	return doc{"@context": ctxV2, "type": "Assertion", "id": id, "recipient": w.recipientObj(recipient),
		"badge": badgeID, "issuedOn": "2024-01-15T10:00:00Z", "verification": doc{"type": "HostedBadge"}}
}

func (w *world) signedAssertion(creator string) doc {
	v := doc{"type": "SignedBadge"}
	if creator != "" {
		v["creator"] = creator
	}
	return doc{"@context": ctxV2, "type": "Assertion", "id": signedID, "recipient": w.recipientObj(recipient),
		"badge": badgeID, "issuedOn": "2024-01-15T10:00:00Z", "verification": v}
}

func (w *world) key(id, owner, pemText string) doc {
	return doc{"@context": ctxV2, "type": "CryptographicKey", "id": id, "owner": owner, "publicKeyPem": pemText}
}

func marshal(d any) []byte {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

// Images: a small PNG, the same picture as a JPEG, and an SVG, all made by code.
func picture() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for y := 0; y < 16; y++ {
		for x := 0; x < 16; x++ {
			img.Set(x, y, color.RGBA{uint8(40 + 10*x), uint8(120 + 5*y), 200, 255})
		}
	}
	return img
}

func pngBytes() []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, picture()); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func jpegBytes() []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, picture(), &jpeg.Options{Quality: 90}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

const svgText = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#3a7"/></svg>
`

func dataURI(media string, b []byte) string {
	return "data:" + media + ";base64," + base64.StdEncoding.EncodeToString(b)
}

func bakedPNG(payload string) []byte {
	b, err := bake.BakePNG(pngBytes(), payload)
	if err != nil {
		panic(err)
	}
	return b
}

func bakedSVG(a bake.SVGAssertion) []byte {
	b, err := bake.BakeSVG([]byte(svgText), a)
	if err != nil {
		panic(err)
	}
	return b
}

// expect is the verdict the spec asks for.
type expect struct {
	Valid               bool     `json:"valid"`
	Revoked             *bool    `json:"revoked,omitempty"`
	ErrorRequirements   []string `json:"errorRequirements"`
	WarningRequirements []string `json:"warningRequirements,omitempty"`
}

// clause is the spec sentence behind the verdict, quoted from spec/REQUIREMENTS.md or VALIDATOR-CORE.md.
type clause struct {
	Requirement string `json:"requirement"`
	Quote       string `json:"quote"`
	Source      string `json:"source"`
	Reasoning   string `json:"reasoning,omitempty"`
}

type mock struct {
	File        string `json:"file,omitempty"`
	Status      int    `json:"status,omitempty"`
	ContentType string `json:"content_type,omitempty"`
}

// kase is one corpus case.
type kase struct {
	name, family, description string
	input                     string
	recipient                 string
	algorithms                string
	needs                     []string
	expect                    expect
	clause                    clause
	files                     map[string][]byte
	mocks                     map[string]mock
}

func newCase(name, family, description string) *kase {
	return &kase{name: name, family: family, description: description,
		files: map[string][]byte{}, mocks: map[string]mock{}}
}

// file adds a file to the case folder.
func (c *kase) file(name string, b []byte) string { c.files[name] = b; return name }

// serve answers url with d as a JSON file.
func (c *kase) serve(url, name string, d any) { c.mocks[url] = mock{File: c.file(name, marshal(d))} }

// serveRaw answers url with a file, a status and a content type (zero values: 200, by extension).
func (c *kase) serveRaw(url, name string, b []byte, status int, ct string) {
	m := mock{Status: status, ContentType: ct}
	if name != "" {
		m.File = c.file(name, b)
	}
	c.mocks[url] = m
}

func (c *kase) invalid(reqs ...string) *kase {
	c.expect = expect{Valid: false, ErrorRequirements: reqs}
	return c
}

func (c *kase) valid(warnings ...string) *kase {
	c.expect = expect{Valid: true, ErrorRequirements: []string{}, WarningRequirements: warnings}
	return c
}

func (c *kase) revoked(reqs ...string) *kase {
	t := true
	c.expect = expect{Valid: false, Revoked: &t, ErrorRequirements: reqs}
	return c
}

func (c *kase) because(req, quote, reasoning string) *kase {
	c.clause = clause{Requirement: req, Quote: quote, Source: sourceOf(req), Reasoning: reasoning}
	return c
}

func sourceOf(req string) string {
	if strings.HasPrefix(req, "VALIDATOR-CORE") {
		return "spec/VALIDATOR-CORE.md"
	}
	return "spec/REQUIREMENTS.md " + req
}

type scenarioFile struct {
	Family      string   `json:"family"`
	Description string   `json:"description"`
	Input       string   `json:"input"`
	Recipient   string   `json:"recipient,omitempty"`
	Now         string   `json:"now,omitempty"`
	Algorithms  string   `json:"algorithms,omitempty"`
	Needs       []string `json:"needs,omitempty"`
	Expect      expect   `json:"expect"`
	Clause      clause   `json:"clause"`
	GeneratedBy string   `json:"generatedBy"`
}

func (c *kase) write(dir string) error {
	old := map[string][]byte{}
	if ents, err := os.ReadDir(dir); err == nil {
		for _, e := range ents {
			if b, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
				old[e.Name()] = b
			}
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	c.files["mocks.json"] = marshal(c.mocks)
	c.files["scenario.json"] = marshal(scenarioFile{Family: c.family, Description: c.description, Input: c.input,
		Recipient: c.recipient, Now: now, Algorithms: c.algorithms, Needs: c.needs, Expect: c.expect,
		Clause: c.clause, GeneratedBy: "go run ./internal/tools/genadversarial"})
	names := make([]string, 0, len(c.files))
	for n := range c.files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		b := c.files[n]
		// Keep a randomized signature (PSS, ECDSA) when what it signs has not changed.
		if strings.HasSuffix(n, ".jws") {
			if prev, ok := old[n]; ok && sameSigningInput(prev, b) {
				b = prev
			}
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func sameSigningInput(a, b []byte) bool {
	cut := func(x []byte) string {
		s := strings.TrimSpace(string(x))
		if i := strings.LastIndexByte(s, '.'); i >= 0 {
			return s[:i]
		}
		return s
	}
	return cut(a) == cut(b)
}
