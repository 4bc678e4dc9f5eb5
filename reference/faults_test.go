package reference

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func TestFaultsCatalogue(t *testing.T) {
	fs := Faults()
	if len(fs) == 0 {
		t.Fatal("Faults() is empty")
	}
	if !sort.SliceIsSorted(fs, func(i, j int) bool { return fs[i].Name < fs[j].Name }) {
		t.Error("Faults() is not sorted by name")
	}
	seen := map[string]bool{}
	for _, f := range fs {
		if seen[f.Name] {
			t.Errorf("fault %q appears twice", f.Name)
		}
		seen[f.Name] = true
		checkFault(t, f)
	}
}

func checkFault(t *testing.T, f Fault) {
	t.Helper()
	if !kebab.MatchString(f.Name) {
		t.Errorf("fault name %q is not kebab-case", f.Name)
	}
	if !slices.ContainsFunc(parts, func(p rolePart) bool { return p.role == f.Role }) || f.Description == "" || len(f.effect) == 0 {
		t.Errorf("fault %q: role %q, description %q, %d hooks", f.Name, f.Role, f.Description, len(f.effect))
	}
	checkSpecs(t, f)
	if len(f.Requirements) != 1 {
		t.Errorf("fault %q breaks %v: want exactly one requirement", f.Name, f.Requirements)
	}
	for _, id := range f.Requirements {
		r, ok := obcert.LookupRequirement(id)
		if !ok {
			t.Errorf("fault %q: requirement %s is not in the catalogue", f.Name, id)
			continue
		}
		if r.Normative() != f.Level && !(f.Level == obcert.SHOULD && shouldPartOf[f.Name] != "") {
			t.Errorf("fault %q: level %s, but %s is %s (%s)", f.Name, f.Level, id, r.Normative(), r.Level)
		}
	}
}

// shouldPartOf names the faults that break only the SHOULD part of a MUST requirement, which a
// SHOULD spec checks (the run warns): their level is SHOULD, and why.
var shouldPartOf = map[string]string{
	// CONNECT-26's example answer carries Cache-Control: no-store; connect/registration-no-store is a SHOULD spec.
	"connect-registration-cacheable": "Cache-Control: no-store on the registration answer",
	// CONNECT-36: "A failed request SHOULD return an RFC 6749 error response."
	"connect-token-error-shape": "an RFC 6749 error response for a failed token request",
}

// checkSpecs checks that f declares, sorted, at least one spec, each of its own role.
func checkSpecs(t *testing.T, f Fault) {
	t.Helper()
	if len(f.Specs) == 0 || !slices.IsSorted(f.Specs) {
		t.Errorf("fault %q: specs %v, want at least one, sorted", f.Name, f.Specs)
	}
	for _, id := range f.Specs {
		if !strings.HasPrefix(id, string(f.Role)+"/") {
			t.Errorf("fault %q: spec %s is not a spec of its role %s", f.Name, id, f.Role)
		}
	}
}

func TestLookupFault(t *testing.T) {
	f, ok := LookupFault("bad-signature")
	if !ok || f.Name != "bad-signature" || f.Requirements[0] != "VERIFY-19" {
		t.Errorf("LookupFault(bad-signature) = %+v, %v", f, ok)
	}
	if _, ok := LookupFault("no-such-fault"); ok {
		t.Error("LookupFault(no-such-fault) found a fault")
	}
	f.Requirements[0] = "CHANGED"
	if again, _ := LookupFault("bad-signature"); again.Requirements[0] != "VERIFY-19" {
		t.Error("changing a returned Fault changed the catalogue")
	}
}

func TestUnknownFaultFailsStart(t *testing.T) {
	s, err := Start(WithFault(Fault{Name: "no-such-fault"}))
	if err == nil {
		s.Close()
		t.Fatal("Start with an unknown fault succeeded")
	}
	if !strings.Contains(err.Error(), "no-such-fault") {
		t.Errorf("error %q does not name the fault", err)
	}
}

func TestFaultByNameOnly(t *testing.T) {
	s := start(t, WithFault(Fault{Name: "badgeclass-not-found"}))
	if d := getDoc(t, s, pathHosted); d["badge"] != s.URL()+pathMissingBadge {
		t.Errorf("the hosted Assertion links %v, want %s", d["badge"], pathMissingBadge)
	}
}

// servedPaths are every path the reference serves, and one it does not.
var servedPaths = []string{pathIndex, pathIssuer, pathEndorser, pathKey1, pathKey2, pathRevocations,
	pathBadgeClass, pathEndorsement, pathHosted, pathRevoked, pathSigned, pathHostedPNG, pathSignedSVG,
	pathIssuerImage, pathBadgeImage, pathBadgeAlias, "/no-such-path"}

var accepts = []string{"", "application/json", "text/html"}

// snapshot is everything s serves, with its origins replaced by placeholders.
func snapshot(t *testing.T, s *Server) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range servedPaths {
		for _, a := range accepts {
			r := fetch(t, http.MethodGet, s.URL()+p, a)
			v := fmt.Sprintf("%d %s\n%s", r.status, r.contentType, r.body)
			v = strings.ReplaceAll(v, s.URL(), "BASE")
			out[p+" accept="+a] = strings.ReplaceAll(v, otherOrigin(s.URL()), "OTHER")
		}
	}
	// What the candidate file declares is part of what the reference presents.
	for _, b := range append(s.CandidateFile().Issuer.Badges, s.CandidateFile().Issuer.Revoked...) {
		out["candidate-file "+b.Name] = "declared"
	}
	return out
}

// addrOf is the host:port s listens on.
func addrOf(s *Server) string { return strings.TrimPrefix(s.URL(), "http://") }

// snapshotAndClose takes the snapshot of s and closes it, freeing its address for the next server.
func snapshotAndClose(t *testing.T, s *Server) map[string]string {
	t.Helper()
	snap := snapshot(t, s)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return snap
}

func TestCleanServersAreIdentical(t *testing.T) {
	first := start(t)
	addr := addrOf(first)
	a := snapshotAndClose(t, first)
	b := snapshotAndClose(t, start(t, WithAddr(addr)))
	for k := range a {
		if a[k] != b[k] {
			t.Errorf("two clean servers differ on %s:\n%s\n---\n%s", k, a[k], b[k])
		}
	}
}

// TestEveryFaultChangesServedBytes runs each faulty server on the address the clean one had, so
// that every difference is the fault's.
func TestEveryFaultChangesServedBytes(t *testing.T) {
	cleanServer := start(t)
	addr := addrOf(cleanServer)
	clean := snapshotAndClose(t, cleanServer)
	for _, f := range Faults() {
		if drivesAPart(f) {
			continue // it changes how the part answers, not the documents it serves
		}
		t.Run(f.Name, func(t *testing.T) {
			faulty := snapshotAndClose(t, start(t, WithAddr(addr), WithFault(f)))
			var changed []string
			for k := range clean {
				if clean[k] != faulty[k] {
					changed = append(changed, k)
				}
			}
			if len(changed) == 0 {
				t.Errorf("fault %s serves exactly what the clean reference serves", f.Name)
			}
		})
	}
}
