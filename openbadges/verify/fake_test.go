package verify

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/obcert/obcert"
)

// Fixture folders in the module's testdata, shared with other packages; its README says where each
// file came from.
const (
	scenarios  = "../../testdata/validator-core-testfiles/scenarios"
	components = "../../testdata/validator-core-testfiles/test_components"
	examples   = "../../testdata/spec/ob_v2p0/examples-extracted"
)

// doc is one canned HTTP answer.
type doc struct {
	status int
	ctype  string
	body   []byte
}

// fakeWeb answers fetches from memory; unknown URLs get no answer at all.
type fakeWeb map[string]doc

func (w fakeWeb) Fetch(_ context.Context, u, _ string) (*Fetched, error) {
	d, ok := w[u]
	if !ok {
		return nil, fmt.Errorf("no route to %s", u)
	}
	if d.status == 0 {
		d.status = 200
	}
	if d.ctype == "" {
		d.ctype = "application/ld+json"
	}
	return &Fetched{URL: u, FinalURL: u, Status: d.status, ContentType: d.ctype, Body: d.body}, nil
}

func (w fakeWeb) json(u string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	w[u] = doc{body: b}
}

// heartPNG is the badge image of every test badge web: the reference validator's
// public_domain_heart.png, as its scenarios serve it. TestMain reads it.
var heartPNG []byte

// TestMain reads the fixtures the badge webs are built from, and fails the package when one is
// missing: without the image every hosted badge would fail its image check for the wrong reason.
func TestMain(m *testing.M) {
	var err error
	if heartPNG, err = os.ReadFile(filepath.Join(scenarios, "01-hosted-2_0-basic", "heart.png")); err != nil {
		fmt.Fprintf(os.Stderr, "verify tests: reading the badge image fixture: %v\n", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// hostedWeb is a conformant hosted badge on https://example.org, as plain maps a test can break.
type hostedWeb struct {
	assertion, badge, issuer map[string]any
	extra                    fakeWeb
}

func newHosted() *hostedWeb {
	return &hostedWeb{
		assertion: map[string]any{
			"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "https://example.org/a.json",
			"recipient": map[string]any{"type": "email", "hashed": false, "identity": "nobody@example.org"},
			"issuedOn":  "2016-12-31T23:59:59Z", "badge": "https://example.org/b.json",
			"verification": map[string]any{"type": "HostedBadge"},
		},
		badge: map[string]any{
			"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass", "id": "https://example.org/b.json",
			"name": "Robotics", "description": "Robots.", "image": "https://example.org/b.png",
			"criteria": "https://example.org/criteria.html", "issuer": "https://example.org/i.json",
		},
		issuer: map[string]any{
			"@context": "https://w3id.org/openbadges/v2", "type": "Issuer", "id": "https://example.org/i.json",
			"name": "Example", "url": "https://example.org", "email": "contact@example.org",
		},
		extra: fakeWeb{},
	}
}

func (h *hostedWeb) web() fakeWeb {
	w := fakeWeb{"https://example.org/b.png": {ctype: "image/png", body: heartPNG}}
	w.json("https://example.org/a.json", h.assertion)
	w.json("https://example.org/b.json", h.badge)
	w.json("https://example.org/i.json", h.issuer)
	for k, v := range h.extra {
		w[k] = v
	}
	return w
}

func verifyWith(t testing.TB, w Fetcher, in Input, opts ...Option) *Result {
	t.Helper()
	opts = append([]Option{WithFetcher(w), WithClock(func() time.Time { return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) })}, opts...)
	res, err := New(opts...).Verify(context.Background(), in)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	checkRequirements(t, res)
	return res
}

// checkRequirements holds every ERROR and WARNING to naming a requirement of the catalogue.
func checkRequirements(t testing.TB, res *Result) {
	t.Helper()
	for _, f := range res.Findings {
		if f.Severity == obcert.Info {
			continue
		}
		if len(f.Requirements) == 0 {
			t.Errorf("%s finding names no requirement: %s", f.Severity, f.Message)
		}
		if bad := obcert.UnknownRequirements(f.Requirements...); len(bad) > 0 {
			t.Errorf("finding names unknown requirements %v: %s", bad, f.Message)
		}
	}
}

// wantFinding fails unless res has a finding of severity sev naming requirement id whose message contains text.
func wantFinding(t *testing.T, res *Result, sev obcert.Severity, id, text string) {
	t.Helper()
	for _, f := range res.FindingsFor(id) {
		if f.Severity == sev && strings.Contains(f.Message, text) {
			return
		}
	}
	t.Errorf("no %s finding for %s containing %q; findings:\n%s", sev, id, text, dump(res))
}

func dump(res *Result) string {
	var b strings.Builder
	for _, f := range res.Findings {
		fmt.Fprintf(&b, "  %s %v %s\n", f.Severity, f.Requirements, f.Message)
	}
	return b.String()
}

// signer makes RSA keys and compact JWS for signed-badge tests.
type signer struct {
	key *rsa.PrivateKey
	pem string
}

func newSigner(t testing.TB) *signer {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	return &signer{key: k, pem: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}
}

func (s *signer) sign(t testing.TB, v any) string {
	t.Helper()
	b, _ := json.Marshal(v)
	sig, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: s.key}, nil)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := sig.Sign(b)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := obj.CompactSerialize()
	return out
}

// signedWeb turns a hosted web into a signed one: the issuer lists /k.json, the assertion has a urn:uuid id.
func signedWeb(t testing.TB, s *signer) (*hostedWeb, map[string]any) {
	h := newHosted()
	h.issuer["publicKey"] = "https://example.org/k.json"
	h.issuer["revocationList"] = "https://example.org/rl.json"
	h.extra.json("https://example.org/k.json", map[string]any{
		"@context": "https://w3id.org/openbadges/v2", "type": "CryptographicKey", "id": "https://example.org/k.json",
		"owner": "https://example.org/i.json", "publicKeyPem": s.pem,
	})
	h.extra.json("https://example.org/rl.json", map[string]any{
		"@context": "https://w3id.org/openbadges/v2", "type": "RevocationList", "id": "https://example.org/rl.json",
		"revokedAssertions": []any{map[string]any{"id": "urn:uuid:11111111-2222-4333-8444-555555555555", "revocationReason": "cheating"}},
	})
	a := copyMap(h.assertion)
	a["id"] = "urn:uuid:9d278beb-36cf-4bc8-888d-674ff9843d72"
	a["verification"] = map[string]any{"type": "SignedBadge", "creator": "https://example.org/k.json"}
	return h, a
}
