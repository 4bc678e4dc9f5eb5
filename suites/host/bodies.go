package host

import (
	"context"
	"fmt"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/openbadges/bake"
	"github.com/obcert/obcert/openbadges/jsonld"
	"github.com/obcert/obcert/suites"
)

// shows reports whether the host imported the badge and its JSON export shows it (an Assertion
// with the original's id), and if not, why; an export that could not be read is unread.
func shows(o *suites.Outcome, im *imported) (bool, string) {
	switch {
	case im.Answer.Status != "imported":
		return false, fmt.Sprintf("the host refused it: %q", clip(im.Answer.Reason))
	case im.OrigErr != nil:
		o.CouldNotRead(im.Key, "the original badge could not be read back from the fixtures issuer: "+im.OrigErr.Error())
		return false, ""
	case !read(o, im.Key, im.ExpErr):
		return false, ""
	}
	if len(im.Export.JSON) > maxExportBytes {
		return false, fmt.Sprintf("its JSON export holds %d bytes, more than the %d obcert compares", len(im.Export.JSON), maxExportBytes)
	}
	got, err := decodeJSON(im.Export.JSON)
	if err != nil {
		return false, "its export is " + err.Error()
	}
	switch got.(type) {
	case map[string]any, []any:
	default:
		return false, fmt.Sprintf("the host answered imported, but its export is %s in JSON, not a JSON-LD document", jsonld.Kind(got))
	}
	if gid, wid := nodeID(got), nodeID(im.Original); gid != wid {
		return false, fmt.Sprintf("the host answered imported, but its export is a badge with id %q, not %q", clip(gid), wid)
	}
	return true, ""
}

// nodeID is the id (or @id) of a document's top node, expanded form and @graph included.
func nodeID(v any) string {
	if a, ok := v.([]any); ok && len(a) == 1 {
		v = a[0]
	}
	m, _ := v.(map[string]any)
	if g, ok := m["@graph"]; ok {
		return nodeID(g)
	}
	for _, k := range []string{"id", "@id"} {
		if s, ok := m[k].(string); ok {
			return s
		}
	}
	return ""
}

// importCheck: an import counts only when the export shows the badge, never on an answer alone.
// HOST-01: "Import a baked PNG." HOST-02: "Import a baked SVG." HOST-03: "Import by Assertion
// URL." HOST-10: "Accept imports of signed assertion strings (JWS)." HOST-16: "import raw JSON".
func importCheck(key string) func(context.Context, *suites.Env, suites.Spec) suites.Outcome {
	return func(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
		return visit(ctx, env, []string{key}, func(_ *session, im *imported, o *suites.Outcome) {
			if ok, why := shows(o, im); !ok && why != "" {
				problem(o, spec, key, "fixture %s (%s) was not imported: %s", key, im.Fixture.About, why)
			}
		})
	}
}

// HOST-05: "import one of those formats, export it from the platform, and submit the exported
// badge for a diff comparison with the original. Badge metadata must not be lost on export."
// HOST-09: equivalence is that of the RDF datasets.
func roundTrip(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	return visitExports(ctx, env, validImports, func(_ *session, im *imported, o *suites.Outcome) {
		if ok, why := shows(o, im); !ok {
			if why != "" {
				problem(o, spec, im.Key, "fixture %s could not be exported: %s", im.Key, why)
			}
			return
		}
		got, _ := decodeJSON(im.Export.JSON)
		d, err := compareGraphs(ctx, im.Original, got)
		if err != nil {
			problem(o, spec, im.Key, "fixture %s: %v", im.Key, err)
			return
		}
		listStatements(o, spec, im.Key, "lost", d.Missing)
		listStatements(o, spec, im.Key, "added", d.Added)
	})
}

// listStatements records one problem per statement (at most maxListed, then one for the rest).
func listStatements(o *suites.Outcome, spec suites.Spec, key, verb string, st []string) {
	for i, s := range st {
		if i == maxListed {
			problem(o, spec, key, "fixture %s: the export %s %d more statements", key, verb, len(st)-maxListed)
			return
		}
		problem(o, spec, key, "fixture %s: the export %s the statement %s", key, verb, s)
	}
}

// bakes are the baked exports asked for: the baked fixtures, each in its own format.
var bakes = map[string]string{fixtures.BakedPNG: "png", fixtures.BakedSVG: "svg"}

// HOST-15: "When baking on export, an openbadges iTXt chunk or <openbadges:assertion> element
// must not appear more than once." A baked export must also verify.
func bakedExport(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	if inConnectMode(env) {
		return suites.Skipped("host.mode is connect: %v", errNoBakedExport)
	}
	return visitExports(ctx, env, []string{fixtures.BakedPNG, fixtures.BakedSVG}, func(s *session, im *imported, o *suites.Outcome) {
		if ok, why := shows(o, im); !ok {
			if why != "" {
				problem(o, spec, im.Key, "fixture %s could not be exported: %s", im.Key, why)
			}
			return
		}
		as := bakes[im.Key]
		ex, err := s.driver.Export(ctx, im.Answer.ID, as)
		o.AddEvidence(ex.Evidence...)
		if !read(o, im.Key, err) {
			return
		}
		if f := bake.Sniff(ex.Image); string(f) != as {
			problem(o, spec, im.Key, "fixture %s exported as %s is not a %s image (%d bytes of %q)", im.Key, as, as, len(ex.Image), clip(ex.MediaType))
			return
		}
		res, err := fixtures.Verify(ctx, env.Client, env.Now, fixtures.Badge{Image: ex.Image}.Input())
		if err != nil {
			o.CouldNotRead(im.Key, "the baked export could not be verified: "+err.Error())
			return
		}
		for _, f := range res.Findings {
			if f.Severity == obcert.Error {
				problem(o, spec, im.Key, "fixture %s exported as %s: %s", im.Key, as, f.Message)
			}
		}
		if st, why := fixtures.StatusOf(res); st != fixtures.Valid && len(o.Problems) == 0 {
			problem(o, spec, im.Key, "fixture %s exported as %s is %s: %s", im.Key, as, st, why)
		}
	})
}

// HOST-08: import means "validating the Assertion and related objects for format and
// integrity". A refusal counts only beside its positive control: the valid hosted badge imported
// (and shown by its export) in the same run.
func refusesInvalid(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	ctrl, ok := controlled(ctx, env, spec)
	if !ok {
		return ctrl
	}
	o := visit(ctx, env, badImports, func(_ *session, im *imported, o *suites.Outcome) {
		if im.Answer.Status == "refused" {
			return
		}
		if read(o, im.Key, im.ExpErr) && (im.Export.Status == "" || im.Export.Status == string(fixtures.Valid)) {
			problem(o, spec, im.Key, "fixture %s (%s) was imported and not marked not valid; it must be refused: %s",
				im.Key, about(im), reason(im))
		}
	})
	o.Evidence = append(ctrl.Evidence, o.Evidence...)
	return o
}

// controlled checks the positive control of a negative check; o says why it failed when it did.
func controlled(ctx context.Context, env *suites.Env, spec suites.Spec) (suites.Outcome, bool) {
	ok := false
	o := visit(ctx, env, []string{fixtures.ValidHosted}, func(_ *session, im *imported, o *suites.Outcome) {
		var why string
		if ok, why = shows(o, im); !ok && why != "" {
			o.Problem(im.Key, obcert.Finding{Check: "SPEC", Severity: severity(spec), Requirements: spec.Requirements,
				Hint:    "Import a valid badge: until then no check that a bad badge is refused can count.",
				Message: fmt.Sprintf("the positive control failed: fixture %s (%s) was not imported: %s, so what the host refuses proves nothing", im.Key, im.Fixture.About, why)})
		}
	})
	for i := range o.Unread {
		o.Unread[i].Reason = "the positive control could not be read: " + o.Unread[i].Reason
	}
	return o, ok || o.Skip != ""
}

func about(im *imported) string {
	if im.Key == WrongRecipient && strings.Contains(im.Fixture.About, otherAccount) {
		return im.Fixture.About // connect mode: a badge awarded to someone else
	}
	if im.Key == WrongRecipient {
		return "the valid hosted badge, imported into the account of " + otherAccount
	}
	return im.Fixture.About
}

func reason(im *imported) string {
	if im.Key == WrongRecipient {
		return "it is not issued to " + otherAccount
	}
	return im.Fixture.Expected.Reason
}

// HOST-11: "Show helpful errors when an import fails."
func refusalReason(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	refused := 0
	o := visit(ctx, env, badImports, func(_ *session, im *imported, o *suites.Outcome) {
		if im.Answer.Status == "refused" {
			refused++
		}
		if im.Answer.Status == "refused" && len(strings.Fields(im.Answer.Reason)) < 2 {
			problem(o, spec, im.Key, "fixture %s (%s) was refused with the reason %q, which tells the user nothing", im.Key, about(im), clip(im.Answer.Reason))
		}
	})
	if refused == 0 && len(o.Checked) > 0 && len(o.Unread) == 0 {
		return suites.Skipped("the host refused none of the bad fixtures (host/refuses-invalid says so), so no refusal reason could be read")
	}
	return o
}

// HOST-16 (harness extension): "re-verify stored badges; show revoked/expired state after
// import (fixture: the revocation flips after import)."
func reverification(ctx context.Context, env *suites.Env, spec suites.Spec) suites.Outcome {
	if inConnectMode(env) {
		return suites.Skipped("host.mode is connect: Badge Connect's GET /assertions says nothing of a stored badge's standing, so a revocation after import cannot be read")
	}
	key := fixtures.RevokedLater
	return visit(ctx, env, []string{key}, func(s *session, im *imported, o *suites.Outcome) {
		if ok, why := shows(o, im); !ok {
			if why != "" {
				problem(o, spec, key, "fixture %s (%s) was not imported: %s", key, im.Fixture.About, why)
			}
			return
		}
		if _, err := s.iss.Revoke(key); err != nil {
			o.CouldNotRead(key, err.Error())
			return
		}
		ex, err := s.driver.Export(ctx, im.Answer.ID, "json")
		o.AddEvidence(ex.Evidence...)
		if read(o, key, err) && ex.Status != string(fixtures.Revoked) {
			problem(o, spec, key, "fixture %s was revoked by its issuer after import (its URL answers 410 Gone), and the host's export still says %q, not revoked",
				key, clip(ex.Status))
		}
	})
}

// problem records a problem about subject under the spec's requirements, with the spec's hint:
// an error for a MUST, a warning for a SHOULD.
func problem(o *suites.Outcome, spec suites.Spec, subject, format string, a ...any) {
	o.Problem(subject, obcert.Finding{Check: "SPEC", Severity: severity(spec), Requirements: spec.Requirements,
		Message: fmt.Sprintf(format, a...), Hint: spec.Hint})
}

func severity(spec suites.Spec) obcert.Severity {
	if spec.Level != obcert.MUST {
		return obcert.Warning
	}
	return obcert.Error
}

// clip shortens what the product said to 200 bytes for a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
}
