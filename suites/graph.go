package suites

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/obcert/obcert/openbadges/jsonld"
)

// maxStatements caps the statements of one dataset compared; a bigger document is refused.
const maxStatements = 10000

// GraphDiff is how a copy's RDF dataset differs from the original's: the canonical N-Quads
// statements lost and those added, each sorted.
type GraphDiff struct {
	Missing, Added []string
}

// CompareGraphs normalizes both documents (URDNA2015 canonical N-Quads, offline: only embedded
// contexts load) and returns the statements of the original missing from the export and those the
// export added. Key order, context form, compaction and expansion change no statement.
func CompareGraphs(ctx context.Context, orig, exported any) (GraphDiff, error) {
	want, err := statements(ctx, orig)
	if err != nil {
		return GraphDiff{}, fmt.Errorf("the original badge does not normalize (a harness bug): %w", err)
	}
	got, err := statements(ctx, exported)
	if err != nil {
		return GraphDiff{}, fmt.Errorf("the export is not a JSON-LD document obcert can normalize offline: %w", err)
	}
	var d GraphDiff
	for s := range want {
		if !got[s] {
			d.Missing = append(d.Missing, s)
		}
	}
	for s := range got {
		if !want[s] {
			d.Added = append(d.Added, s)
		}
	}
	slices.Sort(d.Missing)
	slices.Sort(d.Added)
	return d, nil
}

// statements is the set of canonical N-Quads of doc, at most maxStatements.
func statements(ctx context.Context, doc any) (map[string]bool, error) {
	switch doc.(type) {
	case map[string]any, []any:
	default:
		return nil, fmt.Errorf("it is %s, not a JSON object or array", jsonld.Kind(doc))
	}
	nq, err := jsonld.New(nil).Normalize(ctx, doc)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSpace(nq), "\n")
	if len(lines) > maxStatements {
		return nil, fmt.Errorf("it holds %d statements, more than the %d obcert compares", len(lines), maxStatements)
	}
	out := map[string]bool{}
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out[l] = true
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("it holds no RDF statement (no term it uses is defined by its context)")
	}
	return out, nil
}
