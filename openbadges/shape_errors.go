package openbadges

import (
	"slices"

	"github.com/obcert/obcert/openbadges/internal/jsonschema"
)

// check validates doc against the class schema and returns its violations, each with its kind.
func (s *classShape) check(doc map[string]any) ([]shapeError, error) {
	return s.checkAs(doc, false)
}

// checkAs is check; clean says that jsonschema.IsDecoded holds for doc (or for a document doc is
// inside), which then is not looked at again.
func (s *classShape) checkAs(doc map[string]any, clean bool) ([]shapeError, error) {
	var errs []jsonschema.Error
	var err error
	switch {
	case s.split != nil:
		errs, err = s.split.validate(doc, clean)
	case clean:
		errs, err = s.schema.ValidateDecoded(doc)
	default:
		errs, err = s.schema.Validate(doc)
	}
	if err != nil {
		return nil, err
	}
	return shapeErrorsOf(errs), nil
}

// shapeErrorsOf turns schema errors into violations: the concrete ones, then the combinator
// failures no concrete error explains.
func shapeErrorsOf(errs []jsonschema.Error) []shapeError {
	var out, combinators []shapeError
	for _, e := range errs {
		se := shapeError{path: e.Path, kind: kindOf(e.Keyword), property: e.Property}
		if e.Combinator() {
			combinators = append(combinators, se)
			continue
		}
		out = append(out, se)
	}
	return append(out, unexplained(combinators, out)...)
}

func kindOf(keyword string) shapeKind {
	switch keyword {
	case "required":
		return kindRequired
	case "maxItems":
		return kindTooMany
	case "const", "enum", "contains":
		return kindAllowed
	}
	return kindValue
}

// unexplained keeps a combinator failure only when no concrete error at or below it explains it.
func unexplained(combinators, concrete []shapeError) []shapeError {
	var out []shapeError
	for _, w := range combinators {
		explained := slices.ContainsFunc(concrete, func(c shapeError) bool { return hasPrefix(c.path, w.path) })
		if !explained {
			w.kind = kindValue
			out = append(out, w)
		}
	}
	return out
}

func hasPrefix(path, prefix []string) bool {
	return len(prefix) <= len(path) && slices.Equal(path[:len(prefix)], prefix)
}
