package reference

import (
	"net/http"
	"slices"
	"sort"

	"github.com/go-jose/go-jose/v4"

	"github.com/obcert/obcert"
	refconnect "github.com/obcert/obcert/reference/connect"
	refconnectconsumer "github.com/obcert/obcert/reference/connectconsumer"
	refdisplayer "github.com/obcert/obcert/reference/displayer"
	refhost "github.com/obcert/obcert/reference/host"
	"github.com/obcert/obcert/reference/internal/partfault"
)

// Fault is one named way to break the reference candidate, declared in one place: what it breaks,
// the specs a run must fail or warn because of it, and its effect. Each fault breaks exactly one
// requirement: a MUST fault must make a run NOT_CONFORMANT, a SHOULD fault only warn.
type Fault struct {
	Name         string       // kebab-case, stable
	Description  string       // what the reference does wrong under this fault
	Role         obcert.Role  // the role whose requirement it breaks, and whose part it changes
	Requirements []string     // the requirement it breaks: one ID
	Level        obcert.Level // MUST or SHOULD
	Specs        []string     // exactly the spec IDs a run fails or warns under this fault
	effect       []hook
}

// hook is one piece of a fault's effect. Exactly one of its functions is set; the part of the
// fault's role applies it at each of paths (at every path of the part when none, for wrap).
type hook struct {
	paths []string
	// doc edits the document at a path before it is served or signed, and returns it; nil
	// removes it, and a nil d is a document the clean reference does not have.
	doc func(b *builder, d doc) doc
	// file edits the bytes and media type of a served file (an image).
	file func(f *file) error
	// wrap is middleware around the handler of a path.
	wrap func(http.Handler) http.Handler
	// candidate edits the candidate file the reference hands out.
	candidate func(b *builder, cf *obcert.CandidateFile)
	// signed edits the compact JWS signed from the document at a path: the named exception, for
	// what exists only while the documents are generated.
	signed func(jws string) (string, error)
	// alg is the JWS algorithm the document at a path is signed with instead of RS256.
	alg jose.SignatureAlgorithm
	// displayer breaks the reference displayer's adapter.
	displayer refdisplayer.Option
	// host breaks the reference host's adapter.
	host refhost.Option
	// connect breaks the reference Badge Connect provider.
	connect refconnect.Option
	// consumer breaks the reference's Badge Connect consumer.
	consumer refconnectconsumer.Option
}

// editDoc edits the documents at paths with fn.
func editDoc(fn func(b *builder, d doc) doc, paths ...string) hook {
	return hook{paths: paths, doc: fn}
}

// editFile edits the served file at path with fn.
func editFile(path string, fn func(f *file) error) hook { return hook{paths: []string{path}, file: fn} }

// wrap puts mw around the handlers of paths, or of every path of the part when none is given.
func wrap(mw func(http.Handler) http.Handler, paths ...string) hook {
	return hook{paths: paths, wrap: mw}
}

// editCandidate edits the candidate file with fn.
func editCandidate(fn func(b *builder, cf *obcert.CandidateFile)) hook { return hook{candidate: fn} }

// whileSigning edits the JWS signed from the document at path with fn.
func whileSigning(path string, fn func(jws string) (string, error)) hook {
	return hook{paths: []string{path}, signed: fn}
}

// signWith signs the documents at paths with alg instead of RS256.
func signWith(alg jose.SignatureAlgorithm, paths ...string) hook { return hook{paths: paths, alg: alg} }

// partFaults are the faults of one part's own package as faults of the reference: each breaks
// the part of role by its option, which as applies.
func partFaults[O any](role obcert.Role, fs []partfault.Fault[O], as func(O) hook) []Fault {
	out := make([]Fault, 0, len(fs))
	for _, f := range fs {
		out = append(out, Fault{Name: f.Name, Description: f.Description, Role: role,
			Requirements: f.Requirements, Level: f.Level, Specs: f.Specs, effect: []hook{as(f.Option)}})
	}
	return out
}

// Faults returns every fault, sorted by name.
func Faults() []Fault {
	out := make([]Fault, 0, len(catalogue))
	for _, f := range catalogue {
		f.Requirements = slices.Clone(f.Requirements)
		f.Specs = slices.Sorted(slices.Values(f.Specs))
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LookupFault returns the fault with the given name.
func LookupFault(name string) (Fault, bool) {
	for _, f := range Faults() {
		if f.Name == name {
			return f, true
		}
	}
	return Fault{}, false
}

// withRole sets the role of every fault of one part's catalogue.
func withRole(role obcert.Role, fs ...Fault) []Fault {
	for i := range fs {
		fs[i].Role = role
	}
	return fs
}
