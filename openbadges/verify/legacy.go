package verify

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/obcert/obcert/openbadges"
	"github.com/obcert/obcert/openbadges/jsonld"
)

// upgrade brings a 0.5, 1.0 or 1.1 document to an OB 2.0 node, as the reference validator does
// (HOST-17): 0.5 → 1.0 shape; 1.0 → ids and types; then 1.1 → compacted, timestamps and terms
// renamed, and compacted again into the v2 context.
func (s *session) upgrade(doc map[string]any, version, source string, expected openbadges.Class) (map[string]any, error) {
	switch version {
	case "0.5":
		doc = upgrade05(doc, source)
		fallthrough
	case "1.0":
		doc = upgrade10(doc, source, expected)
	case "1.1":
	default:
		return nil, fmt.Errorf("unknown Open Badges version %q", version)
	}
	v1, _, err := s.ld.Compact(s.ctx, doc, jsonld.V1)
	if err != nil {
		return nil, err
	}
	upgrade11(v1)
	v1["@context"] = jsonld.V2
	out, _, err := s.ld.Compact(s.ctx, v1, jsonld.V2)
	return out, err
}

// upgrade05 turns a 0.5 assertion (string recipient, embedded badge and issuer) into the 1.0 shape.
func upgrade05(doc map[string]any, source string) map[string]any {
	out := copyMap(doc)
	if r, ok := doc["recipient"].(string); ok {
		out["recipient"] = map[string]any{
			"type": "email", "identity": r, "hashed": !strings.Contains(r, "@"), "salt": doc["salt"],
		}
		delete(out, "salt")
	}
	if v, ok := doc["issued_on"]; ok {
		out["issuedOn"] = v
		delete(out, "issued_on")
	}
	if b, ok := doc["badge"].(map[string]any); ok {
		badge := copyMap(b)
		if iss, ok := b["issuer"].(map[string]any); ok {
			badge["issuer"] = upgradeIssuer05(iss)
		}
		out["badge"] = badge
	}
	if _, ok := out["verify"]; !ok && source != "" {
		out["verify"] = map[string]any{"type": "hosted", "url": source}
	}
	return out
}

func upgradeIssuer05(iss map[string]any) map[string]any {
	out := copyMap(iss)
	if v, ok := iss["origin"]; ok {
		out["url"] = v
		delete(out, "origin")
	}
	if v, ok := iss["contact"]; ok {
		out["email"] = v
		delete(out, "contact")
	}
	if org, ok := iss["org"].(string); ok && org != "" {
		out["name"] = fmt.Sprintf("%v: %s", iss["name"], org)
		delete(out, "org")
	}
	out["type"] = "Issuer"
	return out
}

// upgrade10 gives a 1.0 document the v1 context, an id and a type.
func upgrade10(doc map[string]any, source string, expected openbadges.Class) map[string]any {
	out := copyMap(doc)
	out["@context"] = jsonld.V1
	class := expected
	if class == "" {
		switch {
		case doc["recipient"] != nil:
			class = openbadges.ClassAssertion
		case doc["criteria"] != nil:
			class = openbadges.ClassBadgeClass
		default:
			class = openbadges.ClassProfile
		}
	}
	switch class {
	case openbadges.ClassAssertion:
		out["type"] = "Assertion"
		if v, ok := doc["verify"].(map[string]any); ok && str(v["url"]) != "" && str(v["type"]) == "hosted" {
			out["id"] = v["url"]
		}
	case openbadges.ClassBadgeClass:
		out["type"] = "BadgeClass"
	default:
		out["type"] = "Issuer"
	}
	if _, ok := out["id"]; !ok && source != "" {
		out["id"] = source
	}
	return out
}

// upgrade11 fixes timestamps and renamed terms of a node compacted in the v1 context.
func upgrade11(n map[string]any) {
	for _, p := range []string{"issuedOn", "expires"} {
		if v, ok := n[p]; ok {
			if t, ok := legacyTime(v); ok {
				n[p] = t
			}
		}
	}
	if v, ok := n["verify"]; ok {
		n["verification"] = v
		delete(n, "verify")
	}
	if t, ok := n["type"].(string); ok && t == "IssuerOrg" {
		n["type"] = "Issuer"
	}
	for _, a := range values(n["alignment"]) {
		if m, ok := a.(map[string]any); ok {
			rename(m, "url", "targetUrl")
			rename(m, "name", "targetName")
			rename(m, "description", "targetDescription")
		}
	}
	for _, k := range []string{"badge", "issuer"} {
		if m, ok := n[k].(map[string]any); ok {
			upgrade11(m)
		}
	}
}

func rename(m map[string]any, from, to string) {
	if v, ok := m[from]; ok {
		if _, exists := m[to]; !exists {
			m[to] = v
		}
		delete(m, from)
	}
}

// legacyTime converts 1.x timestamps: epoch seconds (number or string), ISO without timezone, or a
// date alone, to an ISO 8601 UTC DateTime.
func legacyTime(v any) (string, bool) {
	switch t := v.(type) {
	case float64:
		return epoch(t), true
	case string:
		if f, err := strconv.ParseFloat(t, 64); err == nil {
			return epoch(f), true
		}
		if _, ok := parseDateTime(t); ok {
			return t, true
		}
		for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
			if tm, err := time.Parse(layout, t); err == nil {
				return tm.UTC().Format(time.RFC3339), true
			}
		}
	}
	return "", false
}

func epoch(f float64) string {
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC().Format(time.RFC3339)
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
