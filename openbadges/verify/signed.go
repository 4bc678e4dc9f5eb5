package verify

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"github.com/obcert/obcert/internal/memos"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/obcert/obcert/openbadges"
)

// subjectJWS verifies a signed Assertion from its compact JWS (VERIFY-14..21).
func (s *session) subjectJWS(token string) {
	// RFC 7515 §4.1.11: a recipient that does not understand a critical header extension must
	// reject the JWS. obcert understands none.
	if crit := criticalHeaders(token); len(crit) > 0 {
		s.errorf("VERIFY_JWS", "", []string{"VERIFY-19", "VERIFY-14"},
			"Sign without critical header extensions (crit): Open Badges 2.0 defines none.",
			"The JWS names an unsupported critical header (crit: %s), so it cannot be verified", strings.Join(crit, ", "))
		return
	}
	// go-jose v4 requires the allow-list: alg "none", HMAC and anything else not listed fail here.
	jws, err := jose.ParseSignedCompact(token, s.v.algorithms)
	if err != nil {
		s.jwsParseError(token, err)
		return
	}
	info := &SignedInfo{}
	if len(jws.Signatures) > 0 {
		info.Algorithm = jws.Signatures[0].Header.Algorithm
	}
	s.res.Signed = info
	s.ignoredKeyHeaders(token)
	// VERIFY-14/15: base64url-decode the payload and parse it as JSON; if parsing fails the
	// Assertion MUST be treated as invalid.
	payload := jws.UnsafePayloadWithoutVerification()
	n := s.load(payload, "", openbadges.ClassAssertion)
	if n == nil {
		return
	}
	s.res.Subject = n.ID
	s.res.Version = n.Version
	s.res.SubjectClass = openbadges.ClassAssertion
	if class, ok := openbadges.ClassOf(n.Data); !ok || class != openbadges.ClassAssertion {
		s.errorf("PROCESS_JWS_INPUT", n.ID, []string{"VERIFY-16", "OBJ-13"},
			"Sign the JSON of an Assertion.", "The JWS payload is not an Assertion (type %v)", n.Data["type"])
		s.register(n)
		return
	}
	n.Class = openbadges.ClassAssertion
	s.assertion(n, "jws")
	issuer := s.issuerOf(n)
	if issuer == nil {
		s.errorf("VERIFY_JWS", n.ID, []string{"VERIFY-17", "VERIFY-16"},
			"Link the BadgeClass and its issuer Profile from the Assertion so their keys can be found.",
			"Cannot verify the signature of %s: its issuer Profile could not be found", n.ID)
		return
	}
	s.verifySignature(jws, n, issuer, info)
	s.revocationList(n, issuer)
}

func (s *session) jwsParseError(token string, err error) {
	msg := err.Error()
	if strings.Contains(msg, "unexpected signature algorithm") {
		s.errorf("VERIFY_JWS", "", []string{"VERIFY-19", "ISSUER-13"},
			"Sign with RS256 (or another RSA or ECDSA algorithm this verification accepts); never none or HMAC.", "The JWS algorithm is not accepted (%v); allowed: %v", err, s.v.algorithms)
		return
	}
	s.errorf("PROCESS_JWS_INPUT", "", []string{"VERIFY-14"},
		"Give a compact JWS (header.payload.signature, base64url).", "Could not parse the JWS: %v", err)
}

// verifySignature takes the keys only from the hosted issuer Profile (VERIFY-17, VERIFY-22) and
// verifies the JWS with each trusted key (VERIFY-19).
func (s *session) verifySignature(jws *jose.JSONWebSignature, n, issuer *Node, info *SignedInfo) {
	if issuer.Source == "" {
		// VERIFY-22: do not trust publicKey values from an embedded issuer Profile.
		s.errorf("VERIFY_JWS", issuer.ID, []string{"VERIFY-22", "VERIFY-17"},
			"Host the issuer Profile at its HTTP(S) id so its keys can be trusted.",
			"Issuer Profile %s is not hosted; its publicKey cannot be trusted", issuer.ID)
		return
	}
	listed := ids(issuer.Data["publicKey"])
	raw := map[string]any{}
	for _, v := range values(issuer.Data["publicKey"]) {
		raw[str(v)] = v
	}
	creator := ""
	if v, ok := n.Data["verification"].(map[string]any); ok {
		creator = str(v["creator"])
	}
	candidates := listed
	if creator != "" {
		// ISSUER-16: "If verification.creator names a key, that key must also be authorized
		// (listed) in the issuer Profile."
		if !slices.Contains(listed, creator) {
			s.errorf("VERIFY_KEY_OWNERSHIP", n.ID, []string{"ISSUER-16", "VERIFY-17"},
				"List the signing key in the issuer Profile's publicKey.",
				"Assertion signed by key %s, which issuer %s does not list in publicKey %v", creator, issuer.ID, listed)
			return
		}
		candidates = []string{creator}
	}
	if len(candidates) == 0 {
		s.errorf("VERIFY_JWS", issuer.ID, []string{"VERIFY-17", "VERIFY-18", "ISSUER-14"},
			"List the issuer's CryptographicKey in its Profile's publicKey.",
			"Issuer %s lists no publicKey to verify the signature with", issuer.ID)
		return
	}
	var tried []string
	for _, k := range candidates {
		pub := s.trustedKey(k, raw[k], issuer)
		if pub == nil {
			continue
		}
		if err := keyFits(info.Algorithm, pub); err != nil {
			s.errorf("VERIFY_JWS", k, []string{"VERIFY-19", "ISSUER-13"},
				"Sign with an algorithm of the key's type: RS256 (or RS384/RS512/PS256/PS384/PS512) for an RSA key; ES256, ES384 or ES512 for a P-256, P-384 or P-521 key.",
				"Key %s cannot verify the %s signature of %s: %v", k, info.Algorithm, n.ID, err)
			continue
		}
		tried = append(tried, k)
		if _, err := jws.Verify(pub); err == nil {
			info.Verified = true
			info.KeyID = k
			s.recommendRS256(n, info.Algorithm)
			return
		}
	}
	if len(tried) == 0 {
		return // each key's problem is already a finding
	}
	s.errorf("VERIFY_JWS", n.ID, []string{"VERIFY-19"},
		"Sign the Assertion with the private key of a CryptographicKey the issuer lists.",
		"The JWS signature of %s does not verify with key(s) %s", n.ID, strings.Join(tried, ", "))
}

// recommendRS256 warns about a verified signature made with another algorithm.
// ISSUER-13: "RS256 is recommended for compatibility."
func (s *session) recommendRS256(n *Node, alg string) {
	if alg == string(jose.RS256) {
		return
	}
	s.warnf("VERIFY_JWS", n.ID, []string{"ISSUER-13"},
		"Sign with RS256: the OB 2.0 spec recommends it for compatibility, and the reference validator checks only RSA.",
		"Assertion %s is signed with %s, not the recommended RS256; some verifiers will not accept it", n.ID, alg)
}

// keyFits checks that a listed key's type matches the JWS alg: RSA for RS*/PS*, and for ES* an
// ECDSA key on the alg's curve.
func keyFits(alg string, pub any) error {
	curves := map[string]elliptic.Curve{"ES256": elliptic.P256(), "ES384": elliptic.P384(), "ES512": elliptic.P521()}
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if strings.HasPrefix(alg, "RS") || strings.HasPrefix(alg, "PS") {
			return nil
		}
		return fmt.Errorf("it is an RSA key, and %s is not an RSA algorithm", alg)
	case *ecdsa.PublicKey:
		want, ok := curves[alg]
		switch {
		case !ok:
			return fmt.Errorf("it is an ECDSA %s key, and %s is not an ECDSA algorithm", k.Curve.Params().Name, alg)
		case k.Curve != want:
			return fmt.Errorf("it is on curve %s, and %s needs %s", k.Curve.Params().Name, alg, want.Params().Name)
		}
		return nil
	}
	return errors.New("it is neither an RSA nor an ECDSA key")
}

// ignoredKeyHeaders notes keys a JWS header offers (jwk, jku, x5u, x5c): obcert takes keys only
// from the issuer Profile (VERIFY-17), never from the token.
func (s *session) ignoredKeyHeaders(token string) {
	head, _, _ := strings.Cut(token, ".")
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(head, "="))
	var h map[string]any
	if err != nil || json.Unmarshal(b, &h) != nil {
		return
	}
	var offered []string
	for _, k := range []string{"jwk", "jku", "x5u", "x5c"} {
		if _, ok := h[k]; ok {
			offered = append(offered, k)
		}
	}
	if len(offered) > 0 {
		s.infof("VERIFY_JWS", "", []string{"VERIFY-17"}, "Leave key headers out: verifiers take the key from the issuer Profile.",
			"The JWS header offers a key (%s); it is ignored: only keys the issuer Profile lists are trusted", strings.Join(offered, ", "))
	}
}

// trustedKey fetches a listed key and returns its typed public key.
func (s *session) trustedKey(id string, raw any, issuer *Node) any {
	k := s.anchor(issuer, "publicKey", raw, openbadges.ClassCryptographicKey)
	if k == nil {
		s.errorf("VERIFY_JWS", id, []string{"VERIFY-18", "ISSUER-14"},
			"Serve the CryptographicKey at its id.", "Could not get key %s", id)
		return nil
	}
	s.validate(k, openbadges.ClassCryptographicKey, 1)
	// ISSUER-15: the key points back to its Profile with owner (a two-way link).
	switch owner := str(k.Data["owner"]); {
	case owner == "":
		s.warnf("VERIFY_KEY_OWNERSHIP", k.ID, []string{"ISSUER-15"},
			"Set the key's owner to the issuer Profile id.", "Key %s does not name its owner", k.ID)
	case owner != issuer.ID:
		s.errorf("VERIFY_KEY_OWNERSHIP", k.ID, []string{"ISSUER-15", "VERIFY-17"},
			"Set the key's owner to the id of the issuer Profile that lists it.",
			"Key %s names owner %s, not issuer %s", k.ID, owner, issuer.ID)
		return nil
	}
	pub, err := parsePublicKey(str(k.Data["publicKeyPem"]))
	if err != nil {
		s.errorf("VERIFY_JWS", k.ID, []string{"VERIFY-18", "OBJ-35"},
			"Publish the key as a PEM-encoded SubjectPublicKeyInfo (BEGIN PUBLIC KEY).",
			"Key %s has no usable publicKeyPem: %v", k.ID, err)
		return nil
	}
	return pub
}

// parsePublicKey returns a typed RSA or ECDSA key: never raw bytes, which would let an HMAC
// token verify with the public key as its secret.
// maxKeyBytes caps the DER of a public key: an RSA 16384-bit key is about 2 KiB.
const maxKeyBytes = 8 << 10

// parsedKeys remembers parsePublicKey's answers, a pure function of the PEM text: the key of one
// issuer signs every badge of a batch. The keys are only read. Bounded: past maxParsedKeys texts
// it parses each time.
var (
	parsedKeys     sync.Map // PEM text -> parsedKey
	parsedKeyCount atomic.Int64
)

type parsedKey struct {
	key any
	err error
}

const maxParsedKeys = 1024

func init() {
	memos.Register(func() { parsedKeys.Clear(); parsedKeyCount.Store(0) })
}

func parsePublicKey(p string) (any, error) {
	if v, ok := parsedKeys.Load(p); ok {
		return v.(parsedKey).key, v.(parsedKey).err
	}
	key, err := parsePEMKey(p)
	if len(p) <= 4*maxKeyBytes && parsedKeyCount.Add(1) <= maxParsedKeys {
		parsedKeys.Store(p, parsedKey{key, err})
	}
	return key, err
}

func parsePEMKey(p string) (any, error) {
	block, _ := pem.Decode([]byte(p))
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	if len(block.Bytes) > maxKeyBytes {
		return nil, fmt.Errorf("its PEM block holds %d bytes; obcert reads keys of at most %d bytes (RSA 16384 bits)", len(block.Bytes), maxKeyBytes)
	}
	var key any
	var err error
	switch block.Type {
	case "PUBLIC KEY":
		key, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		key, err = x509.ParsePKCS1PublicKey(block.Bytes)
	default:
		return nil, fmt.Errorf("PEM block is %q, not a public key", block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("its %s PEM block (%d bytes) does not hold a DER-encoded public key", block.Type, len(block.Bytes))
	}
	switch key.(type) {
	case *rsa.PublicKey, *ecdsa.PublicKey:
		return key, nil
	}
	return nil, errors.New("it is neither an RSA nor an ECDSA key, the key types Open Badges 2.0 signatures use")
}

// revocationList checks every RevocationList the issuer Profile names (VERIFY-20): "fetch the issuer
// Profile's revocationList (if there is one) and check that the badge id is not in revokedAssertions".
// A list that cannot be read leaves revocation open, which is an error.
func (s *session) revocationList(n, issuer *Node) {
	for _, ref := range values(issuer.Data["revocationList"]) {
		list := s.anchor(issuer, "revocationList", ref, openbadges.ClassRevocationList)
		if list == nil {
			s.errorf("VERIFY_SIGNED_ASSERTION_NOT_REVOKED", n.ID, []string{"VERIFY-20", "VERIFY-01"},
				"Serve the RevocationList the issuer Profile names.",
				"Could not get RevocationList %s, so revocation of %s cannot be ruled out", str(ref), n.ID)
			continue
		}
		s.validate(list, openbadges.ClassRevocationList, 1)
		s.truncatedRevocations(list)
		if !s.res.Revoked {
			s.revokedIn(n, list)
		}
	}
}

// revokedIn records n as revoked if list names it.
func (s *session) revokedIn(n, list *Node) {
	uid := str(n.Data["uid"])
	for _, e := range revocationEntries(list) {
		id, reason := revokedEntry(e)
		if !sameAssertionID(id, n.ID) && (uid == "" || id != uid) {
			continue
		}
		s.res.Revoked = true
		s.res.RevocationReason = reason
		msg := "Assertion " + n.ID + " has been revoked in RevocationList " + list.ID
		if reason != "" {
			msg += " with reason: " + reason
		}
		s.errorf("VERIFY_SIGNED_ASSERTION_NOT_REVOKED", n.ID, []string{"VERIFY-07", "VERIFY-20"},
			"A revoked badge is no longer valid; the issuer must issue a new one.", "%s", msg)
		return
	}
}

// sameAssertionID compares a revocation entry with an Assertion id: urn:uuid ids without case
// (RFC 4122: UUIDs are "case insensitive on input"; RFC 8141: so are "urn" and the NID), any other
// id exactly.
func sameAssertionID(entry, id string) bool {
	const p = "urn:uuid:"
	if len(entry) > len(p) && len(id) > len(p) && strings.EqualFold(entry[:len(p)], p) && strings.EqualFold(id[:len(p)], p) {
		return strings.EqualFold(entry, id)
	}
	return entry == id
}

func revokedEntry(e any) (id, reason string) {
	switch v := e.(type) {
	case string:
		return v, ""
	case map[string]any:
		id = str(v["id"])
		if id == "" {
			id = str(v["@id"])
		}
		if id == "" {
			id = str(v["uid"])
		}
		reason, _ = v["revocationReason"].(string)
	}
	return id, reason
}
