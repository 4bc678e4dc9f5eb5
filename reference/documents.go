package reference

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// obContext is the JSON-LD context of every Open Badges 2.0 document the reference serves.
const obContext = "https://w3id.org/openbadges/v2"

// Paths of the documents the reference serves.
const (
	pathIndex         = "/"
	pathIssuer        = "/issuer"
	pathEndorser      = "/endorser"
	pathKey1          = "/keys/1"
	pathKey2          = "/keys/2"
	pathRevocations   = "/revocations"
	pathBadgeClass    = "/badgeclasses/1"
	pathBadgeAlias    = "/badgeclasses/current"
	pathEndorsement   = "/endorsements/1"
	pathHosted        = "/assertions/hosted-1"
	pathRevoked       = "/assertions/revoked-1"
	pathSigned        = "/assertions/signed-1"
	pathRevokedSigned = "/assertions/signed-revoked-1"
	pathHostedPNG     = "/badges/hosted.png"
	pathSignedSVG     = "/badges/signed.svg"
	pathIssuerImage   = "/images/issuer.png"
	pathBadgeImage    = "/images/badge.png"
)

const revocationReason = "Issued in error: this badge exists to test revocation."

type doc = map[string]any

// builder writes the documents of one server: base is its origin, hostedBase the origin of the
// hosted Assertion's id.
type builder struct {
	c          *config
	base       string
	hostedBase string
	now        time.Time // the clock at start, to the second
	issuedOn   time.Time
	expires    time.Time
	ids        ids
}

// ids are the random parts of the documents, drawn once in a fixed order.
type ids struct {
	signed, revokedSigned                       string // urn:uuid ids
	hostedSalt, revokedSalt, signedSalt, rsSalt string
}

func drawIDs(c *config) (ids, error) {
	var out ids
	var err error
	for _, p := range []*string{&out.signed, &out.revokedSigned} {
		if *p, err = uuidV4(c.random); err != nil {
			return ids{}, err
		}
		*p = "urn:uuid:" + *p
	}
	for _, p := range []*string{&out.hostedSalt, &out.revokedSalt, &out.signedSalt, &out.rsSalt} {
		if *p, err = randomHex(c.random, 16); err != nil {
			return ids{}, err
		}
	}
	return out, nil
}

func (b *builder) url(path string) string { return b.base + path }

// ISSUER-20: "Publish all timestamps in UTC."
func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func (b *builder) issuer() doc {
	return doc{
		"@context":       obContext,
		"type":           "Issuer",
		"id":             b.url(pathIssuer),
		"name":           "obcert Reference Issuer",
		"url":            b.url(pathIndex),
		"email":          "issuer@example.org",
		"image":          b.url(pathIssuerImage),
		"publicKey":      b.url(pathKey1),
		"revocationList": b.url(pathRevocations),
	}
}

func (b *builder) endorser() doc {
	return doc{
		"@context": obContext,
		"type":     "Profile",
		"id":       b.url(pathEndorser),
		"name":     "obcert Reference Endorser",
		"url":      b.url(pathIndex),
		"email":    "endorser@example.org",
	}
}

// ISSUER-15: "its publicKey points at the id of a CryptographicKey, and that key points back
// with owner (two-way link)."
func (b *builder) key(path, pem string) doc {
	owner := b.url(pathIssuer)
	if b.c.keyOwnedByEndorser {
		owner = b.url(pathEndorser)
	}
	return doc{
		"@context":     obContext,
		"type":         "CryptographicKey",
		"id":           b.url(path),
		"owner":        owner,
		"publicKeyPem": pem,
	}
}

// ISSUER-18: "Revoke a signed badge by adding its id (optionally with revocationReason) to the
// RevocationList at the issuer Profile's revocationList URL."
func (b *builder) revocationList() doc {
	revoked := []any{doc{"id": b.signedID(b.ids.revokedSigned, pathRevokedSigned), "revocationReason": revocationReason}}
	if b.c.revocationListEmpty {
		revoked = []any{}
	}
	return doc{
		"@context":          obContext,
		"type":              "RevocationList",
		"id":                b.url(pathRevocations),
		"issuer":            b.url(pathIssuer),
		"revokedAssertions": revoked,
	}
}

func (b *builder) badgeClass() doc {
	d := doc{
		"@context":    obContext,
		"type":        "BadgeClass",
		"id":          b.url(pathBadgeClass),
		"name":        "obcert Reference Badge",
		"description": "Awarded by the obcert reference issuer to show what a conformant badge looks like.",
		"image":       b.url(pathBadgeImage),
		"criteria":    doc{"narrative": "Be the recipient the conformance run asks for."},
		"issuer":      b.url(pathIssuer),
		"endorsement": []any{b.url(pathEndorsement)},
	}
	if b.c.badgeClassNoName {
		delete(d, "name")
	}
	return d
}

// ENDORSE-01: "Endorsement requires id, type, claim, issuer, issuedOn, and verification."
func (b *builder) endorsement() doc {
	d := doc{
		"@context": obContext,
		"type":     "Endorsement",
		"id":       b.url(pathEndorsement),
		"claim": doc{
			"id":                 b.url(pathBadgeClass),
			"endorsementComment": "This badge is awarded only to the conformance recipient.",
		},
		"issuer":       b.url(pathEndorser),
		"issuedOn":     timestamp(b.issuedOn),
		"verification": doc{"type": "HostedBadge"},
	}
	if b.c.endorsementNoClaim {
		delete(d, "claim")
	}
	return d
}

// ISSUER-19: "hash the recipient identity (strongly recommended)". OBJ-10: the hash is
// alg(identity + salt).
func (b *builder) recipient(salt string) doc {
	email := b.c.recipient
	if b.c.issueToWrongRecipient {
		email = wrongRecipient
	}
	if b.c.plaintextRecipient {
		return doc{"type": "email", "hashed": false, "identity": email}
	}
	sum := sha256.Sum256([]byte(email + salt))
	return doc{"type": "email", "hashed": true, "salt": salt, "identity": "sha256$" + hex.EncodeToString(sum[:])}
}

func (b *builder) assertion(id, salt string, verification doc) doc {
	return doc{
		"@context":     obContext,
		"type":         "Assertion",
		"id":           id,
		"recipient":    b.recipient(salt),
		"badge":        b.url(pathBadgeClass),
		"issuedOn":     timestamp(b.issuedOn),
		"expires":      timestamp(b.expires),
		"verification": verification,
	}
}

// ISSUER-11: "A hosted Assertion's id lies inside the issuer's hosted-verification scope: by
// default the origin of the issuer Profile id."
func (b *builder) hostedAssertion() doc {
	d := b.assertion(b.hostedBase+pathHosted, b.ids.hostedSalt, doc{"type": "HostedBadge"})
	if b.c.expired {
		d["expires"] = timestamp(b.now.Add(-24 * time.Hour))
	}
	if b.c.issuedOnNoTimezone {
		d["issuedOn"] = "2026-01-02T03:04:05"
	}
	// ISSUER-10: "A hosted Assertion's id is the URI where it can be fetched" — the same holds
	// for every hosted Badge Object; under this fault the BadgeClass is linked by another URL.
	if b.c.badgeByAlias {
		d["badge"] = b.url(pathBadgeAlias)
	}
	if b.c.timestampsNotUTC {
		plus2 := time.FixedZone("+02:00", 2*60*60)
		d["issuedOn"] = b.issuedOn.In(plus2).Format(time.RFC3339)
		d["expires"] = b.expires.In(plus2).Format(time.RFC3339)
	}
	return d
}

func (b *builder) revokedHostedAssertion() doc {
	return b.assertion(b.url(pathRevoked), b.ids.revokedSalt, doc{"type": "HostedBadge"})
}

// ISSUER-17: "Revoke a hosted Assertion by answering with HTTP 410 Gone. A body is optional; if
// present it needs only id and revoked:true, and MAY add revocationReason."
func (b *builder) revokedHostedBody() doc {
	return doc{
		"@context":         obContext,
		"id":               b.url(pathRevoked),
		"revoked":          true,
		"revocationReason": revocationReason,
	}
}

// ISSUER-12: "Signed Assertions use a urn:uuid: id (recommended)."
func (b *builder) signedID(urn, path string) string {
	if b.c.signedHTTPID {
		return b.url(path)
	}
	return urn
}

// ISSUER-16: "If verification.creator names a key, that key must also be authorized (listed) in
// the issuer Profile."
func (b *builder) creator() string {
	if b.c.signWithSecondKey {
		return b.url(pathKey2)
	}
	return b.url(pathKey1)
}

func (b *builder) signedAssertion(urn, path, salt string) doc {
	return b.assertion(b.signedID(urn, path), salt, doc{"type": "SignedBadge", "creator": b.creator()})
}
