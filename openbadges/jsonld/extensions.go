package jsonld

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/obcert/obcert"
	"github.com/piprate/json-gold/ld"
)

// checkExtension is the reference validator's name for the extension check.
const checkExtension = "VALIDATE_EXTENSION_NODE"

// extensionNode is an Extension-typed object found in a compacted node tree.
type extensionNode struct {
	path  []string       // property names and array indexes from the enclosing node
	node  map[string]any // the compacted extension object
	types []string       // its types other than "Extension"
}

// extension is one extension type a node claims, with what its context links for it.
type extension struct {
	context   any // the extension context document's @context value
	validates string
	schemaURL string
	schema    any
}

// ValidateExtensions checks every Extension node in a compacted node tree (any sub-object whose
// type includes "Extension", at any depth) against the JSON Schema its extension context links
// through obi:validation / validatesType / validationSchema. nodeID names the enclosing badge
// object in the findings; loaded is what Compact returned.
//
// OBJ-37: "An Extension object has @context (the extension context URL) and a type array that
// includes Extension plus the extension's type IRI. [...] The extension context MAY link a JSON
// Schema through obi:validation / TypeValidation, and VAL runs that schema."
func (p *Processor) ValidateExtensions(ctx context.Context, nodeID string, compacted map[string]any, loaded []string) []obcert.Finding {
	if !mayHoldExtension(compacted) {
		return nil
	}
	var findings []obcert.Finding
	l := newCallLoader(ctx, p.remote, p.budget)
	for _, en := range findExtensionNodes(compacted, nil, maxDepth) {
		for _, msg := range p.validateExtensionNode(l, nodeID, en, loaded) {
			findings = append(findings, extensionFinding(nodeID, en, msg))
		}
	}
	return findings
}

func extensionFinding(nodeID string, en extensionNode, msg string) obcert.Finding {
	return obcert.Finding{
		Check:        checkExtension,
		Severity:     obcert.Error,
		Message:      msg,
		Node:         nodeID,
		Property:     strings.Join(en.path, "."),
		Requirements: []string{"OBJ-37"},
	}
}

// MayHoldExtension reports whether ValidateExtensions could find anything in the compacted node v:
// whether any object in v, at any depth and under any key, has a type that includes "Extension".
// It is a superset of what findExtensionNodes finds, without building its paths, and a pure
// function of v, which a caller may remember.
func MayHoldExtension(v any) bool { return mayHoldExtension(v) }

func mayHoldExtension(v any) bool {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if k == "type" && typeIncludes(e, "Extension") {
				return true
			}
			if mayHoldExtension(e) {
				return true
			}
		}
	case []any:
		for _, e := range t {
			if mayHoldExtension(e) {
				return true
			}
		}
	}
	return false
}

// typeIncludes reports whether a type value (one value, or a list) includes name.
func typeIncludes(v any, name string) bool {
	if l, ok := v.([]any); ok {
		for _, e := range l {
			if e == name {
				return true
			}
		}
		return false
	}
	return v == name
}

// findExtensionNodes walks v as the reference validator does: v itself, then every value but
// those of id and type, through objects and arrays.
func findExtensionNodes(v any, path []string, depth int) []extensionNode {
	if depth < 0 {
		return nil
	}
	var found []extensionNode
	switch t := v.(type) {
	case map[string]any:
		if types := stringList(t["type"]); slices.Contains(types, "Extension") {
			found = append(found, extensionNode{path: path, node: t, types: without(types, "Extension")})
		}
		for _, k := range sortedKeys(t) {
			if k != "id" && k != "type" && k != "@context" {
				found = append(found, findExtensionNodes(t[k], appendPath(path, k), depth-1)...)
			}
		}
	case []any:
		for i, e := range t {
			found = append(found, findExtensionNodes(e, appendPath(path, strconv.Itoa(i)), depth-1)...)
		}
	}
	return found
}

// validateExtensionNode returns the failure messages for one extension node.
func (p *Processor) validateExtensionNode(l *callLoader, nodeID string, en extensionNode, loaded []string) []string {
	if len(loaded) == 0 {
		return []string{"Could not determine extension type to test: no contexts defined"}
	}
	exts, failures := p.extensionsFor(l, en.types, loaded)
	if len(failures) > 0 {
		return failures
	}
	if len(exts) == 0 {
		return []string{"Could not determine extension type to test"}
	}
	where := strings.Join(append([]string{nodeID}, en.path...), ", ")
	var msgs []string
	for _, ext := range exts {
		if msg := p.validateAgainst(l, en.node, ext); msg != "" {
			msgs = append(msgs, fmt.Sprintf("Extension %s did not validate on node %s: %s", ext.validates, where, msg))
		}
	}
	return msgs
}

// extensionsFor reads every loaded extension context and returns the validation entries whose
// validatesType names one of types, with their schemas loaded.
func (p *Processor) extensionsFor(l *callLoader, types []string, loaded []string) ([]extension, []string) {
	iris, err := p.expandTypes(l, V2, types)
	if err != nil {
		return nil, []string{fmt.Sprintf("Could not determine extension type to test: %v", err)}
	}
	typeIRIs := make(map[string]bool, len(iris))
	for _, iri := range iris {
		typeIRIs[iri] = true
	}
	var exts []extension
	var failures []string
	for _, u := range loaded {
		if isOBContext(u) {
			continue
		}
		found, failure := p.contextExtensions(l, u, typeIRIs)
		if failure != "" {
			failures = append(failures, failure)
		}
		exts = append(exts, found...)
	}
	return exts, failures
}

// contextExtensions reads one extension context and returns its entries that validate one of
// typeIRIs, or a failure message.
func (p *Processor) contextExtensions(l *callLoader, contextURL string, typeIRIs map[string]bool) ([]extension, string) {
	doc, err := l.document(contextURL)
	if err != nil {
		return nil, fmt.Sprintf("Could not load extension context %s: %v", contextURL, err)
	}
	docMap, _ := doc.(map[string]any)
	compactCtx, err := p.compactTo(l, doc, V2)
	if err != nil {
		return nil, fmt.Sprintf("Could not read extension context %s: %v", contextURL, err)
	}
	var exts []extension
	for _, entry := range objectList(compactCtx["validation"]) {
		vt, _ := entry["validatesType"].(string)
		iris, err := p.expandTypes(l, docMap["@context"], []string{vt})
		if vt == "" || err != nil || !typeIRIs[iris[0]] {
			continue
		}
		schemaURL, _ := entry["validationSchema"].(string)
		schema, err := l.document(schemaURL)
		if err != nil {
			return exts, fmt.Sprintf("Could not load JSON-schema from URL %s: %v", schemaURL, err)
		}
		exts = append(exts, extension{context: docMap["@context"], validates: vt, schemaURL: schemaURL, schema: schema})
	}
	return exts, ""
}

// expandTypes expands type names to IRIs within the given local context, in order.
func (p *Processor) expandTypes(l *callLoader, localContext any, types []string) (iris []string, err error) {
	defer recoverInto(&err)
	active, err := ld.NewContext(nil, p.options(l)).Parse(localContext)
	if err != nil {
		return nil, err
	}
	for _, t := range types {
		iri, err := active.ExpandIri(t, true, true, nil, nil)
		if err != nil {
			return nil, err
		}
		iris = append(iris, iri)
	}
	return iris, nil
}

// validateAgainst compacts node with [V2, the extension context], as the reference validator
// does, and validates the result against the extension's schema. It returns "" when it passes.
func (p *Processor) validateAgainst(l *callLoader, node map[string]any, ext extension) string {
	data := CloneJSON(node).(map[string]any)
	data["@context"] = V2
	compactCtx := append([]any{V2}, ld.Arrayify(ext.context)...)
	compacted, err := p.compact(l, data, map[string]any{"@context": compactCtx})
	if err != nil {
		return err.Error()
	}
	return p.checkSchema(ext.schemaURL, ext.schema, compacted)
}

func stringList(v any) []string {
	var out []string
	for _, e := range ld.Arrayify(v) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func objectList(v any) []map[string]any {
	var out []map[string]any
	for _, e := range ld.Arrayify(v) {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func without(list []string, s string) []string {
	var out []string
	for _, e := range list {
		if e != s {
			out = append(out, e)
		}
	}
	return out
}

func appendPath(path []string, elem string) []string {
	return append(append([]string(nil), path...), elem)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
