package main

import (
	"strings"

	"github.com/obcert/obcert/openbadges/bake"
)

// Spec sentences, quoted verbatim from spec/REQUIREMENTS.md (the requirement column of each row).
const (
	qVerify17 = "Do **not** trust a key that the issuer Profile does not link."
	qIssuer16 = "If `verification.creator` names a key, that key must also be authorized (listed) in the issuer Profile."
	qVerify19 = "Step 6: verify the JWS with each trusted key. If verification fails, the Assertion **MUST** be treated as invalid."
	qVerify18 = "Step 5: HTTP GET each trusted key. Without a usable public key the Assertion cannot be verified."
	qIssuer15 = "its `publicKey` points at the HTTPS `id` of a CryptographicKey, and that key points back with `owner` (two-way link)."
	qIssuer13 = "RS256 is \"recommended\" for compatibility."
	qVerify21 = "Step 8: if every step passes, the Assertion may be treated as valid."
	qVerify11 = "**Hosted scope**: the Assertion `id` must be inside the issuer's scope. If the Profile has no `verification`, the default requires the Assertion **and BadgeClass** to share the origin of the issuer Profile `id`."
	qStarts   = "With `startsWith`, the id must begin with one of the prefixes."
	// qIssuer11Default is ISSUER-11's default scope.
	qIssuer11Default = "by default the origin of the issuer Profile `id`"
	qOrigins         = "With `allowedOrigins`, the id's host must be one of those names."
	qObj29           = "An issuer Profile's VerificationObject has `type` (default `VerificationObject`), `verificationProperty` (only `id` is supported, and it is the default), `startsWith` (URI prefix, multiple), and `allowedOrigins` (host name, multiple)."
	qIssuer11        = "A hosted Assertion's `id` lies inside the issuer's hosted-verification scope: by default the origin of the issuer Profile `id`, or else the Profile's `verification.allowedOrigins` / `startsWith`."
	qVerify10        = "**Hosted**: if verification starts from a full Assertion that says HostedBadge, trust the input only to find the URI. Fetch it and use the fetched data."
	qVerify04        = "The Assertion was awarded to a valid value of the expected recipient: a plaintext match, or `alg(identifier+salt)` equals `identity`, for the declared `type`."
	qBake03          = "The iTXt text is either a **compact JWS** (signed) or the **raw JSON** Assertion."
	qBake16          = "SVG extraction: take the first `<openbadges:assertion>`. With no body, the `verify` attribute is the signature; with a body, the body is the JSON Assertion."
	qVerify20        = "Step 7: fetch the issuer Profile's `revocationList` (if there is one) and check that the badge `id` is not in `revokedAssertions` (legacy badges match on `uid`). Entries may be plain strings or objects."
	qObj06           = "Properties not marked multiple (e.g. `issuer`) take one value only; VAL raises an error on a second value."
	qVerify12        = "**Hosted revocation**: treat HTTP **410 Gone**, or a body with `revoked: true`, as revoked (the spec adds \"and thus invalid\")."
	qIssuer17        = "Revoke a **hosted** Assertion by answering with HTTP **410 Gone**. A body is optional; if present it needs only `id` and `revoked:true`, and MAY add `revocationReason`."
	qObj15           = "If `revoked` is true, only `id` and `revoked` are required."
	qObj12           = "Every image (Assertion, BadgeClass, Profile) is **PNG or SVG** (errata 2020-04-09 extends this to \"all images\")."
	qObj31           = "**Image** object: `id` (URI or Data URI) is required."
	qVerify01        = "Every required Badge Object is linked and reachable, ending in 200 OK (3xx redirects are allowed). Any relevant optional object, such as a RevocationList, is reachable too."
	qIssuer07        = "Hosted Assertion, BadgeClass, Profile and any linked RevocationList and CryptographicKey must be fetchable over HTTP and end in 200 OK; redirects are allowed."
	qVerify22        = "Trust `publicKey` values from an *embedded* issuer Profile without checking the hosted Profile."
	qVerify07        = "The Assertion has not been revoked by its issuer."
	qVerify06        = "The Assertion has not expired (\"after this time, the badge should be considered expired\")."
	qVerify15        = "Step 2: parse it as JSON. If parsing fails, the Assertion **MUST** be treated as invalid."
	qBake04          = "Compress the chunk (compression flag 0, method 0)."
	qBake06          = "A PNG holds **more than one** iTXt chunk with keyword `openbadges`."
	qObj24           = "The spec implies several keys are allowed (\"If there are multiple keys…\")."
	familyKeys       = "forged-keys"
	familyScop       = "scope"
	familyDel        = "delivery"
	familyRev        = "revocation"
	familyAlg        = "algorithms"
	familyImg        = "images"
	familyRead       = "unreadable"
)

// hosted serves the default issuer, BadgeClass, its image and the Assertion at url; the input is url.
func (w *world) hosted(c *kase, iss, bc, a doc, url string) *kase {
	c.serve(issuerID, "issuer.json", iss)
	if bc != nil {
		c.serve(str(bc["id"]), "badgeclass.json", bc)
	}
	c.serveRaw(badgeImage, "badge.png", pngBytes(), 0, "")
	if a != nil {
		c.serve(url, "assertion.json", a)
	}
	c.input = url
	return c
}

// signed serves the issuer (with its keys), the BadgeClass and its image, and writes assertion.jws.
func (w *world) signed(c *kase, iss doc, payload doc, header map[string]any, key any) *kase {
	c.serve(issuerID, "issuer.json", iss)
	c.serve(badgeID, "badgeclass.json", w.badgeClass())
	c.serveRaw(badgeImage, "badge.png", pngBytes(), 0, "")
	c.file("assertion_payload.json", marshal(payload))
	c.input = c.file("assertion.jws", []byte(sign(header, compactJSON(payload), key)+"\n"))
	return c
}

func (w *world) serveIssuerKey(c *kase) {
	c.serve(keyID, "key1.json", w.key(keyID, issuerID, publicPEM(w.keys.issuerRSA)))
}

func compactJSON(d doc) []byte {
	b := marshal(d)
	return []byte(strings.TrimSpace(string(b)))
}

func str(v any) string { s, _ := v.(string); return s }

func hdr(alg string) map[string]any { return map[string]any{"alg": alg} }

func allCases(w *world) []*kase {
	var cs []*kase
	add := func(c *kase) { cs = append(cs, c) }
	ks := w.keys

	// ---- forged and re-homed keys ----
	{
		c := newCase("01-signed-rs256-control", familyKeys, "RS256 JWS from the key the issuer Profile lists, owner pointing back: the valid control of the family.")
		w.serveIssuerKey(c)
		add(w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), hdr("RS256"), ks.issuerRSA).valid().
			because("VERIFY-21", qVerify21, "Every signed-verification step passes with the listed RSA key."))
	}
	{
		c := newCase("02-rehomed-key-creator", familyKeys, "The Profile lists key K on issuer.example; the document served at K declares the id https://keys.attacker.example/k (another host), carries the attacker's public key and names the issuer as owner. creator is K; the attacker's key signed the badge.")
		c.serve(keyID, "key-at-k.json", w.key("https://keys.attacker.example/k", issuerID, publicPEM(ks.attackerRSA)))
		c.serve("https://keys.attacker.example/k", "attacker-key.json", w.key("https://keys.attacker.example/k", issuerID, publicPEM(ks.attackerRSA)))
		add(w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), hdr("RS256"), ks.attackerRSA).invalid("VERIFY-17").
			because("VERIFY-17", qVerify17, "The key that verifies is https://keys.attacker.example/k, which the Profile does not list: following the declared id re-homes the trust to a host the issuer never named."))
	}
	{
		c := newCase("03-rehomed-key-no-creator", familyKeys, "As 02, but the SignedBadge names no creator: the verifier must try the Profile's listed keys, and the only listed key re-homes to an attacker host.")
		c.serve(keyID, "key-at-k.json", w.key("https://keys.attacker.example/k", issuerID, publicPEM(ks.attackerRSA)))
		c.serve("https://keys.attacker.example/k", "attacker-key.json", w.key("https://keys.attacker.example/k", issuerID, publicPEM(ks.attackerRSA)))
		add(w.signed(c, w.signedIssuer(), w.signedAssertion(""), hdr("RS256"), ks.attackerRSA).invalid("VERIFY-17").
			because("VERIFY-17", qVerify17, "The verifying key's own id is not among the Profile's publicKey values."))
	}
	{
		c := newCase("04-creator-unlisted-same-host", familyKeys, "creator names https://issuer.example/keys/2, a key owned by the issuer and served on its host, but the Profile lists only keys/1; keys/2 signed.")
		w.serveIssuerKey(c)
		c.serve("https://issuer.example/keys/2", "key2.json", w.key("https://issuer.example/keys/2", issuerID, publicPEM(ks.attackerRSA)))
		add(w.signed(c, w.signedIssuer(), w.signedAssertion("https://issuer.example/keys/2"), hdr("RS256"), ks.attackerRSA).invalid("ISSUER-16").
			because("ISSUER-16", qIssuer16, "keys/2 is not in the Profile's publicKey."))
	}
	{
		c := newCase("05-creator-attacker-host", familyKeys, "creator names a key on an attacker host whose document claims the issuer as owner; the Profile lists only its own key; the attacker key signed.")
		w.serveIssuerKey(c)
		c.serve("https://attacker.example/key.json", "attacker-key.json", w.key("https://attacker.example/key.json", issuerID, publicPEM(ks.attackerRSA)))
		add(w.signed(c, w.signedIssuer(), w.signedAssertion("https://attacker.example/key.json"), hdr("RS256"), ks.attackerRSA).invalid("ISSUER-16").
			because("ISSUER-16", qIssuer16, "An owner claim in the key document does not authorize the key; only the Profile's publicKey does."))
	}
	{
		c := newCase("06-key-owner-elsewhere", familyKeys, "The Profile lists keys/1 and keys/1 signed, but the key document names https://other.example/issuer.json as its owner.")
		c.serve(keyID, "key1.json", w.key(keyID, "https://other.example/issuer.json", publicPEM(ks.issuerRSA)))
		add(w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), hdr("RS256"), ks.issuerRSA).invalid("VERIFY-17").
			because("ISSUER-15", qIssuer15, "The two-way link is broken: the key says it belongs to another Profile, so it is not the issuer's key (the project reads this as a VERIFY-17 break, as its reference fault key-owner-mismatch does; see the README on this reading)."))
	}
	{
		c := newCase("07-alg-none", familyKeys, "Header alg none, empty signature, payload otherwise valid.")
		w.serveIssuerKey(c)
		add(w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), hdr("none"), nil).invalid("VERIFY-19").
			because("VERIFY-19", qVerify19, "An unsigned JWS cannot verify with the trusted RSA key."))
	}
	{
		c := newCase("08-hs256-public-pem", familyKeys, "Header alg HS256, MAC keyed with the issuer's published publicKeyPem text (the classic alg-confusion forgery).")
		w.serveIssuerKey(c)
		add(w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), hdr("HS256"), []byte(publicPEM(ks.issuerRSA))).invalid("VERIFY-19").
			because("VERIFY-19", qVerify19, "A MAC keyed with public data is not a signature by the trusted RSA key."))
	}
	{
		c := newCase("09-embedded-jwk-header", familyKeys, "Header carries a jwk with the attacker's public key, and the attacker's key signed; creator is the issuer's listed key.")
		w.serveIssuerKey(c)
		h := hdr("RS256")
		h["jwk"] = jwkOf(ks.attackerRSA)
		add(w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), h, ks.attackerRSA).invalid("VERIFY-19").
			because("VERIFY-19", qVerify19, "Keys in the JWS header are not trusted keys; the listed key does not verify the signature."))
	}
	{
		c := newCase("10-jku-header", familyKeys, "Header carries jku pointing at an attacker JWK Set (served), the attacker's key signed; creator is the issuer's listed key.")
		w.serveIssuerKey(c)
		h := hdr("RS256")
		h["jku"] = "https://attacker.example/jwks.json"
		c.serve("https://attacker.example/jwks.json", "jwks.json", doc{"keys": []any{jwkOf(ks.attackerRSA)}})
		add(w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), h, ks.attackerRSA).invalid("VERIFY-19").
			because("VERIFY-19", qVerify19, "A key set named by the token is not a key the issuer Profile links."))
	}
	{
		c := newCase("11-modified-payload", familyKeys, "A genuine RS256 signature by the issuer's key over the original payload, with the payload segment swapped for one naming another recipient.")
		w.serveIssuerKey(c)
		w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), hdr("RS256"), ks.issuerRSA)
		orig := strings.TrimSpace(string(c.files["assertion.jws"]))
		parts := strings.Split(orig, ".")
		forged := w.signedAssertion(keyID)
		forged["recipient"] = w.recipientObj("mallory@attacker.example")
		c.file("assertion_payload.json", marshal(forged))
		c.file("assertion.jws", []byte(parts[0]+"."+b64url(compactJSON(forged))+"."+parts[2]+"\n"))
		add(c.invalid("VERIFY-19").because("VERIFY-19", qVerify19, "The signature covers the original payload, not the one presented."))
	}
	{
		c := newCase("12-embedded-issuer-attacker-key", familyKeys, "The JWS payload embeds its BadgeClass, whose embedded issuer (same HTTP id as the real one) lists an attacker key; creator names that key and the attacker signed. The hosted Profile lists only the issuer's key.")
		w.serveIssuerKey(c)
		c.serve("https://attacker.example/key.json", "attacker-key.json", w.key("https://attacker.example/key.json", issuerID, publicPEM(ks.attackerRSA)))
		p := w.signedAssertion("https://attacker.example/key.json")
		bc := w.badgeClass()
		delete(bc, "@context")
		embIss := w.issuer()
		delete(embIss, "@context")
		embIss["publicKey"] = "https://attacker.example/key.json"
		bc["issuer"] = embIss
		p["badge"] = bc
		add(w.signed(c, w.signedIssuer(), p, hdr("RS256"), ks.attackerRSA).invalid("VERIFY-17").
			because("VERIFY-22", qVerify22, "(SHOULD NOT) The embedded Profile's publicKey is not the hosted Profile's; the key the hosted Profile links does not sign (VERIFY-17)."))
	}

	{
		c := newCase("13-kid-header-attacker", familyKeys, "Header kid names an attacker key URL (served, owner claimed as the issuer); the attacker's key signed; creator is the issuer's listed key.")
		w.serveIssuerKey(c)
		h := hdr("RS256")
		h["kid"] = "https://attacker.example/key.json"
		c.serve("https://attacker.example/key.json", "attacker-key.json", w.key("https://attacker.example/key.json", issuerID, publicPEM(ks.attackerRSA)))
		add(w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), h, ks.attackerRSA).invalid("VERIFY-19").
			because("VERIFY-19", qVerify19, "A key named by the token header is not a trusted key; the listed key does not verify."))
	}

	const key2ID = "https://issuer.example/keys/2"
	twoKeys := func(c *kase) doc {
		w.serveIssuerKey(c)
		c.serve(key2ID, "key2.json", w.key(key2ID, issuerID, publicPEM(ks.issuerRSA2)))
		iss := w.issuer()
		iss["publicKey"] = []any{keyID, key2ID}
		return iss
	}
	{
		c := newCase("14-two-listed-keys-creator-second", familyKeys, "The Profile lists two keys; creator names the second, which signed: valid.")
		add(w.signed(c, twoKeys(c), w.signedAssertion(key2ID), hdr("RS256"), ks.issuerRSA2).valid().
			because("OBJ-24", qObj24, "Several listed keys are allowed; the one that signed is listed (VERIFY-17) and verifies (VERIFY-19). VAL's single-valued publicKey is observed code."))
	}
	{
		c := newCase("15-two-listed-keys-no-creator", familyKeys, "The Profile lists two keys; no creator; the second signed: valid.")
		add(w.signed(c, twoKeys(c), w.signedAssertion(""), hdr("RS256"), ks.issuerRSA2).valid().
			because("VERIFY-19", qVerify19, "The JWS is verified with each trusted key, and the second verifies (VERIFY-21)."))
	}
	{
		c := newCase("16-embedded-urn-issuer-key", familyKeys, "The JWS payload embeds a urn:uuid BadgeClass whose embedded urn:uuid issuer lists an attacker key (owner: that urn issuer); the attacker signed. Nothing is hosted but the key.")
		c.serve("https://attacker.example/key.json", "attacker-key.json", w.key("https://attacker.example/key.json", "urn:uuid:9c4d5e6f-7a8b-4c2d-8e3f-4a5b6c7d8e9f", publicPEM(ks.attackerRSA)))
		c.serveRaw(badgeImage, "badge.png", pngBytes(), 0, "")
		p := w.signedAssertion("https://attacker.example/key.json")
		bc := w.badgeClass()
		delete(bc, "@context")
		bc["id"] = "urn:uuid:ab5e6f7a-8b9c-4d3e-9f4a-5b6c7d8e9fa0"
		iss := w.issuer()
		delete(iss, "@context")
		iss["id"] = "urn:uuid:9c4d5e6f-7a8b-4c2d-8e3f-4a5b6c7d8e9f"
		iss["publicKey"] = "https://attacker.example/key.json"
		bc["issuer"] = iss
		p["badge"] = bc
		c.file("assertion_payload.json", marshal(p))
		c.input = c.file("assertion.jws", []byte(sign(hdr("RS256"), compactJSON(p), ks.attackerRSA)+"\n"))
		add(c.invalid("VERIFY-17").because("VERIFY-22", qVerify22, "(SHOULD NOT) An embedded Profile with no hosted copy cannot vouch for its own key: anyone can embed one. So no trusted key links to the signer (VERIFY-17)."))
	}

	// ---- scope ----
	{
		c := newCase("20-scope-default-control", familyScop, "Hosted Assertion, BadgeClass and issuer Profile all on https://issuer.example, no verification policy: the valid control.")
		c.recipient = recipient
		add(w.hosted(c, w.issuer(), w.badgeClass(), w.hostedAssertion(assertionID), assertionID).valid().
			because("ISSUER-11", qIssuer11, "The Assertion and BadgeClass share the issuer Profile's origin."))
	}
	{
		u := "https://badges.other.example/assertions/1.json"
		c := newCase("21-scope-typeonly-foreign", familyScop, "The issuer's verification is {\"type\":\"VerificationObject\"} only; the Assertion is hosted on another origin.")
		iss := w.issuer()
		iss["verification"] = doc{"type": "VerificationObject"}
		add(w.hosted(c, iss, w.badgeClass(), w.hostedAssertion(u), u).invalid("VERIFY-11").
			because("VERIFY-11", qVerify11, "A VerificationObject with neither startsWith nor allowedOrigins sets no scope, so the default origin rule applies (OBJ-29: verificationProperty defaults to id; no property widens the default)."))
	}
	{
		c := newCase("22-scope-typeonly-same-origin", familyScop, "The issuer's verification is {\"type\":\"VerificationObject\"} only; everything on the issuer's origin: valid.")
		iss := w.issuer()
		iss["verification"] = doc{"type": "VerificationObject"}
		add(w.hosted(c, iss, w.badgeClass(), w.hostedAssertion(assertionID), assertionID).valid().
			because("VERIFY-11", qVerify11, "The default rule holds."))
	}
	{
		u := "https://issuer.example.attacker.example/assertions/1.json"
		c := newCase("23-scope-startswith-host-suffix", familyScop, "startsWith https://issuer.example (no trailing slash); the Assertion is at https://issuer.example.attacker.example/..., a different host whose name merely begins with the issuer's.")
		iss := w.issuer()
		iss["verification"] = doc{"type": "VerificationObject", "startsWith": "https://issuer.example"}
		add(w.hosted(c, iss, w.badgeClass(), w.hostedAssertion(u), u).invalid("VERIFY-11").
			because("VERIFY-11", qStarts, "startsWith is a URI prefix (OBJ-29): the prefix https://issuer.example names the host issuer.example, and a URI on host issuer.example.attacker.example does not begin with that URI, only with its characters. See the README: spec ambiguity."))
	}
	{
		c := newCase("24-scope-startswith-path-control", familyScop, "startsWith https://issuer.example/assertions/ and the Assertion under it: valid.")
		iss := w.issuer()
		iss["verification"] = doc{"type": "VerificationObject", "startsWith": "https://issuer.example/assertions/"}
		add(w.hosted(c, iss, w.badgeClass(), w.hostedAssertion(assertionID), assertionID).valid().
			because("VERIFY-11", qStarts, "The id begins with the prefix."))
	}
	{
		u := "https://issuer.example/other/1.json"
		c := newCase("25-scope-startswith-other-path", familyScop, "startsWith https://issuer.example/assertions/ but the Assertion is at /other/ on the same host.")
		iss := w.issuer()
		iss["verification"] = doc{"type": "VerificationObject", "startsWith": []any{"https://issuer.example/assertions/"}}
		add(w.hosted(c, iss, w.badgeClass(), w.hostedAssertion(u), u).invalid("VERIFY-11").
			because("VERIFY-11", qStarts, "Same origin is not enough once startsWith narrows the scope."))
	}
	{
		u := "https://badges.example/a/1.json"
		c := newCase("26-scope-allowedorigins-includes", familyScop, "allowedOrigins [badges.example, cdn.badges.example]; the Assertion is on badges.example: valid.")
		iss := w.issuer()
		iss["verification"] = doc{"type": "VerificationObject", "allowedOrigins": []any{"badges.example", "cdn.badges.example"}}
		add(w.hosted(c, iss, w.badgeClass(), w.hostedAssertion(u), u).valid().
			because("VERIFY-11", qOrigins, "badges.example is listed."))
	}
	{
		u := "https://evil.example/a/1.json"
		c := newCase("27-scope-allowedorigins-excludes", familyScop, "allowedOrigins [badges.example]; the Assertion is on evil.example.")
		iss := w.issuer()
		iss["verification"] = doc{"type": "VerificationObject", "allowedOrigins": "badges.example"}
		add(w.hosted(c, iss, w.badgeClass(), w.hostedAssertion(u), u).invalid("VERIFY-11").
			because("VERIFY-11", qOrigins, "evil.example is not listed."))
	}
	{
		u := "https://issuer.example:8443/assertions/1.json"
		c := newCase("28-scope-default-port", familyScop, "No policy; the Assertion is on https://issuer.example:8443, the Profile on https://issuer.example (port 443).")
		add(w.hosted(c, w.issuer(), w.badgeClass(), w.hostedAssertion(u), u).invalid("VERIFY-11").
			because("VERIFY-11", qVerify11, "An origin is scheme, host and port: :8443 is another origin."))
	}
	{
		u := "http://issuer.example/assertions/1.json"
		c := newCase("29-scope-default-scheme", familyScop, "No policy; the Assertion is at http://issuer.example/..., the Profile at https://issuer.example/...")
		add(w.hosted(c, w.issuer(), w.badgeClass(), w.hostedAssertion(u), u).valid("VERIFY-11").
			because("VERIFY-11", qVerify11, "An origin is scheme, host and port, so http://issuer.example is not strictly the issuer's origin; but the reference validator compares host names only and its own scenario 04 (an http Assertion under an https issuer) is valid, so obcert admits the same host under the other scheme with a VERIFY-11 WARNING rather than refuse it. See the README."))
	}
	{
		c := newCase("30-scope-default-badgeclass-foreign", familyScop, "No policy; the Assertion is on the issuer's origin but its BadgeClass is on https://cdn.other.example.")
		bc := w.badgeClass()
		bc["id"] = "https://cdn.other.example/badges/1.json"
		a := w.hostedAssertion(assertionID)
		a["badge"] = bc["id"]
		add(w.hosted(c, w.issuer(), bc, a, assertionID).invalid("VERIFY-11").
			because("VERIFY-11", qVerify11, "The default rule covers the BadgeClass too."))
	}
	{
		u := "https://issuer.example:8443/assertions/1.json"
		c := newCase("31-scope-allowedorigins-port", familyScop, "allowedOrigins [issuer.example]; the Assertion is on https://issuer.example:8443: allowedOrigins lists host names, so the port does not matter.")
		iss := w.issuer()
		iss["verification"] = doc{"type": "VerificationObject", "allowedOrigins": []any{"issuer.example"}}
		add(w.hosted(c, iss, w.badgeClass(), w.hostedAssertion(u), u).valid().
			because("VERIFY-11", qOrigins, "The id's host is issuer.example, which is listed (allowedOrigins are host names, OBJ-29)."))
	}

	{
		u := "https://evil.example/assertions/1.json"
		c := newCase("32-scope-declared-id-foreign", familyScop, "The input URL is on the issuer's origin, but the document there declares its id on https://evil.example, which serves the same document.")
		a := w.hostedAssertion(u)
		w.hosted(c, w.issuer(), w.badgeClass(), a, assertionID)
		c.serve(u, "assertion.json", a)
		add(c.invalid("VERIFY-11").because("VERIFY-11", qVerify11, "The Assertion's id, not the URL it was first reached at, must be in scope; its id is on evil.example."))
	}
	{
		u := "https://cdn.issuer.example/awards/1.json"
		c := newCase("33-scope-startswith-multiple", familyScop, "allowedOrigins [issuer.example, cdn.issuer.example]; startsWith lists two prefixes; the Assertion matches the second: valid.")
		iss := w.issuer()
		iss["verification"] = doc{"type": "VerificationObject", "allowedOrigins": []any{"issuer.example", "cdn.issuer.example"},
			"startsWith": []any{"https://issuer.example/assertions/", "https://cdn.issuer.example/awards/"}}
		add(w.hosted(c, iss, w.badgeClass(), w.hostedAssertion(u), u).valid().
			because("VERIFY-11", qStarts, "startsWith is multiple (OBJ-29) and the id begins with one of the prefixes, on an allowed origin."))
	}
	{
		u := "https://cdn.issuer.example/awards/1.json"
		c := newCase("35-scope-startswith-other-host", familyScop, "No allowedOrigins; startsWith names https://cdn.issuer.example/awards/, another host than the issuer's; the Assertion is there.")
		iss := w.issuer()
		iss["verification"] = doc{"type": "VerificationObject", "startsWith": []any{"https://cdn.issuer.example/awards/"}}
		add(w.hosted(c, iss, w.badgeClass(), w.hostedAssertion(u), u).invalid("VERIFY-11").
			because("ISSUER-11", qIssuer11Default, "Without allowedOrigins the allowed origin is the issuer Profile id's; startsWith narrows the scope within it and never widens it to another host."))
	}
	{
		u := "https://issuer.example@evil.example/assertions/1.json"
		c := newCase("34-scope-userinfo-host", familyScop, "No policy; the Assertion id is https://issuer.example@evil.example/..., whose host is evil.example (issuer.example is userinfo).")
		add(w.hosted(c, w.issuer(), w.badgeClass(), w.hostedAssertion(u), u).invalid("VERIFY-11").
			because("VERIFY-11", qVerify11, "The origin of the id is https://evil.example."))
	}

	// ---- delivery ----
	urnAssertion := func() doc {
		a := w.hostedAssertion("urn:uuid:6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b")
		bc := w.badgeClass()
		delete(bc, "@context")
		bc["id"] = "urn:uuid:7a2b3c4d-5e6f-4a0b-9c1d-2e3f4a5b6c7d"
		iss := w.issuer()
		delete(iss, "@context")
		iss["id"] = "urn:uuid:8b3c4d5e-6f7a-4b1c-8d2e-3f4a5b6c7d8e"
		bc["issuer"] = iss
		a["badge"] = bc
		return a
	}
	{
		c := newCase("40-baked-png-hosted-urn-ids", familyDel, "A baked PNG whose Assertion JSON says HostedBadge, but the Assertion, its embedded BadgeClass and embedded issuer all have urn:uuid ids: nothing is hosted anywhere.")
		c.serveRaw(badgeImage, "badge.png", pngBytes(), 0, "")
		c.input = c.file("badge-baked.png", bakedPNG(string(compactJSON(urnAssertion()))))
		add(c.invalid("VERIFY-11").because("VERIFY-11", qVerify11, "A urn:uuid id has no origin, so it cannot lie inside any issuer's hosted scope (ISSUER-11); and there is no URI to fetch the authoritative copy from (VERIFY-10)."))
	}
	{
		c := newCase("41-baked-png-hosted-control", familyDel, "A baked PNG holding the JSON of a properly hosted Assertion; the hosted copy is the same: valid.")
		a := w.hostedAssertion(assertionID)
		w.hosted(c, w.issuer(), w.badgeClass(), a, assertionID)
		c.input = c.file("badge-baked.png", bakedPNG(string(compactJSON(a))))
		add(c.valid().because("BAKE-03", qBake03, "The baked JSON names the hosted Assertion, which verifies."))
	}
	{
		c := newCase("42-baked-png-url-control", familyDel, "A baked PNG whose iTXt holds only the hosted Assertion's URL: valid.")
		w.hosted(c, w.issuer(), w.badgeClass(), w.hostedAssertion(assertionID), assertionID)
		c.input = c.file("badge-baked.png", bakedPNG(assertionID))
		add(c.valid().because("VERIFY-10", qVerify10, "The URL is fetched and the hosted Assertion verifies."))
	}
	{
		c := newCase("43-json-input-hosted-matches", familyDel, "The Assertion's JSON text given as input; its https id serves the same document: valid.")
		a := w.hostedAssertion(assertionID)
		w.hosted(c, w.issuer(), w.badgeClass(), a, assertionID)
		c.input = c.file("input.json", marshal(a))
		c.recipient = recipient
		add(c.valid().because("VERIFY-10", qVerify10, "The fetched copy verifies and matches."))
	}
	{
		c := newCase("44-json-input-hosted-differs", familyDel, "The input JSON names mallory@attacker.example as recipient; the document hosted at its id names the real recipient. Verified against mallory as expected recipient.")
		a := w.hostedAssertion(assertionID)
		w.hosted(c, w.issuer(), w.badgeClass(), a, assertionID)
		in := w.hostedAssertion(assertionID)
		in["recipient"] = w.recipientObj("mallory@attacker.example")
		c.input = c.file("input.json", marshal(in))
		c.recipient = "mallory@attacker.example"
		add(c.invalid("VERIFY-04").because("VERIFY-10", qVerify10, "Only the fetched data counts, and it was not awarded to mallory (VERIFY-04)."))
	}
	{
		c := newCase("45-baked-svg-hosted-control", familyDel, "A baked SVG with the hosted Assertion's JSON in CDATA and its URL in verify: valid.")
		a := w.hostedAssertion(assertionID)
		w.hosted(c, w.issuer(), w.badgeClass(), a, assertionID)
		c.input = c.file("badge-baked.svg", bakedSVG(bake.SVGAssertion{Verify: assertionID, Body: string(compactJSON(a))}))
		add(c.valid().because("BAKE-16", qBake16, "The body is the JSON Assertion; it is hosted and verifies."))
	}
	{
		c := newCase("46-baked-svg-signed-control", familyDel, "A baked SVG with a self-closing element whose verify attribute is a valid RS256 JWS: valid.")
		w.serveIssuerKey(c)
		w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), hdr("RS256"), ks.issuerRSA)
		jws := strings.TrimSpace(string(c.files["assertion.jws"]))
		c.input = c.file("badge-baked.svg", bakedSVG(bake.SVGAssertion{Verify: jws}))
		add(c.valid().because("BAKE-16", qBake16, "With no body the verify attribute is the signature, which verifies."))
	}
	{
		c := newCase("47-baked-svg-hosted-urn-ids", familyDel, "A baked SVG (CDATA) of an Assertion that says HostedBadge with urn:uuid ids for the Assertion, BadgeClass and issuer.")
		c.serveRaw(badgeImage, "badge.png", pngBytes(), 0, "")
		c.input = c.file("badge-baked.svg", bakedSVG(bake.SVGAssertion{Body: string(compactJSON(urnAssertion()))}))
		add(c.invalid("VERIFY-11").because("VERIFY-11", qVerify11, "As 40: a urn:uuid id is in no hosted scope."))
	}
	{
		c := newCase("48-baked-png-signed-tampered", familyDel, "A baked PNG holding a JWS whose payload segment was swapped after signing.")
		w.serveIssuerKey(c)
		w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), hdr("RS256"), ks.issuerRSA)
		parts := strings.Split(strings.TrimSpace(string(c.files["assertion.jws"])), ".")
		forged := w.signedAssertion(keyID)
		forged["issuedOn"] = "2023-01-15T10:00:00Z"
		delete(c.files, "assertion.jws")
		c.file("assertion_payload.json", marshal(forged))
		c.input = c.file("badge-baked.png", bakedPNG(parts[0]+"."+b64url(compactJSON(forged))+"."+parts[2]))
		add(c.invalid("VERIFY-19").because("VERIFY-19", qVerify19, "The signature does not cover the baked payload."))
	}
	{
		c := newCase("49-baked-png-signed-control", familyDel, "A baked PNG holding a valid RS256 JWS: valid.")
		w.serveIssuerKey(c)
		w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), hdr("RS256"), ks.issuerRSA)
		jws := strings.TrimSpace(string(c.files["assertion.jws"]))
		c.input = c.file("badge-baked.png", bakedPNG(jws))
		add(c.valid().because("BAKE-03", qBake03, "The iTXt text is a compact JWS that verifies."))
	}

	{
		c := newCase("50-hosted-json-says-signed", familyDel, "A URL serving Assertion JSON that declares SignedBadge (creator: the issuer's listed key), with no JWS anywhere.")
		w.serveIssuerKey(c)
		a := w.signedAssertion(keyID)
		a["id"] = assertionID
		add(w.hosted(c, w.signedIssuer(), w.badgeClass(), a, assertionID).invalid("VERIFY-19").
			because("VERIFY-19", qVerify19, "A SignedBadge is verified from its JWS; without one there is no signature to verify, so verification fails."))
	}
	{
		c := newCase("51-json-input-hosted-expired", familyDel, "The input JSON has no expires; the copy hosted at its id expired on 2025-01-01 (now is 2025-06-01).")
		a := w.hostedAssertion(assertionID)
		a["expires"] = "2025-01-01T00:00:00Z"
		w.hosted(c, w.issuer(), w.badgeClass(), a, assertionID)
		c.input = c.file("input.json", marshal(w.hostedAssertion(assertionID)))
		add(c.invalid("VERIFY-06").because("VERIFY-10", qVerify10, "The fetched copy is the one judged, and it has expired (VERIFY-06)."))
	}
	{
		c := newCase("52-baked-png-duplicate-chunk", familyDel, "A PNG with two openbadges iTXt chunks (both naming the hosted Assertion, which is valid).")
		w.hosted(c, w.issuer(), w.badgeClass(), w.hostedAssertion(assertionID), assertionID)
		c.input = c.file("badge-baked.png", pngDuplicateChunk(assertionID))
		add(c.invalid("BAKE-06").because("BAKE-06", qBake06, "(MUST NOT) The baked image breaks the baking specification, even if its payload verifies."))
	}
	{
		c := newCase("53-baked-png-compressed-chunk", familyDel, "A PNG whose openbadges iTXt chunk is compressed (naming the hosted Assertion, which is valid).")
		w.hosted(c, w.issuer(), w.badgeClass(), w.hostedAssertion(assertionID), assertionID)
		c.input = c.file("badge-baked.png", pngCompressedChunk(assertionID))
		add(c.invalid("BAKE-04").because("BAKE-04", qBake04, "(MUST NOT) The chunk must not be compressed."))
	}
	{
		c := newCase("54-jws-payload-not-json", familyDel, "A compact JWS, RS256-signed by the issuer's listed key, whose payload is not JSON.")
		w.serveIssuerKey(c)
		c.serve(issuerID, "issuer.json", w.signedIssuer())
		c.input = c.file("assertion.jws", []byte(sign(hdr("RS256"), []byte("recipient=recipient@learner.example; badge=1"), ks.issuerRSA)+"\n"))
		add(c.invalid("VERIFY-15").because("VERIFY-15", qVerify15, "The payload does not parse as JSON."))
	}

	// ---- revocation ----
	withRevList := func() doc { d := w.signedIssuer(); d["revocationList"] = revListID; return d }
	revList := func(entries ...any) doc {
		return doc{"@context": ctxV2, "type": "RevocationList", "id": revListID, "issuer": issuerID, "revokedAssertions": entries}
	}
	{
		c := newCase("60-revlist-urn-uppercase", familyRev, "The signed Assertion's id is a lowercase urn:uuid; the RevocationList lists the same UUID in uppercase.")
		w.serveIssuerKey(c)
		c.serve(revListID, "revocations.json", revList(doc{"id": "urn:uuid:" + strings.ToUpper(strings.TrimPrefix(signedID, "urn:uuid:")), "revocationReason": "Issued in error"}))
		add(w.signed(c, withRevList(), w.signedAssertion(keyID), hdr("RS256"), ks.issuerRSA).revoked("VERIFY-20").
			because("VERIFY-20", qVerify20, "A UUID's hex digits are case-insensitive on input (RFC 4122 §3), as is the urn scheme and NID (RFC 8141): the listed id is the badge id."))
	}
	{
		c := newCase("61-two-revocation-lists", familyRev, "The issuer Profile names two revocationList URLs; the second one lists the badge.")
		w.serveIssuerKey(c)
		iss := w.signedIssuer()
		iss["revocationList"] = []any{revListID, "https://issuer.example/revocations-2.json"}
		c.serve(revListID, "revocations.json", revList())
		second := revList(signedID)
		second["id"] = "https://issuer.example/revocations-2.json"
		c.serve("https://issuer.example/revocations-2.json", "revocations-2.json", second)
		add(w.signed(c, iss, w.signedAssertion(keyID), hdr("RS256"), ks.issuerRSA).invalid("OBJ-06").
			because("OBJ-06", qObj06, "revocationList is not marked multiple (OBJ-23: \"revocationList (HTTP URI of a RevocationList)\"), so two values are an error, not a reason to check neither."))
	}
	{
		c := newCase("62-hosted-410", familyRev, "The hosted Assertion URL answers 410 Gone with {id, revoked: true, revocationReason}.")
		w.hosted(c, w.issuer(), w.badgeClass(), nil, assertionID)
		c.serveRaw(assertionID, "gone.json", marshal(doc{"@context": ctxV2, "id": assertionID, "revoked": true, "revocationReason": "Withdrawn"}), 410, "application/ld+json")
		add(c.revoked("VERIFY-07").because("VERIFY-12", qVerify12, "410 Gone means revoked (ISSUER-17), and a revoked Assertion fails VERIFY-07."))
	}
	{
		c := newCase("63-hosted-200-revoked-true", familyRev, "The hosted Assertion URL answers 200 with {@context, id, revoked: true, revocationReason} only.")
		w.hosted(c, w.issuer(), w.badgeClass(), doc{"@context": ctxV2, "id": assertionID, "revoked": true, "revocationReason": "Withdrawn"}, assertionID)
		add(c.revoked("VERIFY-07").because("VERIFY-12", qVerify12, "A body with revoked: true means revoked; OBJ-15: only id and revoked are required then."))
	}
	{
		c := newCase("64-hosted-410-no-body", familyRev, "The hosted Assertion URL answers 410 Gone with an empty body.")
		w.hosted(c, w.issuer(), w.badgeClass(), nil, assertionID)
		c.serveRaw(assertionID, "", nil, 410, "application/ld+json")
		add(c.revoked("VERIFY-07").because("ISSUER-17", qIssuer17, "The body is optional; the 410 alone revokes."))
	}
	{
		c := newCase("65-hosted-200-revoked-no-id", familyRev, "The hosted Assertion URL answers 200 with {@context, revoked: true} and no id.")
		w.hosted(c, w.issuer(), w.badgeClass(), doc{"@context": ctxV2, "revoked": true}, assertionID)
		add(c.revoked("VERIFY-07").because("VERIFY-12", qVerify12, "The body says revoked: true. (Its missing id is a data error of its own under OBJ-15, but the verdict is the same.)"))
	}
	{
		c := newCase("66-revlist-not-listed-control", familyRev, "Signed badge; the issuer's RevocationList lists other Assertions only: valid.")
		w.serveIssuerKey(c)
		c.serve(revListID, "revocations.json", revList("urn:uuid:00000000-0000-4000-8000-000000000001", doc{"id": "urn:uuid:00000000-0000-4000-8000-000000000002", "revocationReason": "x"}))
		add(w.signed(c, withRevList(), w.signedAssertion(keyID), hdr("RS256"), ks.issuerRSA).valid().
			because("VERIFY-20", qVerify20, "The badge id is not in revokedAssertions."))
	}
	{
		c := newCase("67-revlist-object-entry", familyRev, "Signed badge listed in the RevocationList as an object {id, revocationReason}.")
		w.serveIssuerKey(c)
		c.serve(revListID, "revocations.json", revList(doc{"id": signedID, "revocationReason": "Academic misconduct"}))
		add(w.signed(c, withRevList(), w.signedAssertion(keyID), hdr("RS256"), ks.issuerRSA).revoked("VERIFY-20").
			because("VERIFY-20", qVerify20, "Entries may be objects; this one names the badge."))
	}
	{
		c := newCase("68-revlist-unreachable", familyRev, "Signed badge whose issuer names a RevocationList that answers 404.")
		w.serveIssuerKey(c)
		c.serveRaw(revListID, "notfound.json", []byte("{\"error\":\"not found\"}\n"), 404, "application/json")
		add(w.signed(c, withRevList(), w.signedAssertion(keyID), hdr("RS256"), ks.issuerRSA).invalid("VERIFY-01").
			because("VERIFY-01", qVerify01, "The RevocationList is a relevant optional object and must be reachable; unchecked revocation is not a pass."))
	}

	{
		c := newCase("69-hosted-410-body-not-revoked", familyRev, "The hosted Assertion URL answers 410 Gone, but its body is the full Assertion with revoked: false.")
		w.hosted(c, w.issuer(), w.badgeClass(), nil, assertionID)
		a := w.hostedAssertion(assertionID)
		a["revoked"] = false
		c.serveRaw(assertionID, "gone.json", marshal(a), 410, "application/ld+json")
		add(c.revoked("VERIFY-07").because("VERIFY-12", qVerify12, "The 410 status revokes; a body saying otherwise does not undo it (ISSUER-17: the body is optional)."))
	}

	// ---- algorithms ----
	{
		c := newCase("70-rs512-listed-rsa", familyAlg, "RS512 JWS from the issuer's listed RSA key.")
		w.serveIssuerKey(c)
		add(w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), hdr("RS512"), ks.issuerRSA).valid("ISSUER-13").
			because("ISSUER-13", qIssuer13, "RS256 is recommended (SHOULD), not required: another RSA algorithm verified with the listed key is valid, with a warning."))
	}
	{
		c := newCase("71-ps256-listed-rsa", familyAlg, "PS256 JWS from the issuer's listed RSA key.")
		w.serveIssuerKey(c)
		add(w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), hdr("PS256"), ks.issuerRSA).valid("ISSUER-13").
			because("ISSUER-13", qIssuer13, "As 70, with RSASSA-PSS."))
	}
	{
		c := newCase("72-es256-listed-ec", familyAlg, "ES256 JWS from the issuer's listed P-256 key.")
		iss := w.issuer()
		iss["publicKey"] = ecKeyID
		c.serve(ecKeyID, "key-ec1.json", w.key(ecKeyID, issuerID, publicPEM(ks.issuerEC)))
		add(w.signed(c, iss, w.signedAssertion(ecKeyID), hdr("ES256"), ks.issuerEC).valid("ISSUER-13").
			because("ISSUER-13", qIssuer13, "As 70, with ECDSA P-256 and a listed EC key."))
	}
	{
		c := newCase("73-es256-listed-rsa", familyAlg, "Header ES256 (signed by an attacker P-256 key); the issuer lists and the creator names only its RSA key.")
		w.serveIssuerKey(c)
		add(w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), hdr("ES256"), ks.attackerEC).invalid("VERIFY-19").
			because("VERIFY-19", qVerify19, "An ECDSA signature cannot verify with the trusted RSA key."))
	}
	{
		c := newCase("74-rs256-listed-ec", familyAlg, "Header RS256 (signed by an attacker RSA key); the issuer lists and the creator names only its P-256 key.")
		iss := w.issuer()
		iss["publicKey"] = ecKeyID
		c.serve(ecKeyID, "key-ec1.json", w.key(ecKeyID, issuerID, publicPEM(ks.issuerEC)))
		add(w.signed(c, iss, w.signedAssertion(ecKeyID), hdr("RS256"), ks.attackerRSA).invalid("VERIFY-19").
			because("VERIFY-19", qVerify19, "An RSA signature cannot verify with the trusted EC key."))
	}
	{
		c := newCase("75-algorithms-rs256-narrows-rs512", familyAlg, "--algorithms RS256 and an RS512 JWS from the listed key: the operator's allow-list excludes it.")
		w.serveIssuerKey(c)
		c.algorithms = "RS256"
		c.needs = []string{"algorithms"}
		add(w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), hdr("RS512"), ks.issuerRSA).invalid("VERIFY-19").
			because("VERIFY-19", qVerify19, "A signature in an algorithm the verifier does not accept cannot verify."))
	}
	{
		c := newCase("76-algorithms-es256-allowed", familyAlg, "--algorithms RS256,ES256 and an ES256 JWS from the listed EC key: valid, with the ISSUER-13 warning.")
		iss := w.issuer()
		iss["publicKey"] = ecKeyID
		c.serve(ecKeyID, "key-ec1.json", w.key(ecKeyID, issuerID, publicPEM(ks.issuerEC)))
		c.algorithms = "RS256,ES256"
		c.needs = []string{"algorithms"}
		add(w.signed(c, iss, w.signedAssertion(ecKeyID), hdr("ES256"), ks.issuerEC).valid("ISSUER-13").
			because("ISSUER-13", qIssuer13, "Allowed and verified; not the recommended RS256."))
	}
	{
		c := newCase("77-algorithms-es256-narrows-rs256", familyAlg, "--algorithms ES256 and an RS256 JWS from the listed RSA key.")
		w.serveIssuerKey(c)
		c.algorithms = "ES256"
		c.needs = []string{"algorithms"}
		add(w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), hdr("RS256"), ks.issuerRSA).invalid("VERIFY-19").
			because("VERIFY-19", qVerify19, "The allow-list excludes RS256."))
	}

	{
		c := newCase("78-es256-der-signature", familyAlg, "ES256 header, signature by the issuer's listed P-256 key but ASN.1 DER-encoded instead of the JWS R||S form.")
		iss := w.issuer()
		iss["publicKey"] = ecKeyID
		c.serve(ecKeyID, "key-ec1.json", w.key(ecKeyID, issuerID, publicPEM(ks.issuerEC)))
		add(w.signed(c, iss, w.signedAssertion(ecKeyID), hdr("ES256-DER"), ks.issuerEC).invalid("VERIFY-19").
			because("VERIFY-19", qVerify19, "A JWS ES256 signature is the 64-byte R||S (RFC 7518 §3.4); a DER blob is not a valid JWS signature."))
	}

	// ---- images ----
	{
		c := newCase("80-badgeclass-datauri-png-is-jpeg", familyImg, "BadgeClass image data:image/png;base64,... whose bytes are a JPEG.")
		bc := w.badgeClass()
		bc["image"] = dataURI("image/png", jpegBytes())
		add(w.hosted(c, w.issuer(), bc, w.hostedAssertion(assertionID), assertionID).invalid("OBJ-12").
			because("OBJ-12", qObj12, "The image is a JPEG whatever its label says."))
	}
	{
		c := newCase("81-assertion-image-datauri-png", familyImg, "Assertion image is a PNG data URI (the BadgeClass image is a hosted PNG).")
		a := w.hostedAssertion(assertionID)
		a["image"] = dataURI("image/png", pngBytes())
		add(w.hosted(c, w.issuer(), w.badgeClass(), a, assertionID).valid().
			because("OBJ-31", qObj31, "An image may be a data URI, and this one is a PNG (OBJ-12). VAL's ban on data-URI Assertion images (OBJ-18) is observed code, not spec."))
	}
	{
		c := newCase("82-badgeclass-datauri-svg", familyImg, "BadgeClass image is an SVG data URI: valid.")
		bc := w.badgeClass()
		bc["image"] = dataURI("image/svg+xml", []byte(svgText))
		add(w.hosted(c, w.issuer(), bc, w.hostedAssertion(assertionID), assertionID).valid().
			because("OBJ-12", qObj12, "SVG is allowed."))
	}
	{
		c := newCase("83-badgeclass-url-jpeg", familyImg, "BadgeClass image URL serves a JPEG as image/jpeg.")
		w.hosted(c, w.issuer(), w.badgeClass(), w.hostedAssertion(assertionID), assertionID)
		delete(c.files, "badge.png")
		c.serveRaw(badgeImage, "badge.jpg", jpegBytes(), 0, "image/jpeg")
		add(c.invalid("OBJ-12").because("OBJ-12", qObj12, "JPEG is not PNG or SVG."))
	}
	{
		c := newCase("84-assertion-image-url-jpeg", familyImg, "Assertion image URL serves a JPEG as image/jpeg.")
		a := w.hostedAssertion(assertionID)
		a["image"] = "https://issuer.example/assertions/1.jpg"
		w.hosted(c, w.issuer(), w.badgeClass(), a, assertionID)
		c.serveRaw("https://issuer.example/assertions/1.jpg", "assertion-image.jpg", jpegBytes(), 0, "image/jpeg")
		add(c.invalid("OBJ-12").because("OBJ-12", qObj12, "Every image, the Assertion's included, is PNG or SVG."))
	}
	{
		c := newCase("85-badgeclass-datauri-jpeg-declared", familyImg, "BadgeClass image data:image/jpeg;base64,...")
		bc := w.badgeClass()
		bc["image"] = dataURI("image/jpeg", jpegBytes())
		add(w.hosted(c, w.issuer(), bc, w.hostedAssertion(assertionID), assertionID).invalid("OBJ-12").
			because("OBJ-12", qObj12, "A JPEG data URI."))
	}
	{
		c := newCase("86-badgeclass-url-svg-control", familyImg, "BadgeClass image URL serves an SVG as image/svg+xml: valid.")
		bc := w.badgeClass()
		bc["image"] = "https://issuer.example/badges/1.svg"
		w.hosted(c, w.issuer(), bc, w.hostedAssertion(assertionID), assertionID)
		delete(c.files, "badge.png")
		delete(c.mocks, badgeImage)
		c.serveRaw("https://issuer.example/badges/1.svg", "badge.svg", []byte(svgText), 0, "")
		add(c.valid().because("OBJ-12", qObj12, "SVG is allowed."))
	}
	{
		c := newCase("87-badgeclass-image-object-jpeg", familyImg, "BadgeClass image is an Image object whose id is a data:image/png URI holding JPEG bytes.")
		bc := w.badgeClass()
		bc["image"] = doc{"id": dataURI("image/png", jpegBytes()), "caption": "A JPEG in disguise"}
		add(w.hosted(c, w.issuer(), bc, w.hostedAssertion(assertionID), assertionID).invalid("OBJ-12").
			because("OBJ-12", qObj12, "As 80, inside an Image object."))
	}

	{
		c := newCase("88-profile-image-datauri-jpeg", familyImg, "The issuer Profile's image is a data:image/jpeg URI.")
		iss := w.issuer()
		iss["image"] = dataURI("image/jpeg", jpegBytes())
		add(w.hosted(c, iss, w.badgeClass(), w.hostedAssertion(assertionID), assertionID).invalid("OBJ-12").
			because("OBJ-12", qObj12, "The Profile's image is named in the rule."))
	}
	{
		c := newCase("89-badgeclass-url-html", familyImg, "The BadgeClass image URL serves an HTML page as text/html.")
		w.hosted(c, w.issuer(), w.badgeClass(), w.hostedAssertion(assertionID), assertionID)
		delete(c.files, "badge.png")
		c.serveRaw(badgeImage, "badge.html", []byte("<!doctype html><title>badge</title><img src=\"badge.png\">\n"), 0, "text/html")
		add(c.invalid("OBJ-12").because("OBJ-12", qObj12, "An HTML page is not a PNG or SVG image."))
	}

	// ---- unreadable objects ----
	statusCase := func(name, what, url string, status int, reqs ...string) {
		c := newCase(name, familyRead, what)
		w.hosted(c, w.issuer(), w.badgeClass(), w.hostedAssertion(assertionID), assertionID)
		if m, ok := c.mocks[url]; ok {
			delete(c.files, m.File)
		}
		c.serveRaw(url, "error-body.json", []byte("{\"error\":\"denied\"}\n"), status, "application/json")
		add(c.invalid(reqs...).because("VERIFY-01", qVerify01, "The object ends in HTTP "+itoa(status)+", not 200 OK (ISSUER-07: \""+qIssuer07+"\")."))
	}
	statusCase("90-badgeclass-401", "The BadgeClass URL answers 401 Unauthorized.", badgeID, 401, "VERIFY-01")
	statusCase("91-badgeclass-403", "The BadgeClass URL answers 403 Forbidden.", badgeID, 403, "VERIFY-01")
	statusCase("92-badgeclass-404", "The BadgeClass URL answers 404 Not Found.", badgeID, 404, "VERIFY-01")
	statusCase("93-issuer-401", "The issuer Profile URL answers 401 Unauthorized.", issuerID, 401, "VERIFY-01")
	statusCase("94-assertion-401", "The hosted Assertion URL answers 401 Unauthorized.", assertionID, 401, "VERIFY-01")
	{
		c := newCase("95-key-404", familyRead, "Signed badge whose listed key URL answers 404.")
		c.serveRaw(keyID, "notfound.json", []byte("{\"error\":\"not found\"}\n"), 404, "application/json")
		add(w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), hdr("RS256"), ks.issuerRSA).invalid("VERIFY-18").
			because("VERIFY-18", qVerify18, "The only trusted key cannot be fetched."))
	}
	{
		c := newCase("96-issuer-401-signed", familyRead, "Signed badge whose issuer Profile answers 401: no valid Profile, so no trusted key.")
		w.serveIssuerKey(c)
		w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), hdr("RS256"), ks.issuerRSA)
		delete(c.files, "issuer.json")
		c.serveRaw(issuerID, "error-body.json", []byte("{\"error\":\"denied\"}\n"), 401, "application/json")
		add(c.invalid("VERIFY-01").because("VERIFY-17", qVerify17, "Keys come only from the valid issuer Profile, which cannot be read (VERIFY-01)."))
	}
	{
		c := newCase("97-badgeclass-500-signed", familyRead, "Signed badge whose BadgeClass answers 500.")
		w.serveIssuerKey(c)
		w.signed(c, w.signedIssuer(), w.signedAssertion(keyID), hdr("RS256"), ks.issuerRSA)
		delete(c.files, "badgeclass.json")
		c.serveRaw(badgeID, "error-body.json", []byte("{\"error\":\"boom\"}\n"), 500, "application/json")
		add(c.invalid("VERIFY-01").because("VERIFY-01", qVerify01, "The BadgeClass is a required Badge Object and does not end in 200 OK."))
	}
	{
		c := newCase("98-badgeclass-image-404", familyRead, "The BadgeClass image URL answers 404.")
		w.hosted(c, w.issuer(), w.badgeClass(), w.hostedAssertion(assertionID), assertionID)
		delete(c.files, "badge.png")
		c.serveRaw(badgeImage, "notfound.json", []byte("{\"error\":\"not found\"}\n"), 404, "application/json")
		add(c.invalid("OBJ-12").because("OBJ-12", qObj12, "The BadgeClass's required image cannot be read, so it is not shown to be PNG or SVG (VAL: \"fails when a BadgeClass image URL returns 4xx or 5xx\")."))
	}
	{
		c := newCase("99-assertion-404", familyRead, "The hosted Assertion URL answers 404 with a JSON body that is the Assertion itself.")
		a := w.hostedAssertion(assertionID)
		w.hosted(c, w.issuer(), w.badgeClass(), nil, assertionID)
		c.serveRaw(assertionID, "assertion.json", marshal(a), 404, "application/ld+json")
		add(c.invalid("VERIFY-01").because("VERIFY-01", qVerify01, "A 404 is not 200 OK, whatever the body says (VAL ignores the status, observed in code)."))
	}
	return cs
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}
