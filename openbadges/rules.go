package openbadges

import (
	"fmt"
	"regexp"
	"strings"

	obcert "github.com/obcert/obcert"
)

// The rules below are those a JSON Schema cannot say: dependencies between properties, and
// checks that read a value rather than its form.

func (w *walker) classRules(a at) {
	switch a.class {
	case ClassAssertion:
		w.deprecatedUID(a)
		// OBJ-31: Image id is "the URI or Data URI of the image", so an Assertion image may be a
		// PNG or SVG data URI too (the reference validator refuses one, OBJ-18).
		w.imageRule(a)
	case ClassBadgeClass:
		w.imageRule(a)
	case ClassProfile:
		w.issuerID(a)
		w.imageRule(a)
	case ClassIdentityObject:
		w.identityDependencies(a)
	case ClassCriteria:
		w.criteriaDependencies(a)
	case ClassRevocationList:
		w.revocationEntries(a)
	case ClassImage:
		w.imageMediaType(a, "id", a.node["id"])
	}
}

func (w *walker) finding(a at, check string, sev obcert.Severity, prop, hint, format string, args ...any) obcert.Finding {
	return obcert.Finding{Check: check, Severity: sev, Node: w.rootID, Property: a.prop(prop),
		Message: fmt.Sprintf(format, args...), Hint: hint}
}

// OBJ-16: "uid is deprecated and should not appear in v2.0+ Assertions."
func (w *walker) deprecatedUID(a at) {
	if _, ok := a.node["uid"]; !ok || w.opts.Legacy != "" {
		return
	}
	f := w.finding(a, checkProperty, obcert.Warning, "uid", "Drop uid: the Assertion id identifies it.",
		"Deprecated property uid present in %s", w.describe(a))
	f.Requirements = []string{"OBJ-16"}
	w.add(f)
}

// OBJ-21: "The issuer Profile id is HTTP(S)." The reference validator reports it as a WARNING.
func (w *walker) issuerID(a at) {
	id, ok := a.node["id"].(string)
	if !ok || httpIDRE.MatchString(id) {
		return
	}
	f := w.finding(a, checkIssuer, obcert.Warning, "id", "Host the issuer Profile at an http(s) URL and use that URL as its id.",
		"Issuer Profile %s not hosted with HTTP-based identifier. Many platforms can only handle HTTP(s)-hosted issuers.", id)
	f.Requirements = []string{"OBJ-21"}
	w.add(f)
}

var httpIDRE = regexp.MustCompile(`^https?://`)

// legacyEmail downgrades a missing issuer email on an upgraded node: OB 0.5, 1.0 and 1.1 issuers
// had no email requirement.
// OBJ-20: "Issuer Profile requires id, type (Issuer or Profile), name, url (IRI), and email."
func (w *walker) legacyEmail(a at, prop string, f *obcert.Finding) {
	if a.class != ClassProfile || prop != "email" || w.opts.Legacy == "" {
		return
	}
	f.Severity = obcert.Warning
	f.Requirements = append(f.Requirements, "HOST-17")
	f.Message += fmt.Sprintf(" (upgraded from Open Badges %s, which did not require it)", w.opts.Legacy)
}

// OBJ-26: "if hashed is true, identity must match md5$/sha256$ plus hex. If hashed is false, it
// must not look like a hash. An unhashed email identity must look like an email."
func (w *walker) identityDependencies(a at) {
	identity, isString := a.node["identity"].(string)
	hashed, isBool := a.node["hashed"].(bool)
	if !isString || !isBool {
		return // the shape findings already say what is wrong
	}
	report := func(hint, format string, args ...any) {
		f := w.finding(a, checkIdentity, obcert.Error, "identity", hint, format, args...)
		f.Requirements = []string{"OBJ-26", "OBJ-10", "OBJ-25"}
		w.add(f)
	}
	switch {
	case hashed && !IsIdentityHash(identity):
		report("Give the hash as md5$ or sha256$ followed by the hex digest of identity+salt.",
			"Identity %s must match known hash style if hashed is true", abbreviate(identity))
	case !hashed && IsIdentityHash(identity):
		report("Set hashed to true, or give the plain identifier.",
			"Identity %s must not be hashed if hashed is false", abbreviate(identity))
	case !hashed && hasType(a.node, "email") && !unhashedEmailRE.MatchString(identity):
		report("Give the recipient's email address, or hash it and set hashed to true.",
			"Email type identity %s must match email format.", abbreviate(identity))
	}
}

var unhashedEmailRE = regexp.MustCompile(`^[^@]+@[^@]+$`)

func hasType(node map[string]any, name string) bool {
	for _, t := range values(node["type"]) {
		if t == name {
			return true
		}
	}
	return false
}

// OBJ-32: "VAL requires an embedded Criteria without an id to have a narrative." An embedded
// Criteria with no id, or a blank-node id, says nothing without its narrative.
func (w *walker) criteriaDependencies(a at) {
	id, _ := a.node["id"].(string)
	narrative, _ := a.node["narrative"].(string)
	if (id != "" && !blankNodeRE.MatchString(id)) || strings.TrimSpace(narrative) != "" {
		return
	}
	f := w.finding(a, checkCriteria, obcert.Error, "narrative",
		"Give the criteria a narrative, or point to a criteria page by its URL.",
		"Criteria node %s has no narrative. Either external id or narrative is required.", w.describe(a))
	f.Requirements = []string{"OBJ-32", "OBJ-02"}
	w.add(f)
}

var blankNodeRE = regexp.MustCompile(`^_:`)

// OBJ-34: "RevocationList requires type RevocationList and revokedAssertions (multiple). Each
// entry is an id string, or an object with id (IRI) or legacy uid (Text)."
func (w *walker) revocationEntries(a at) {
	raw, ok := a.node["revokedAssertions"]
	report := func(hint, format string, args ...any) {
		f := w.finding(a, checkRevocationList, obcert.Error, "revokedAssertions", hint, format, args...)
		f.Requirements = []string{"OBJ-34", "OBJ-02"}
		w.add(f)
	}
	if !ok || raw == nil {
		report("Add revokedAssertions, an empty list if nothing is revoked.",
			"RevocationList %s missing required property revokedAssertions.", orNoID(w.rootID))
		return
	}
	for _, e := range values(raw) {
		if msg := revocationEntryProblem(e); msg != "" {
			report("List each revoked Assertion by its IRI, or as an object with an IRI id (or a legacy uid).",
				"RevocationList %s has entry %s", orNoID(w.rootID), msg)
		}
	}
}

func revocationEntryProblem(e any) string {
	switch t := e.(type) {
	case string:
		if !IsIRI(t) {
			return fmt.Sprintf("with id %s not in IRI format", abbreviate(t))
		}
	case map[string]any:
		if id, ok := t["id"]; ok {
			if s, isString := id.(string); !isString || !IsIRI(s) {
				return fmt.Sprintf("with id %s not in IRI format", abbreviate(id))
			}
		} else if _, isString := t["uid"].(string); !isString {
			return fmt.Sprintf("with uid '%s' not in text format.", abbreviate(t["uid"]))
		}
	default:
		return fmt.Sprintf("with id %s not in IRI format", abbreviate(e))
	}
	return ""
}

// imageRule checks the image property of an Assertion, BadgeClass or Profile. Embedded Image
// objects check their own id (ClassImage). The verifier checks the bytes (openbadges/verify).
func (w *walker) imageRule(a at) {
	if src, ok := a.node["image"].(string); ok {
		w.imageMediaType(a, "image", src)
	}
}

// OBJ-12: "Every image (Assertion, BadgeClass, Profile) is PNG or SVG."
func (w *walker) imageMediaType(a at, prop string, v any) {
	src, ok := v.(string)
	if !ok || !IsDataURI(src) || isAllowedImageDataURI(src) {
		return
	}
	media, _ := DataURIMediaType(src)
	f := w.finding(a, checkImage, obcert.Error, prop, "Serve the image as PNG (image/png) or SVG (image/svg+xml).",
		"Data URI image does not declare any of the allowed PNG or SVG mime types in %s (it declares %s)", w.describe(a), media)
	f.Requirements = []string{"OBJ-12", classRequirement[a.class]}
	w.add(f)
}
