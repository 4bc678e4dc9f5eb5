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
	pathMissingBadge  = "/badgeclasses/2"
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
	return doc{
		"@context":     obContext,
		"type":         "CryptographicKey",
		"id":           b.url(path),
		"owner":        b.url(pathIssuer),
		"publicKeyPem": pem,
	}
}

// ISSUER-18: "Revoke a signed badge by adding its id (optionally with revocationReason) to the
// RevocationList at the issuer Profile's revocationList URL."
func (b *builder) revocationList() doc {
	revoked := []any{doc{"id": b.ids.revokedSigned, "revocationReason": revocationReason}}
	return doc{
		"@context":          obContext,
		"type":              "RevocationList",
		"id":                b.url(pathRevocations),
		"issuer":            b.url(pathIssuer),
		"revokedAssertions": revoked,
	}
}

func (b *builder) badgeClass() doc {
	return doc{
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
}

// ENDORSE-01: "Endorsement requires id, type, claim, issuer, issuedOn, and verification."
func (b *builder) endorsement() doc {
	return doc{
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
}

// ISSUER-19: "hash the recipient identity (strongly recommended)". OBJ-10: the hash is
// alg(identity + salt).
func recipientHash(email, salt string) doc {
	sum := sha256.Sum256([]byte(email + salt))
	return doc{"type": "email", "hashed": true, "salt": salt, "identity": "sha256$" + hex.EncodeToString(sum[:])}
}

func (b *builder) assertion(id, salt string, verification doc) doc {
	return doc{
		"@context":     obContext,
		"type":         "Assertion",
		"id":           id,
		"recipient":    recipientHash(b.c.recipient, salt),
		"badge":        b.url(pathBadgeClass),
		"issuedOn":     timestamp(b.issuedOn),
		"expires":      timestamp(b.expires),
		"verification": verification,
	}
}

// ISSUER-11: "A hosted Assertion's id lies inside the issuer's hosted-verification scope: by
// default the origin of the issuer Profile id."
func (b *builder) hostedAssertion() doc {
	return b.assertion(b.url(pathHosted), b.ids.hostedSalt, doc{"type": "HostedBadge"})
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

// ISSUER-12: "Signed Assertions use a urn:uuid: id (recommended)." ISSUER-16: "If
// verification.creator names a key, that key must also be authorized (listed) in the issuer
// Profile."
func (b *builder) signedAssertion(urn, salt string) doc {
	return b.assertion(urn, salt, doc{"type": "SignedBadge", "creator": b.url(pathKey1)})
}

// documents are every document of the issuer, by path, before the faults edit them. The signed
// Assertions are signed, not served: their paths name them (and are their ids when not urn:uuid).
func (b *builder) documents(pem1, pem2 string) map[string]doc {
	return map[string]doc{
		pathIssuer: b.issuer(), pathEndorser: b.endorser(), pathKey1: b.key(pathKey1, pem1),
		pathKey2: b.key(pathKey2, pem2), pathRevocations: b.revocationList(),
		pathBadgeClass: b.badgeClass(), pathEndorsement: b.endorsement(),
		pathHosted: b.hostedAssertion(), pathRevoked: b.revokedHostedBody(),
		pathSigned:        b.signedAssertion(b.ids.signed, b.ids.signedSalt),
		pathRevokedSigned: b.signedAssertion(b.ids.revokedSigned, b.ids.rsSalt),
	}
}
