package openbadges

import (
	"errors"
	"fmt"
)

// Missing stands for an absent property when passed to CheckCardinality.
var Missing any = missingValue{}

type missingValue struct{}

// The ways a property value can fail CheckCardinality.
var (
	ErrRequiredMissing = errors.New("required property not present")
	ErrRequiredEmpty   = errors.New("required property has no value")
	ErrSingleValue     = errors.New("more than the single allowed value")
	ErrInvalidValue    = errors.New("value not valid")
)

// CheckCardinality judges one property value as the reference validator's VALIDATE_PROPERTY does
// (OBJ-02, OBJ-06): v is the value (Missing if the property is absent); a null, an empty list or a
// list of nulls counts as no value, which only an optional property may have; a list of more than
// one value needs many; and every value must pass valid.
func CheckCardinality(v any, required, many bool, valid func(any) bool) error {
	if v == Missing {
		if required {
			return ErrRequiredMissing
		}
		return nil
	}
	vals := values(v)
	if v == nil {
		vals = []any{nil}
	}
	if isNullList(vals) {
		if required {
			return fmt.Errorf("%w: %s", ErrRequiredEmpty, abbreviate(v))
		}
		return nil
	}
	if !many && len(vals) > 1 {
		return ErrSingleValue
	}
	for _, val := range vals {
		if !valid(val) {
			return fmt.Errorf("%w: %s", ErrInvalidValue, abbreviate(val))
		}
	}
	return nil
}

// isNullList reports whether a list holds no value but nulls (an empty list included).
func isNullList(vals []any) bool {
	for _, v := range vals {
		if v != nil {
			return false
		}
	}
	return true
}

// withoutNulls returns the node without the properties that hold no value (null, [] or a list of
// nulls), which JSON-LD compaction would not keep as values either; the shape schemas then treat
// them as absent. Other properties the class does not define (@context, extensions) stay: no
// class schema looks at a property it does not name (TestShapesIgnoreUndeclaredProperties).
//
// A node with nothing to drop is returned as it is (the callers only read it).
func withoutNulls(node map[string]any) map[string]any {
	if !holdsNulls(node) {
		return node
	}
	out := make(map[string]any, len(node))
	for k, v := range node {
		if !isNoValue(v) {
			out[k] = v
		}
	}
	return out
}

// holdsNulls reports whether withoutNulls would drop a property of node.
func holdsNulls(node map[string]any) bool {
	for _, v := range node {
		if isNoValue(v) {
			return true
		}
	}
	return false
}

// isNoValue reports whether v is null, [] or a list of nulls.
func isNoValue(v any) bool {
	if v == nil {
		return true
	}
	l, ok := v.([]any)
	return ok && isNullList(l)
}

// abbreviate renders a value as the reference validator does in messages: lists joined by ", ",
// cut after 48 characters.
func abbreviate(v any) string {
	var s string
	switch t := v.(type) {
	case []any:
		for i, e := range t {
			if i > 0 {
				s += ", "
			}
			s += fmt.Sprint(display(e))
		}
	default:
		s = fmt.Sprint(display(v))
	}
	if r := []rune(s); len(r) >= 48 {
		return string(r[:48]) + "..."
	}
	return s
}

func display(v any) any {
	switch v.(type) {
	case nil:
		return "None"
	case map[string]any:
		return "{...}"
	}
	return v
}
