package openbadges

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	obcert "github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges/internal/jsonschema"
)

const (
	checkProperty       = "VALIDATE_PROPERTY"
	checkRDFType        = "VALIDATE_RDF_TYPE_PROPERTY"
	checkIdentity       = "IDENTITY_OBJECT_PROPERTY_DEPENDENCIES"
	checkCriteria       = "CRITERIA_PROPERTY_DEPENDENCIES"
	checkIssuer         = "ISSUER_PROPERTY_DEPENDENCIES"
	checkRevocationList = "VALIDATE_REVOCATIONLIST_ENTRIES"
	checkImage          = "IMAGE_VALIDATION"

	// maxEmbedDepth bounds the walk into embedded value objects; OB 2.0 nests them two deep.
	maxEmbedDepth = 4
)

// ValidateNode checks one compacted node of the given class and the value objects embedded in it
// (IdentityObject, VerificationObject, Criteria, AlignmentObject, Evidence, Image,
// EndorsementClaim, RevocationList entries). Linked nodes (Assertion.badge, BadgeClass.issuer,
// Profile.publicKey, Profile.revocationList, *.endorsement, Endorsement.issuer, *.related) are
// checked only for form: an IRI string or an embedded object (the caller follows them). It returns
// every finding, sorted; never an error.
//
// OBJ-02: "Every Badge Object has all required properties of its class, each with a value of the
// expected data type."
func ValidateNode(class Class, node map[string]any, o Options) []obcert.Finding {
	return (&walker{opts: o, root: class}).validate(class, node)
}

// validate is ValidateNode by w.
func (w *walker) validate(class Class, node map[string]any) []obcert.Finding {
	if id, ok := node["id"].(string); ok {
		w.rootID = id
	}
	if shapeOf(class) == nil {
		w.add(obcert.Finding{Check: checkProperty, Severity: obcert.Error, Node: w.rootID,
			Message:      fmt.Sprintf("Unknown class %q", class),
			Requirements: []string{"OBJ-02"}, Hint: "Validate the node as one of the OB 2.0 classes."})
		return w.findings
	}
	w.clean = jsonschema.IsDecoded(node)
	w.node(class, node, "", 0)
	sortFindings(w.findings)
	return w.findings
}

// walker collects the findings of one root node and the value objects embedded in it.
type walker struct {
	opts     Options
	root     Class
	rootID   string
	findings []obcert.Finding
	noMemo   bool // check every node, remembering nothing (tests compare both)
	// clean: the root node is as jsonschema.IsDecoded approves, and so is every node inside it,
	// which the schema checks then do not look at again
	clean bool
}

// at is one node being checked: its class, its data, and where it sits below the root.
type at struct {
	class Class
	node  map[string]any
	path  string // "" for the root, "recipient", "evidence[1]", ...
}

func (a at) prop(name string) string {
	if a.path == "" || name == "" {
		return a.path + name
	}
	return a.path + "." + name
}

func (w *walker) add(f obcert.Finding) { w.findings = append(w.findings, f) }

// describe names a node in messages: "Assertion node https://…" or "IdentityObject recipient in
// node https://…".
func (w *walker) describe(a at) string {
	if a.path == "" {
		return fmt.Sprintf("%s node %s", a.class, orNoID(w.rootID))
	}
	return fmt.Sprintf("%s %s in node %s", a.class, a.path, orNoID(w.rootID))
}

// nodePath names a node as the reference validator's abbreviated node path does: "https://…" or
// "https://…, recipient".
func (w *walker) nodePath(a at) string {
	if a.path == "" {
		return orNoID(w.rootID)
	}
	return orNoID(w.rootID) + ", " + a.path
}

func orNoID(id string) string {
	if id == "" {
		return "(no id)"
	}
	return id
}

func (w *walker) node(class Class, node map[string]any, path string, depth int) {
	a := at{class: class, node: node, path: path}
	shape := shapeOf(class)
	var errs []shapeError
	var err error
	if w.noMemo {
		errs, err = shape.check(withoutNulls(node))
	} else {
		errs, err = shape.remembered(withoutNulls(node), w.clean)
	}
	if err != nil {
		w.add(obcert.Finding{Check: checkProperty, Severity: obcert.Error, Node: w.rootID, Property: path,
			Message:      fmt.Sprintf("%s could not be read as JSON: %v", w.describe(a), err),
			Requirements: []string{"OBJ-01", "OBJ-02"}, Hint: "Give the node as a JSON object of JSON values."})
		return
	}
	w.shapeFindings(a, shape, errs)
	w.classRules(a)
	if depth >= maxEmbedDepth {
		return
	}
	for _, name := range shape.embedded {
		info := shape.props[name]
		list, isList := node[name].([]any)
		if !isList {
			list = []any{node[name]}
		}
		for i, v := range list {
			if obj, ok := v.(map[string]any); ok {
				w.node(info.Embedded, obj, a.prop(name)+indexSuffix(isList, i), depth+1)
			}
		}
	}
}

func indexSuffix(isList bool, i int) string {
	if !isList {
		return ""
	}
	return "[" + strconv.Itoa(i) + "]"
}

// shapeFindings turns schema violations into one finding per property, the gravest first:
// absent, then too many values, then a disallowed or malformed value.
func (w *walker) shapeFindings(a at, shape *classShape, errs []shapeError) {
	if len(errs) == 0 {
		return
	}
	worst := map[string]shapeError{}
	for _, e := range errs {
		name := e.property
		if e.kind != kindRequired && len(e.path) > 0 {
			name = e.path[0]
		}
		if prev, ok := worst[name]; !ok || graver(e, prev) {
			worst[name] = e
		}
	}
	for _, name := range sortedKeys(worst) {
		w.add(w.propertyFinding(a, name, shape.props[name], worst[name]))
	}
}

// graver orders violations of one property: by kind, then by position in the value.
func graver(a, b shapeError) bool {
	if a.kind != b.kind {
		return a.kind < b.kind
	}
	pa, pb := strings.Join(a.path, "/"), strings.Join(b.path, "/")
	if len(pa) != len(pb) {
		return len(pa) < len(pb)
	}
	return pa < pb
}

func (w *walker) propertyFinding(a at, name string, info propInfo, e shapeError) obcert.Finding {
	f := obcert.Finding{Check: checkProperty, Severity: obcert.Error, Node: w.rootID, Property: a.prop(name)}
	if name == "" && e.kind != kindRequired {
		f.Message = fmt.Sprintf("%s does not have the shape of an OB 2.0 %s", w.describe(a), a.class)
		f.Hint = "Compare the node with the class definition in the OB 2.0 specification."
		f.Requirements = w.requirements(a)
		return f
	}
	if name == "type" {
		f.Check = checkRDFType
	}
	value, present := a.node[name]
	switch e.kind {
	case kindRequired:
		f.Message, f.Hint = w.requiredMessage(a, name, value, present, info)
		f.Requirements = w.requirements(a, requiredExtra(a)...)
		w.legacyEmail(a, name, &f)
	case kindTooMany:
		f.Message = fmt.Sprintf("Property %s in %s has more than the single allowed value.", name, w.describe(a))
		f.Hint = fmt.Sprintf("Give %s one value: only properties marked as allowing multiple values may hold a list.", name)
		f.Requirements = w.requirements(a, "OBJ-06")
	case kindAllowed:
		f.Message = fmt.Sprintf("Node %s of type %s does not have type among allowed values (%s)",
			w.nodePath(a), abbreviate(value), strings.Join(info.allowed, ", "))
		f.Hint = fmt.Sprintf("Set %s to include %s.", name, strings.Join(info.allowed, " or "))
		f.Requirements = w.requirements(a)
	default:
		bad := offending(value, e.path)
		f.Message = valueMessage(info.Type, name, bad, w.describe(a))
		f.Hint = typeHint(info.Type)
		f.Requirements = w.requirements(a, typeRequirements(a.class, name, info.Type)...)
	}
	return f
}

func (w *walker) requiredMessage(a at, name string, value any, present bool, info propInfo) (string, string) {
	hint := fmt.Sprintf("Add the required property %s%s.", name, typeSuffix(info.Type))
	if present {
		return fmt.Sprintf("Required property %s value %s is not acceptable in %s",
			name, abbreviate(value), w.describe(a)), hint
	}
	return fmt.Sprintf("Required property %s not present in %s", name, w.describe(a)), hint
}

func typeSuffix(t string) string {
	if t == "" {
		return ""
	}
	return " (" + t + ")"
}

// requiredExtra names the revocation rule when a revoked node is missing id or revoked.
// OBJ-15: "If revoked is true, only id and revoked are required."
// ENDORSE-04: "If revoked is true, only revoked, issuer and id are required."
func requiredExtra(a at) []string {
	if a.node["revoked"] != true || a.path != "" {
		return nil
	}
	switch a.class {
	case ClassAssertion:
		return []string{"OBJ-15"}
	case ClassEndorsement:
		return []string{"ENDORSE-04"}
	}
	return nil
}

// offending picks the value an error points at: the list entry if the path names one.
func offending(value any, path []string) any {
	if len(path) < 2 {
		return value
	}
	list, ok := value.([]any)
	i, err := strconv.Atoi(path[1])
	if !ok || err != nil || i < 0 || i >= len(list) {
		return value
	}
	return list[i]
}

func valueMessage(typ, name string, v any, where string) string {
	if typ == "ID" {
		return fmt.Sprintf("ID-type property %s had value `%s` not embedded node or in IRI format in %s.",
			name, abbreviate(v), where)
	}
	return fmt.Sprintf("%s property %s value %s not valid in %s", typ, name, abbreviate(v), where)
}

// requirements lists the class requirement, the given ones, and OBJ-02, without repeats.
func (w *walker) requirements(a at, extra ...string) []string {
	out := []string{classRequirement[a.class]}
	for _, r := range append(extra, "OBJ-02") {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sortFindings(fs []obcert.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Node != b.Node {
			return a.Node < b.Node
		}
		if a.Property != b.Property {
			return a.Property < b.Property
		}
		if a.Check != b.Check {
			return a.Check < b.Check
		}
		return a.Message < b.Message
	})
}
