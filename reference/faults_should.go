package reference

import (
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/obcert/obcert"
)

// The issuer's SHOULD faults: a run under one stays CONFORMANT and warns.
var shouldFaults = withRole(obcert.RoleIssuer,
	Fault{Name: "ignores-accept-json", Requirements: []string{"ISSUER-09"}, Level: obcert.SHOULD,
		Description: "JSON documents are served as application/ld+json even when only application/json is accepted",
		Specs:       []string{"issuer/content-negotiation"},
		effect:      []hook{wrap(serveJSONAs(typeLDJSON))}},
	// ISSUER-13: "RS256 is recommended for compatibility."
	Fault{Name: "signs-with-rs512", Requirements: []string{"ISSUER-13"}, Level: obcert.SHOULD,
		Description: "signed badges are signed with RS512, a verifiable algorithm but not the recommended RS256",
		Specs:       []string{"issuer/signing-algorithm"},
		effect:      []hook{signWith(jose.RS512, pathSigned, pathRevokedSigned)}},
	Fault{Name: "signed-id-not-urn-uuid", Requirements: []string{"ISSUER-12"}, Level: obcert.SHOULD,
		Description: "signed Assertions have an http id instead of a urn:uuid",
		Specs:       []string{"issuer/signed-id-urn-uuid"},
		effect: []hook{
			editDoc(set("id", func(b *builder) any { return b.url(pathSigned) }), pathSigned),
			editDoc(set("id", func(b *builder) any { return b.url(pathRevokedSigned) }), pathRevokedSigned),
			editDoc(set("revokedAssertions", func(b *builder) any {
				return []any{doc{"id": b.url(pathRevokedSigned), "revocationReason": revocationReason}}
			}), pathRevocations),
		}},
	// ISSUER-10: "A hosted Assertion's id is the URI where it can be fetched" — the same holds for
	// every hosted Badge Object; under this fault the BadgeClass is linked by another URL.
	Fault{Name: "badgeclass-id-not-its-url", Requirements: []string{"ISSUER-10"}, Level: obcert.SHOULD,
		Description: "the hosted Assertion links its BadgeClass by /badgeclasses/current, which serves a BadgeClass whose id is /badgeclasses/1",
		Specs:       []string{"issuer/hosted-id-is-url"},
		effect: []hook{
			editDoc(set("badge", func(b *builder) any { return b.url(pathBadgeAlias) }), pathHosted),
			editDoc(func(b *builder, _ doc) doc { return b.badgeClass() }, pathBadgeAlias),
		}},
	Fault{Name: "timestamps-not-utc", Requirements: []string{"ISSUER-20"}, Level: obcert.SHOULD,
		Description: "the hosted Assertion's issuedOn and expires carry a +02:00 offset instead of UTC",
		Specs:       []string{"issuer/utc-timestamps"},
		effect: []hook{editDoc(func(b *builder, d doc) doc {
			plus2 := time.FixedZone("+02:00", 2*60*60)
			d["issuedOn"] = b.issuedOn.In(plus2).Format(time.RFC3339)
			d["expires"] = b.expires.In(plus2).Format(time.RFC3339)
			return d
		}, pathHosted)}},
	Fault{Name: "no-signed-badge", Requirements: []string{"ISSUER-27"}, Level: obcert.SHOULD,
		Description: "the candidate file declares no signed badge (neither the JWS nor the baked SVG) and no revoked signed badge",
		Specs:       []string{"issuer/all-kinds"},
		effect: []hook{editCandidate(func(_ *builder, cf *obcert.CandidateFile) {
			cf.Issuer.Badges = cf.Issuer.Badges[:2]
			cf.Issuer.Revoked = cf.Issuer.Revoked[:1]
		})}},
	Fault{Name: "plaintext-recipient", Requirements: []string{"ISSUER-19"}, Level: obcert.SHOULD,
		Description: "the recipient identity of every badge is not hashed",
		Specs:       []string{"issuer/hashed-recipient"},
		effect: []hook{editDoc(func(b *builder, d doc) doc {
			d["recipient"] = doc{"type": "email", "hashed": false, "identity": b.c.recipient}
			return d
		}, assertions...)}},
)
