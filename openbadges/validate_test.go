package openbadges

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	obcert "github.com/obcert/obcert"
)

func assertion() map[string]any {
	return map[string]any{
		"@context": "https://w3id.org/openbadges/v2",
		"id":       "https://example.org/beths-robotics-badge.json",
		"type":     "Assertion",
		"recipient": map[string]any{"type": "email", "hashed": true, "salt": "deadsea",
			"identity": "sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942"},
		"image":        "https://example.org/beths-robot-badge.png",
		"evidence":     "https://example.org/beths-robot-work.html",
		"issuedOn":     "2016-12-31T23:59:59Z",
		"badge":        "https://example.org/robotics-badge.json",
		"verification": map[string]any{"type": "hosted"},
	}
}

func badgeClass() map[string]any {
	return map[string]any{
		"id": "https://example.org/robotics-badge.json", "type": "BadgeClass",
		"name": "Awesome Robotics Badge", "description": "For doing awesome things with robots.",
		"image": "https://example.org/robotics-badge.png", "criteria": "https://example.org/robotics-badge.html",
		"issuer": "https://example.org/organization.json", "tags": []any{"robots", "awesome"},
		"alignment": []any{map[string]any{"targetName": "Problem-Solving", "targetUrl": "https://learning.example.org/ps"}},
	}
}

func profile() map[string]any {
	return map[string]any{
		"id": "https://example.org/organization.json", "type": "Issuer", "name": "An Example Badge Issuer",
		"url": "https://example.org", "email": "contact@example.org",
	}
}

func endorsement() map[string]any {
	return map[string]any{
		"id": "https://example.org/endorsement-124.json", "type": "Endorsement",
		"issuer": "https://example.org/issuer-5.json", "issuedOn": "2016-12-31T23:59:59+00:00",
		"claim":        map[string]any{"id": "https://example.org/robotics-badge.json", "endorsementComment": "Great."},
		"verification": map[string]any{"type": "hosted"},
	}
}

func key() map[string]any {
	return map[string]any{"id": "https://example.org/publicKey.json", "type": "CryptographicKey",
		"owner": "https://example.org/organization.json", "publicKeyPem": "-----BEGIN PUBLIC KEY-----\n..."}
}

func revocationList() map[string]any {
	return map[string]any{"id": "https://example.org/revocationList.json", "type": "RevocationList",
		"revokedAssertions": []any{"urn:uuid:3c574c87-b96f-4f06-8eb5-68a29335b60e",
			map[string]any{"uid": "abc123", "revocationReason": "Issued in error."}}}
}

// want is one finding a case expects: its check, severity, property and some of its requirements.
type want struct {
	check    string
	severity obcert.Severity
	property string
	reqs     []string
}

func e(check, property string, reqs ...string) want { return want{check, obcert.Error, property, reqs} }
func w(check, property string, reqs ...string) want {
	return want{check, obcert.Warning, property, reqs}
}

const (
	vp  = checkProperty
	rdf = checkRDFType
)

type ruleCase struct {
	name  string
	class Class
	base  func() map[string]any
	edit  func(map[string]any)
	opts  Options
	want  []want
}

func set(k string, v any) func(map[string]any) { return func(n map[string]any) { n[k] = v } }
func del(k string) func(map[string]any)        { return func(n map[string]any) { delete(n, k) } }
func sub(k, sk string, v any) func(map[string]any) {
	return func(n map[string]any) {
		m := n[k].(map[string]any)
		if v == nil {
			delete(m, sk)
		} else {
			m[sk] = v
		}
	}
}

var dataPNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

var ruleCases = []ruleCase{
	{"valid assertion", ClassAssertion, assertion, nil, Options{}, nil},
	{"OBJ-13 issuedOn missing", ClassAssertion, assertion, del("issuedOn"), Options{}, []want{e(vp, "issuedOn", "OBJ-13", "OBJ-02")}},
	{"OBJ-08 date only", ClassAssertion, assertion, set("issuedOn", "2016-12-31"), Options{}, []want{e(vp, "issuedOn", "OBJ-13", "OBJ-08", "OBJ-02")}},
	{"OBJ-08 unix time", ClassAssertion, assertion, set("expires", 1500423730.0), Options{}, []want{e(vp, "expires", "OBJ-08")}},
	{"OBJ-09 ftp id", ClassAssertion, assertion, set("id", "ftp://example.org/a"), Options{}, []want{e(vp, "id", "OBJ-09")}},
	{"OBJ-13 wrong type", ClassAssertion, assertion, set("type", "BadgeClass"), Options{}, []want{e(rdf, "type", "OBJ-13")}},
	{"OBJ-13 unknown type entry", ClassAssertion, assertion, set("type", []any{"Assertion", "NotAKnownClass"}), Options{}, []want{e(rdf, "type", "OBJ-13")}},
	{"type list with extension IRI", ClassAssertion, assertion, set("type", []any{"Assertion", "extensions:Thing"}), Options{}, nil},
	{"OBJ-06 two badges", ClassAssertion, assertion, set("badge", []any{"https://a.example/1", "https://a.example/2"}), Options{}, []want{e(vp, "badge", "OBJ-06", "OBJ-13")}},
	{"one-element list is one value", ClassAssertion, assertion, set("badge", []any{"https://a.example/1"}), Options{}, nil},
	{"embedded badge is followed by the caller", ClassAssertion, assertion, set("badge", map[string]any{"id": "https://a.example/1"}), Options{}, nil},
	{"OBJ-09 badge not an IRI", ClassAssertion, assertion, set("badge", "robotics-badge.json"), Options{}, []want{e(vp, "badge", "OBJ-09")}},
	{"OBJ-26 hashed but plain", ClassAssertion, assertion, sub("recipient", "identity", "nobody@example.org"), Options{}, []want{e(checkIdentity, "recipient.identity", "OBJ-26", "OBJ-10")}},
	{"OBJ-26 plain but hashed", ClassAssertion, assertion, sub("recipient", "hashed", false), Options{}, []want{e(checkIdentity, "recipient.identity", "OBJ-26")}},
	{"OBJ-26 email form", ClassAssertion, assertion, func(n map[string]any) {
		n["recipient"] = map[string]any{"type": "email", "hashed": false, "identity": "nobody"}
	}, Options{}, []want{e(checkIdentity, "recipient.identity", "OBJ-26")}},
	{"OBJ-25 hashed missing", ClassAssertion, assertion, sub("recipient", "hashed", nil), Options{}, []want{e(vp, "recipient.hashed", "OBJ-25")}},
	{"OBJ-25 recipient type", ClassAssertion, assertion, sub("recipient", "type", "phone"), Options{}, []want{e(rdf, "recipient.type", "OBJ-25")}},
	{"OBJ-13 recipient as string", ClassAssertion, assertion, set("recipient", "nobody@example.org"), Options{}, []want{e(vp, "recipient", "OBJ-13")}},
	{"OBJ-28 verification type", ClassAssertion, assertion, sub("verification", "type", "Foo"), Options{}, []want{e(rdf, "verification.type", "OBJ-28")}},
	{"OBJ-28 signed with creator", ClassAssertion, assertion, set("verification", map[string]any{"type": "SignedBadge", "creator": "https://example.org/key"}), Options{}, nil},
	{"OBJ-28 creator not an IRI", ClassAssertion, assertion, set("verification", map[string]any{"type": "signed", "creator": 5.0}), Options{}, []want{e(vp, "verification.creator", "OBJ-28", "OBJ-09")}},
	{"OBJ-13 verification missing", ClassAssertion, assertion, del("verification"), Options{}, []want{e(vp, "verification", "OBJ-13")}},
	{"OBJ-15 revoked needs only id", ClassAssertion, func() map[string]any {
		return map[string]any{"id": "https://example.org/a.json", "revoked": true, "revocationReason": "x"}
	}, nil, Options{}, nil},
	{"OBJ-15 revoked without id", ClassAssertion, func() map[string]any { return map[string]any{"revoked": true} }, nil, Options{}, []want{e(vp, "id", "OBJ-15")}},
	{"OBJ-13 revoked false needs all", ClassAssertion, func() map[string]any {
		return map[string]any{"id": "https://example.org/a.json", "revoked": false}
	}, nil, Options{}, []want{e(vp, "badge"), e(vp, "issuedOn"), e(vp, "recipient"), e(rdf, "type"), e(vp, "verification")}},
	{"OBJ-16 uid", ClassAssertion, assertion, set("uid", "abc"), Options{}, []want{w(vp, "uid", "OBJ-16")}},
	{"OBJ-16 uid on an upgraded node", ClassAssertion, assertion, set("uid", "abc"), Options{Legacy: "1.0"}, nil},
	{"OBJ-31 data URI image (VAL refuses it, OBJ-18)", ClassAssertion, assertion, set("image", dataPNG), Options{}, nil},
	{"OBJ-31 data URI image object", ClassAssertion, assertion, set("image", map[string]any{"id": dataPNG}), Options{}, nil},
	{"OBJ-12 Assertion data URI jpeg", ClassAssertion, assertion, set("image", "data:image/jpeg;base64,/9j/4AA="), Options{}, []want{e(checkImage, "image", "OBJ-12")}},
	{"OBJ-31 image object without id", ClassAssertion, assertion, set("image", map[string]any{"caption": "x"}), Options{}, []want{e(vp, "image.id", "OBJ-31")}},
	{"OBJ-30 evidence id", ClassAssertion, assertion, set("evidence", []any{"https://e.example/1", map[string]any{"id": 3.0}}), Options{}, []want{e(vp, "evidence[1].id", "OBJ-30", "OBJ-09")}},
	{"OBJ-30 evidence narrative", ClassAssertion, assertion, set("evidence", map[string]any{"narrative": 3.0}), Options{}, []want{e(vp, "evidence.narrative", "OBJ-30")}},
	{"Markdown must be text", ClassAssertion, assertion, set("narrative", 123.0), Options{}, []want{e(vp, "narrative", "OBJ-13")}},
	{"OBJ-11 language", ClassAssertion, assertion, set("@language", "en_US"), Options{}, []want{e(vp, "@language", "OBJ-11", "OBJ-36")}},
	{"ENDORSE-05 endorsement form", ClassAssertion, assertion, set("endorsement", []any{5.0}), Options{}, []want{e(vp, "endorsement", "OBJ-09", "ENDORSE-05")}},
	{"null counts as absent", ClassAssertion, assertion, set("expires", nil), Options{}, nil},
	{"OBJ-02 required but empty", ClassAssertion, assertion, set("issuedOn", []any{}), Options{}, []want{e(vp, "issuedOn", "OBJ-02")}},

	{"valid badge class", ClassBadgeClass, badgeClass, nil, Options{}, nil},
	{"OBJ-19 image missing", ClassBadgeClass, badgeClass, del("image"), Options{}, []want{e(vp, "image", "OBJ-19")}},
	{"OBJ-12 jpeg data URI", ClassBadgeClass, badgeClass, set("image", "data:image/jpeg;base64,/9j/4AA="), Options{}, []want{e(checkImage, "image", "OBJ-12")}},
	{"OBJ-12 png data URI", ClassBadgeClass, badgeClass, set("image", dataPNG), Options{}, nil},
	{"OBJ-12 image object gif", ClassBadgeClass, badgeClass, set("image", map[string]any{"id": "data:image/gif;base64,R0lGODdh"}), Options{}, []want{e(checkImage, "image.id", "OBJ-12", "OBJ-31")}},
	{"OBJ-32 criteria without narrative", ClassBadgeClass, badgeClass, set("criteria", map[string]any{}), Options{}, []want{e(checkCriteria, "criteria.narrative", "OBJ-32")}},
	{"OBJ-32 blank criteria id", ClassBadgeClass, badgeClass, set("criteria", map[string]any{"id": "_:b0"}), Options{}, []want{e(checkCriteria, "criteria.narrative", "OBJ-32")}},
	{"OBJ-32 narrative criteria", ClassBadgeClass, badgeClass, set("criteria", map[string]any{"narrative": "Build a robot."}), Options{}, nil},
	{"OBJ-33 alignment targetUrl", ClassBadgeClass, badgeClass, set("alignment", []any{map[string]any{"targetName": "x"}}), Options{}, []want{e(vp, "alignment[0].targetUrl", "OBJ-33")}},
	{"OBJ-33 alignment as URL", ClassBadgeClass, badgeClass, set("alignment", "https://example.org/a"), Options{}, []want{e(vp, "alignment", "OBJ-19")}},
	{"OBJ-19 tag not text", ClassBadgeClass, badgeClass, set("tags", []any{"a", 1.0}), Options{}, []want{e(vp, "tags", "OBJ-19")}},
	{"OBJ-06 two issuers", ClassBadgeClass, badgeClass, set("issuer", []any{"https://a.example/1", "https://a.example/2"}), Options{}, []want{e(vp, "issuer", "OBJ-06")}},

	{"valid profile", ClassProfile, profile, nil, Options{}, nil},
	{"OBJ-20 email missing", ClassProfile, profile, del("email"), Options{}, []want{e(vp, "email", "OBJ-20")}},
	{"HOST-17 email missing on a 1.0 issuer", ClassProfile, profile, del("email"), Options{Legacy: "1.0"}, []want{w(vp, "email", "OBJ-20", "HOST-17")}},
	{"OBJ-22 email form", ClassProfile, profile, set("email", "steveman [at] gee mail dot com"), Options{}, []want{e(vp, "email", "OBJ-22")}},
	{"OBJ-22 telephone form", ClassProfile, profile, set("telephone", "1-800-666-DEVIL"), Options{}, []want{e(vp, "telephone", "OBJ-22")}},
	{"OBJ-09 ftp url", ClassProfile, profile, set("url", "ftp://example.org"), Options{}, []want{e(vp, "url", "OBJ-09", "OBJ-27")}},
	{"OBJ-21 urn issuer", ClassProfile, profile, set("id", "urn:uuid:9d278beb-36cf-4bc8-888d-674ff9843d72"), Options{}, []want{w(checkIssuer, "id", "OBJ-21")}},
	{"OBJ-20 type", ClassProfile, profile, set("type", "Organization"), Options{}, []want{e(rdf, "type", "OBJ-20")}},
	{"OBJ-29 allowedOrigins", ClassProfile, profile, set("verification", map[string]any{"allowedOrigins": []any{"example.org", "http://x.example"}}), Options{}, []want{e(vp, "verification.allowedOrigins", "OBJ-29")}},
	{"OBJ-29 verificationProperty", ClassProfile, profile, set("verification", map[string]any{"verificationProperty": "sloths"}), Options{}, []want{e(vp, "verification.verificationProperty", "OBJ-29")}},
	{"OBJ-29 startsWith list", ClassProfile, profile, set("verification", map[string]any{"startsWith": []any{"https://example.org/a/", "https://example.org/b/"}}), Options{}, nil},
	{"OBJ-23 several keys", ClassProfile, profile, set("publicKey", []any{"https://example.org/k1", "https://example.org/k2"}), Options{}, nil},
	{"OBJ-12 profile image", ClassProfile, profile, set("image", "data:image/jpeg;base64,/9j/4AA="), Options{}, []want{e(checkImage, "image", "OBJ-12")}},

	{"valid key", ClassCryptographicKey, key, nil, Options{}, nil},
	{"OBJ-35 key type", ClassCryptographicKey, key, set("type", "Key"), Options{}, []want{e(rdf, "type", "OBJ-35")}},
	{"OBJ-35 owner", ClassCryptographicKey, key, set("owner", "mailto:owner@example.org"), Options{}, []want{e(vp, "owner", "OBJ-35", "OBJ-09")}},

	{"valid revocation list", ClassRevocationList, revocationList, nil, Options{}, nil},
	{"OBJ-34 empty list", ClassRevocationList, revocationList, set("revokedAssertions", []any{}), Options{}, nil},
	{"OBJ-34 entries missing", ClassRevocationList, revocationList, del("revokedAssertions"), Options{}, []want{e(checkRevocationList, "revokedAssertions", "OBJ-34")}},
	{"OBJ-34 bad entries", ClassRevocationList, revocationList, set("revokedAssertions", []any{"not an iri", 5.0, map[string]any{"uid": 5.0}, map[string]any{"id": "x"}}), Options{},
		[]want{e(checkRevocationList, "revokedAssertions", "OBJ-34"), e(checkRevocationList, "revokedAssertions"), e(checkRevocationList, "revokedAssertions"), e(checkRevocationList, "revokedAssertions")}},
	{"OBJ-34 type", ClassRevocationList, revocationList, del("type"), Options{}, []want{e(rdf, "type", "OBJ-34")}},

	{"valid endorsement", ClassEndorsement, endorsement, nil, Options{}, nil},
	{"ENDORSE-01 claim missing", ClassEndorsement, endorsement, del("claim"), Options{}, []want{e(vp, "claim", "ENDORSE-01")}},
	{"ENDORSE-02 claim id", ClassEndorsement, endorsement, sub("claim", "id", nil), Options{}, []want{e(vp, "claim.id", "ENDORSE-02")}},
	{"ENDORSE-02 comment", ClassEndorsement, endorsement, sub("claim", "endorsementComment", 5.0), Options{}, []want{e(vp, "claim.endorsementComment", "ENDORSE-02")}},
	{"ENDORSE-01 issuedOn", ClassEndorsement, endorsement, set("issuedOn", "yesterday"), Options{}, []want{e(vp, "issuedOn", "ENDORSE-01", "OBJ-08")}},
	{"ENDORSE-04 revoked needs issuer", ClassEndorsement, func() map[string]any {
		return map[string]any{"id": "https://example.org/e.json", "type": "Endorsement", "revoked": true}
	}, nil, Options{}, []want{e(vp, "issuer", "ENDORSE-01", "ENDORSE-04")}},

	{"OBJ-22 recipient profile email", ClassExpectedRecipientProfile, func() map[string]any {
		return map[string]any{"email": []any{"nobody@example.org", "nobody at example"}}
	}, nil, Options{}, []want{e(vp, "email", "OBJ-20", "OBJ-22")}},
}

func TestRules(t *testing.T) {
	for _, c := range ruleCases {
		t.Run(c.name, func(t *testing.T) {
			node := c.base()
			if c.edit != nil {
				c.edit(node)
			}
			got := ValidateNode(c.class, node, c.opts)
			if msg := matchFindings(got, c.want); msg != "" {
				t.Error(msg + "\n" + render(got))
			}
			for _, f := range got {
				if f.Message == "" || f.Hint == "" || len(f.Requirements) == 0 {
					t.Errorf("finding lacks a message, hint or requirement: %+v", f)
				}
				if bad := obcert.UnknownRequirements(f.Requirements...); len(bad) > 0 {
					t.Errorf("unknown requirements %v in %+v", bad, f)
				}
			}
		})
	}
}

// matchFindings pairs each wanted finding with a distinct finding; every finding must be wanted.
func matchFindings(got []obcert.Finding, wants []want) string {
	used := make([]bool, len(got))
	for _, wt := range wants {
		found := false
		for i, f := range got {
			if !used[i] && f.Check == wt.check && f.Severity == wt.severity && f.Property == wt.property && hasAll(f.Requirements, wt.reqs) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			return fmt.Sprintf("missing finding %s %s on %s with %v", wt.severity, wt.check, wt.property, wt.reqs)
		}
	}
	for i, f := range got {
		if !used[i] {
			return fmt.Sprintf("unexpected finding %s %s on %s: %s", f.Severity, f.Check, f.Property, f.Message)
		}
	}
	return ""
}

func hasAll(have, want []string) bool {
	for _, r := range want {
		if !slices.Contains(have, r) {
			return false
		}
	}
	return true
}

func render(fs []obcert.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s %s %s %v: %s | %s\n", f.Severity, f.Check, f.Property, f.Requirements, f.Message, f.Hint)
	}
	return b.String()
}

// TestCardinalityThroughSchemas runs the reference validator's many/required matrix through the
// class schemas: BadgeClass.tags (optional, many), Assertion.narrative (optional, single) and
// Profile.name (required, single).
func TestCardinalityThroughSchemas(t *testing.T) {
	vals := []any{[]any{"one", "two", "three"}, "one", 1.0, []any{"one", 2.0, "three"}, []any{}, nil, []any{nil}, []any{nil, nil}, []any{nil, "one", nil}}
	cases := []struct {
		class Class
		base  func() map[string]any
		prop  string
		pass  []bool
	}{
		{ClassBadgeClass, badgeClass, "tags", []bool{true, true, false, false, true, true, true, true, false}},
		{ClassAssertion, assertion, "narrative", []bool{false, true, false, false, true, true, true, true, false}},
		{ClassProfile, profile, "name", []bool{false, true, false, false, false, false, false, false, false}},
	}
	for _, c := range cases {
		for i, v := range vals {
			node := c.base()
			node[c.prop] = v
			got := errorCount(ValidateNode(c.class, node, Options{})) == 0
			if got != c.pass[i] {
				t.Errorf("%s.%s = %#v: pass %v, want %v", c.class, c.prop, v, got, c.pass[i])
			}
		}
	}
}

// TestFindingsAreDeterministic validates a node with many faults repeatedly.
func TestFindingsAreDeterministic(t *testing.T) {
	bad := map[string]any{"id": 5.0, "type": []any{"X", "Y"}, "recipient": map[string]any{}, "badge": []any{1.0, 2.0},
		"verification": "hosted", "issuedOn": "now", "evidence": []any{map[string]any{"id": 1.0, "name": 2.0}}, "uid": 1.0}
	first := ValidateNode(ClassAssertion, bad, Options{})
	for range 20 {
		if again := ValidateNode(ClassAssertion, bad, Options{}); !reflect.DeepEqual(first, again) {
			t.Fatalf("findings differ between runs:\n%s---\n%s", render(first), render(again))
		}
	}
}

// TestHostileInput feeds odd values to every class: findings, never a panic.
func TestHostileInput(t *testing.T) {
	deep := map[string]any{}
	for cur, i := deep, 0; i < 200; i++ {
		next := map[string]any{}
		cur["recipient"], cur = next, next
	}
	nodes := []map[string]any{nil, {}, deep, {"id": []any{[]any{[]any{}}}, "type": map[string]any{"x": 1.0}},
		{"image": []any{map[string]any{"id": []any{1.0}}}, "criteria": []any{nil, map[string]any{"id": nil}}},
		{"revokedAssertions": "urn:uuid:bad", "recipient": []any{map[string]any{"identity": 1.0, "hashed": "yes"}}}}
	for _, c := range Classes {
		for _, n := range nodes {
			_ = ValidateNode(c, n, Options{Legacy: "0.5"})
		}
	}
	got := ValidateNode(ClassCriteria, map[string]any{"narrative": make(chan int)}, Options{})
	if len(got) != 1 || !slices.Contains(got[0].Requirements, "OBJ-01") {
		t.Errorf("a value that is not JSON: %v", got)
	}
	if got := ValidateNode(Class("Nope"), map[string]any{}, Options{}); len(got) != 1 {
		t.Errorf("unknown class: %d findings, want 1", len(got))
	}
}

func TestClassOf(t *testing.T) {
	for typ, want := range map[any]Class{"Assertion": ClassAssertion, "Issuer": ClassProfile, "Profile": ClassProfile,
		"RevocationList": ClassRevocationList, "CryptographicKey": ClassCryptographicKey, "Endorsement": ClassEndorsement} {
		if got, ok := ClassOf(map[string]any{"type": typ}); !ok || got != want {
			t.Errorf("ClassOf(%v) = %v, %v", typ, got, ok)
		}
	}
	if got, ok := ClassOf(map[string]any{"type": []any{"Extension", "BadgeClass"}}); !ok || got != ClassBadgeClass {
		t.Errorf("ClassOf(list) = %v, %v", got, ok)
	}
	for _, typ := range []any{nil, "Image", []any{}, 5.0} {
		if _, ok := ClassOf(map[string]any{"type": typ}); ok {
			t.Errorf("ClassOf(%v) found a class", typ)
		}
	}
}

// TestSchemas checks that every class schema compiles and annotates each property.
func TestSchemas(t *testing.T) {
	shapes, err := loadShapes()
	if err != nil {
		t.Fatal(err)
	}
	for c, s := range shapes {
		if _, ok := classRequirement[c]; !ok {
			t.Errorf("%s has no class requirement", c)
		}
		for name, p := range s.props {
			if p.Type == "" {
				t.Errorf("%s.%s has no x-ob-type", c, name)
			}
			for _, linked := range []Class{p.Embedded, p.Linked} {
				if _, known := shapes[linked]; linked != "" && !known {
					t.Errorf("%s.%s names unknown class %s", c, name, linked)
				}
			}
		}
	}
	var ids []string
	for _, r := range classRequirement {
		ids = append(ids, r)
	}
	for _, r := range typeRequirement {
		ids = append(ids, r)
	}
	if bad := obcert.UnknownRequirements(ids...); len(bad) > 0 {
		t.Errorf("unknown requirements: %v", bad)
	}
}

func BenchmarkValidateAssertion(b *testing.B) {
	node := assertion()
	node["badge"] = badgeClass()
	ValidateNode(ClassAssertion, node, Options{})
	b.ReportAllocs()
	for b.Loop() {
		ValidateNode(ClassAssertion, node, Options{})
	}
}

func TestSingleValueLists(t *testing.T) {
	node := assertion()
	node["recipient"] = []any{map[string]any{"type": []any{"email"}, "hashed": []any{false}, "identity": "nobody@example.org"}}
	node["verification"] = map[string]any{"type": []any{"HostedBadge"}}
	node["type"] = []any{"Assertion"}
	if got := ValidateNode(ClassAssertion, node, Options{}); len(got) > 0 {
		t.Errorf("one-element lists count as one value:\n%s", render(got))
	}
}
