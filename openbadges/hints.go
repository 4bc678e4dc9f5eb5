package openbadges

// typeRequirement is the catalogue requirement behind each data type, where there is one.
var typeRequirement = map[string]string{
	"DATETIME":        "OBJ-08",
	"IRI":             "OBJ-09",
	"URL":             "OBJ-09",
	"DATA_URI_OR_URL": "OBJ-09",
	"ID":              "OBJ-09",
	"IDENTITY_HASH":   "OBJ-10",
	"LANGUAGE":        "OBJ-11",
	"EMAIL":           "OBJ-22",
	"TELEPHONE":       "OBJ-22",
}

// typeRequirements names the requirements a malformed value breaks, beyond its class's.
// OBJ-27: "Profile identifier properties (email, url, telephone) have string values."
// OBJ-36: the common optional fields of the primary objects.
func typeRequirements(c Class, prop, typ string) []string {
	var out []string
	if r, ok := typeRequirement[typ]; ok {
		out = append(out, r)
	}
	if (c == ClassProfile || c == ClassExpectedRecipientProfile) && (prop == "email" || prop == "url" || prop == "telephone") {
		out = append(out, "OBJ-27")
	}
	switch prop {
	case "@language", "version", "related":
		out = append(out, "OBJ-36")
	case "endorsement":
		out = append(out, "OBJ-36", "ENDORSE-05")
	}
	return out
}

var typeHints = map[string]string{
	"TEXT":            "Use a JSON string.",
	"MARKDOWN_TEXT":   "Use a JSON string (Markdown is allowed).",
	"TEXT_OR_NUMBER":  "Use a JSON string or number.",
	"BOOLEAN":         "Use JSON true or false, not a string.",
	"DATETIME":        "Use an ISO 8601 date and time with a time zone, such as 2016-12-31T23:59:59Z.",
	"IRI":             "Use an absolute http(s) URL, a urn:uuid: identifier or a _: blank node id.",
	"URL":             "Use an absolute http:// or https:// URL.",
	"DATA_URI_OR_URL": "Use an absolute http(s) URL or a data: URI.",
	"EMAIL":           "Use an email address such as contact@example.org.",
	"TELEPHONE":       "Use E.164 form, such as +16175551212.",
	"LANGUAGE":        "Use a BCP 47 language tag such as en or en-US.",
	"URL_AUTHORITY":   "Use a bare host name such as example.org: no scheme, port or path.",
	"COMPACT_IRI":     "Use id or another term of the OB v2 context.",
	"IDENTITY_HASH":   "Use a string: md5$ or sha256$ plus hex digits when hashed, the plain identifier otherwise.",
	"RDF_TYPE":        "Use class names of the OB v2 context or absolute IRIs.",
	"ID":              "Use an IRI string (http(s), urn:uuid:) or an embedded object.",
}

func typeHint(typ string) string {
	if h, ok := typeHints[typ]; ok {
		return h
	}
	return "Use a value of the type the OB 2.0 class defines for this property."
}
