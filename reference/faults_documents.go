package reference

import (
	"time"

	"github.com/obcert/obcert"
)

// The issuer's faults that edit its documents. Each is declared once: what it breaks, the specs a
// run fails or warns under it, and its effect.

// wrongRecipient is who the wrong-recipient fault issues every badge to.
const wrongRecipient = "someone-else@example.org"

// assertions are the paths of the Assertions the issuer issues to the recipient.
var assertions = []string{pathHosted, pathSigned, pathRevokedSigned}

var documentFaults = withRole(obcert.RoleIssuer,
	Fault{Name: "hosted-out-of-scope", Requirements: []string{"ISSUER-11"}, Level: obcert.MUST,
		Description: "the hosted Assertion's id is on http://localhost:PORT, another origin than the issuer Profile's",
		Specs:       []string{"issuer/badges-valid", "issuer/hosted-id-in-scope"},
		effect:      []hook{editDoc(set("id", func(b *builder) any { return otherOrigin(b.base) + pathHosted }), pathHosted)}},
	Fault{Name: "unlisted-signing-key", Requirements: []string{"ISSUER-16"}, Level: obcert.MUST,
		Description: "signed badges name and are signed by /keys/2, which the issuer Profile does not list in publicKey",
		Specs:       []string{"issuer/badges-valid", "issuer/signing-key-listed"},
		effect: []hook{editDoc(func(b *builder, d doc) doc {
			d["verification"] = doc{"type": "SignedBadge", "creator": b.url(pathKey2)}
			return d
		}, pathSigned, pathRevokedSigned)}},
	Fault{Name: "revoked-hosted-200", Requirements: []string{"ISSUER-17"}, Level: obcert.MUST,
		Description: "the revoked hosted Assertion answers 200 with the full Assertion and no revoked property",
		Specs:       []string{"issuer/hosted-revocation"},
		effect:      []hook{editDoc(func(b *builder, _ doc) doc { return b.revokedHostedAssertion() }, pathRevoked)}},
	Fault{Name: "revocation-list-omits-badge", Requirements: []string{"ISSUER-18"}, Level: obcert.MUST,
		Description: "the RevocationList does not list the revoked signed badge",
		Specs:       []string{"issuer/signed-revocation"},
		effect:      []hook{editDoc(set("revokedAssertions", func(*builder) any { return []any{} }), pathRevocations)}},
	Fault{Name: "wrong-recipient", Requirements: []string{"ISSUER-02"}, Level: obcert.MUST,
		Description: "every badge is issued to " + wrongRecipient + " instead of the declared recipient",
		Specs:       []string{"issuer/badges-valid", "issuer/recipient"},
		effect: []hook{editDoc(func(b *builder, d doc) doc {
			salt, _ := d["recipient"].(doc)["salt"].(string)
			d["recipient"] = recipientHash(wrongRecipient, salt)
			return d
		}, assertions...)}},
	// ISSUER-07: "Hosted Assertion, BadgeClass, Profile ... must be fetchable over HTTP and end in
	// 200 OK." Only the hosted Assertion links the missing BadgeClass: were /badgeclasses/1 itself
	// gone, the revoked signed badge could not be checked either (issuer/signed-revocation). A
	// BadgeClass never read is one whose data model was not checked (issuer/data-model), and one
	// whose issuer, whose hosted scope the Assertion must lie in, is unknown (issuer/hosted-id-in-scope).
	Fault{Name: "badgeclass-not-found", Requirements: []string{"ISSUER-07"}, Level: obcert.MUST,
		Description: "the hosted Assertion links its BadgeClass at " + pathMissingBadge + ", which answers 404",
		Specs:       []string{"issuer/badges-valid", "issuer/data-model", "issuer/hosted-id-in-scope", "issuer/objects-reachable"},
		effect:      []hook{editDoc(set("badge", func(b *builder) any { return b.url(pathMissingBadge) }), pathHosted)}},
	Fault{Name: "expired-assertion", Requirements: []string{"VERIFY-06"}, Level: obcert.MUST,
		Description: "the hosted Assertion expired a day before the clock",
		Specs:       []string{"issuer/badges-valid", "issuer/not-expired"},
		effect:      []hook{editDoc(set("expires", func(b *builder) any { return timestamp(b.now.Add(-24 * time.Hour)) }), pathHosted)}},
	Fault{Name: "badgeclass-missing-name", Requirements: []string{"OBJ-19"}, Level: obcert.MUST,
		Description: "the BadgeClass has no name",
		Specs:       []string{"issuer/badges-valid", "issuer/data-model"},
		effect:      []hook{editDoc(del("name"), pathBadgeClass)}},
	// A timestamp without a timezone is not in UTC either: issuer/utc-timestamps warns too.
	Fault{Name: "issued-on-without-timezone", Requirements: []string{"OBJ-08"}, Level: obcert.MUST,
		Description: "the hosted Assertion's issuedOn has no timezone",
		Specs:       []string{"issuer/badges-valid", "issuer/data-model", "issuer/utc-timestamps"},
		effect:      []hook{editDoc(set("issuedOn", func(*builder) any { return "2026-01-02T03:04:05" }), pathHosted)}},
	Fault{Name: "endorsement-missing-claim", Requirements: []string{"ENDORSE-01"}, Level: obcert.MUST,
		Description: "the BadgeClass's Endorsement has no claim",
		Specs:       []string{"issuer/endorsements"},
		effect:      []hook{editDoc(del("claim"), pathEndorsement)}},
	Fault{Name: "key-owner-mismatch", Requirements: []string{"VERIFY-17"}, Level: obcert.MUST,
		Description: "the CryptographicKey's owner is /endorser, not the issuer Profile that lists it, so the key is not the issuer's",
		Specs:       []string{"issuer/badges-valid", "issuer/signing-key-owner"},
		effect:      []hook{editDoc(set("owner", func(b *builder) any { return b.url(pathEndorser) }), pathKey1)}},
)

// set returns a document edit that sets key to what value computes.
func set(key string, value func(b *builder) any) func(*builder, doc) doc {
	return func(b *builder, d doc) doc {
		d[key] = value(b)
		return d
	}
}

// del returns a document edit that removes key.
func del(key string) func(*builder, doc) doc {
	return func(_ *builder, d doc) doc {
		delete(d, key)
		return d
	}
}
