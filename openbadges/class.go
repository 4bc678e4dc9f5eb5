package openbadges

// Class is an OB 2.0 class whose shape ValidateNode checks.
type Class string

const (
	ClassAssertion                   Class = "Assertion"
	ClassBadgeClass                  Class = "BadgeClass"
	ClassProfile                     Class = "Profile" // an issuer Profile; type Issuer or Profile
	ClassExpectedRecipientProfile    Class = "ExpectedRecipientProfile"
	ClassIdentityObject              Class = "IdentityObject"
	ClassVerificationObjectAssertion Class = "VerificationObjectAssertion"
	ClassVerificationObjectIssuer    Class = "VerificationObjectIssuer"
	ClassCryptographicKey            Class = "CryptographicKey"
	ClassRevocationList              Class = "RevocationList"
	ClassEndorsement                 Class = "Endorsement"
	ClassEndorsementClaim            Class = "EndorsementClaim"
	ClassCriteria                    Class = "Criteria"
	ClassEvidence                    Class = "Evidence"
	ClassAlignmentObject             Class = "AlignmentObject"
	ClassImage                       Class = "Image"
)

// Classes lists every class ValidateNode knows.
var Classes = []Class{
	ClassAssertion, ClassBadgeClass, ClassProfile, ClassExpectedRecipientProfile, ClassIdentityObject,
	ClassVerificationObjectAssertion, ClassVerificationObjectIssuer, ClassCryptographicKey,
	ClassRevocationList, ClassEndorsement, ClassEndorsementClaim, ClassCriteria, ClassEvidence,
	ClassAlignmentObject, ClassImage,
}

// classRequirement is the catalogue requirement that defines each class's properties.
var classRequirement = map[Class]string{
	ClassAssertion:                   "OBJ-13",
	ClassBadgeClass:                  "OBJ-19",
	ClassProfile:                     "OBJ-20",
	ClassExpectedRecipientProfile:    "OBJ-20",
	ClassIdentityObject:              "OBJ-25",
	ClassVerificationObjectAssertion: "OBJ-28",
	ClassVerificationObjectIssuer:    "OBJ-29",
	ClassCryptographicKey:            "OBJ-35",
	ClassRevocationList:              "OBJ-34",
	ClassEndorsement:                 "ENDORSE-01",
	ClassEndorsementClaim:            "ENDORSE-02",
	ClassCriteria:                    "OBJ-32",
	ClassEvidence:                    "OBJ-30",
	ClassAlignmentObject:             "OBJ-33",
	ClassImage:                       "OBJ-31",
}

// rootClasses maps the `type` names a root node may declare to its class.
var rootClasses = map[string]Class{
	"Assertion":        ClassAssertion,
	"BadgeClass":       ClassBadgeClass,
	"Issuer":           ClassProfile,
	"Profile":          ClassProfile,
	"Endorsement":      ClassEndorsement,
	"CryptographicKey": ClassCryptographicKey,
	"RevocationList":   ClassRevocationList,
}

// Options adjusts ValidateNode to where a node came from.
type Options struct {
	// Legacy is the version a node was upgraded from ("1.0", "1.1", "0.5"), "" for native 2.0. An
	// upgraded 1.0/0.5 issuer had no email requirement: missing email on an upgraded node is a
	// WARNING (OBJ-20, HOST-17), not an ERROR.
	Legacy string
}

// ClassOf decides the class of a root node from its `type` (a string or a list): Assertion,
// BadgeClass, Issuer or Profile (both Profile), Endorsement, CryptographicKey or RevocationList.
// The first entry that names one of them wins; ok is false if none does.
func ClassOf(node map[string]any) (Class, bool) {
	for _, t := range values(node["type"]) {
		if s, ok := t.(string); ok {
			if c, ok := rootClasses[s]; ok {
				return c, true
			}
		}
	}
	return "", false
}

// values returns v as a list: a list as it is, nil as none, anything else as one value.
func values(v any) []any {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		return t
	case []string:
		out := make([]any, len(t))
		for i, s := range t {
			out[i] = s
		}
		return out
	}
	return []any{v}
}
