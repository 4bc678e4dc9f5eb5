package host

import (
	"context"

	"github.com/obcert/obcert/suites"
)

const (
	// maxExportBytes caps the JSON export compared (an Assertion is a few kilobytes).
	maxExportBytes = 1 << 20
	// maxListed caps the missing and the added statements listed for one badge.
	maxListed = 20
)

// diff is how an export's RDF dataset differs from the original's (suites.CompareGraphs).
type diff = suites.GraphDiff

// compareGraphs is suites.CompareGraphs: URDNA2015 canonical N-Quads of both, offline.
func compareGraphs(ctx context.Context, orig, exported any) (diff, error) {
	return suites.CompareGraphs(ctx, orig, exported)
}
