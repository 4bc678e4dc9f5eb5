package jsonschema

import (
	"slices"

	"github.com/xeipuuv/gojsonschema"
)

// A schema whose root says "if P is C then ... else required [...]" (the Assertion's and the
// Endorsement's: if revoked is true, then only id and revoked are required) makes gojsonschema
// evaluate the if for every instance. For the usual instance the if fails, and the library then
// builds, through text/template, the error that says so, which it throws away. That is a tenth of
// the time of validating an Assertion.
//
// conditional compiles, beside such a schema, the schema with the else merged into its root: for an
// instance on which the if fails (P absent, or not C), validating against it gives the else's
// errors without evaluating the if. The one difference, the error gojsonschema adds at the root when
// the else fails, is added back: the root schema has no required of its own, so a required error at
// the root is the else's. Validate's answer is the same either way (TestConditionalIsTheSchema).
type conditional struct {
	prop   string
	value  bool                 // C, the const the if asks of P
	merged *gojsonschema.Schema // the schema, its if/then/else replaced by the else's required
	// elseErr is the error gojsonschema adds when the else fails, as Validate returns it.
	elseErr Error
}

// splitConditional returns the conditional of a schema of that form, or nil.
func splitConditional(tree any, draft Draft, full *Schema) *conditional {
	root, _ := tree.(map[string]any)
	ifs, _ := root["if"].(map[string]any)
	els, _ := root["else"].(map[string]any)
	if ifs == nil || els == nil || root["required"] != nil || len(ifs) != 2 || len(els) != 1 {
		return nil
	}
	props, _ := ifs["properties"].(map[string]any)
	req, _ := ifs["required"].([]any)
	if len(props) != 1 || len(req) != 1 {
		return nil
	}
	prop, _ := req[0].(string)
	cond, _ := props[prop].(map[string]any)
	value, isBool := cond["const"].(bool)
	elseReq, _ := els["required"].([]any)
	if prop == "" || len(cond) != 1 || !isBool || len(elseReq) == 0 {
		return nil
	}
	merged := make(map[string]any, len(root))
	for k, v := range root {
		merged[k] = v
	}
	delete(merged, "if")
	delete(merged, "then")
	delete(merged, "else")
	merged["required"] = elseReq
	m, err := loader(draft).Compile(gojsonschema.NewGoLoader(merged))
	if err != nil {
		return nil
	}
	c := &conditional{prop: prop, value: value, merged: m}
	// The error the library adds when the else fails, taken from the library itself: an empty
	// object fails the if and the else's required.
	probe, err := full.validate(map[string]any{}, true)
	if err != nil {
		return nil
	}
	found := 0
	for _, e := range probe {
		if e.Keyword == "else" && len(e.Path) == 0 {
			c.elseErr = e
			found++
		}
	}
	if found != 1 {
		return nil
	}
	return c
}

// fails reports whether the if fails on doc, so that the merged schema answers for it.
func (c *conditional) fails(doc any) bool {
	m, ok := doc.(map[string]any)
	if !ok {
		return false
	}
	v, present := m[c.prop]
	return !present || v != any(c.value)
}

// fromMerged turns the merged schema's errors into the full schema's: the else's failure adds
// the library's error saying so.
func (c *conditional) fromMerged(errs []Error) []Error {
	if slices.ContainsFunc(errs, func(e Error) bool { return e.Keyword == "required" && len(e.Path) == 0 }) {
		e := c.elseErr
		e.Path = slices.Clone(e.Path)
		errs = append(errs, e)
		slices.SortFunc(errs, compareErrors)
	}
	return errs
}
