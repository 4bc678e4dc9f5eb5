package reference

import (
	"bytes"
	"errors"
	"fmt"
	"image/jpeg"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/obcert/obcert/openbadges/bake"
)

// effect checks that a server shows one fault: it returns nil when the fault is there. t only
// stops the test when the server cannot be read at all.
type effect func(t *testing.T, s *Server) error

// effects holds the effect of every fault, as its description states it.
var effects = map[string]effect{
	"hosted-out-of-scope": func(t *testing.T, s *Server) error {
		want := otherOrigin(s.URL()) + pathHosted
		u, id := s.CandidateFile().Issuer.Badges[0].URL, getDoc(t, s, pathHosted)["id"]
		if u != want || id != want || !strings.HasPrefix(u, "http://localhost:") {
			return fmt.Errorf("candidate hosted URL %q, hosted id %v, want %s", u, id, want)
		}
		if id := getDoc(t, s, pathIssuer)["id"]; id != s.URL()+pathIssuer {
			return fmt.Errorf("issuer id %v moved too", id)
		}
		if r := fetch(t, http.MethodGet, want, ""); r.status != http.StatusOK {
			return fmt.Errorf("GET %s = %d", want, r.status)
		}
		return nil
	},
	"unlisted-signing-key": func(t *testing.T, s *Server) error {
		return want(verifies(t, jwsOf(t, s, "signed"), servedKey(t, s, pathKey2)), "the signed badge is signed by /keys/2")
	},
	"bad-signature": func(t *testing.T, s *Server) error {
		return want(!verifies(t, jwsOf(t, s, "signed"), servedKey(t, s, pathKey1)), "the signed badge does not verify")
	},
	"png-not-baked":           bakeBreaks(pathHostedPNG, "BAKE-02"),
	"png-compressed-chunk":    bakeBreaks(pathHostedPNG, "BAKE-04"),
	"png-duplicate-chunk":     bakeBreaks(pathHostedPNG, "BAKE-06"),
	"svg-duplicate-assertion": bakeBreaks(pathSignedSVG, "BAKE-15"),
	"svg-missing-namespace":   bakeBreaks(pathSignedSVG, "BAKE-10"),
	"revoked-hosted-200": func(t *testing.T, s *Server) error {
		st, d := get(t, s, pathRevoked).status, getDoc(t, s, pathRevoked)
		return want(st == http.StatusOK && d["type"] == "Assertion" && d["recipient"] != nil && d["revoked"] == nil,
			"the revoked hosted Assertion answers 200 with the full Assertion and no revoked")
	},
	"revocation-list-omits-badge": func(t *testing.T, s *Server) error {
		list, ok := getDoc(t, s, pathRevocations)["revokedAssertions"].([]any)
		return want(ok && len(list) == 0, "revokedAssertions is []")
	},
	"wrong-recipient": func(t *testing.T, s *Server) error {
		return errors.Join(
			hashedRecipient(getDoc(t, s, pathHosted), wrongRecipient),
			hashedRecipient(payload(t, jwsOf(t, s, "signed")), wrongRecipient),
			want(s.CandidateFile().Issuer.Recipient == DefaultRecipient, "the candidate file keeps the declared recipient"))
	},
	"content-type-text-plain": func(t *testing.T, s *Server) error {
		return want(get(t, s, pathHosted).contentType == typePlain, "the hosted Assertion is text/plain")
	},
	"badgeclass-not-found": func(t *testing.T, s *Server) error {
		linked, _ := getDoc(t, s, pathHosted)["badge"].(string)
		return want(linked == s.URL()+pathMissingBadge && get(t, s, pathMissingBadge).status == http.StatusNotFound &&
			get(t, s, pathBadgeClass).status == http.StatusOK, "the hosted Assertion links a BadgeClass that answers 404")
	},
	"expired-assertion": func(t *testing.T, s *Server) error {
		d := getDoc(t, s, pathHosted)
		exp, _ := d["expires"].(string)
		issued, _ := d["issuedOn"].(string)
		return want(exp == testNow.Add(-24*time.Hour).Format(time.RFC3339) && exp > issued,
			"expires is a day before the clock and after issuedOn")
	},
	"badgeclass-missing-name": func(t *testing.T, s *Server) error {
		d := getDoc(t, s, pathBadgeClass)
		return want(d["name"] == nil && d["description"] != nil, "the BadgeClass has no name")
	},
	"issued-on-without-timezone": func(t *testing.T, s *Server) error {
		return want(getDoc(t, s, pathHosted)["issuedOn"] == "2026-01-02T03:04:05", "issuedOn has no timezone")
	},
	"badge-image-jpeg": func(t *testing.T, s *Server) error {
		r := get(t, s, pathBadgeImage)
		if _, err := jpeg.Decode(bytes.NewReader(r.body)); err != nil || r.contentType != "image/jpeg" {
			return fmt.Errorf("badge image %q does not decode as JPEG: %v", r.contentType, err)
		}
		_, err := bake.Extract(get(t, s, pathHostedPNG).body)
		return err // the baked PNG stays a PNG
	},
	"endorsement-missing-claim": func(t *testing.T, s *Server) error {
		d := getDoc(t, s, pathEndorsement)
		return want(d["claim"] == nil && d["issuer"] != nil, "the Endorsement has no claim")
	},
	"ignores-accept-json": func(t *testing.T, s *Server) error {
		r := fetch(t, http.MethodGet, s.URL()+pathHosted, "application/json")
		return want(r.contentType == typeLDJSON, "Accept application/json gets application/ld+json")
	},
	"signs-with-rs512": func(t *testing.T, s *Server) error {
		return want(algOf(t, jwsOf(t, s, "signed")) == "RS512" && algOf(t, jwsOf(t, s, "revoked-signed")) == "RS512",
			"both signed badges are signed with RS512")
	},
	"signed-id-not-urn-uuid": func(t *testing.T, s *Server) error {
		id := payload(t, jwsOf(t, s, "signed"))["id"]
		revoked := payload(t, jwsOf(t, s, "revoked-signed"))["id"]
		list, _ := getDoc(t, s, pathRevocations)["revokedAssertions"].([]any)
		return want(id == s.URL()+pathSigned && len(list) == 1 && list[0].(map[string]any)["id"] == revoked,
			"signed ids are http URLs and the RevocationList lists the revoked one")
	},
	"key-owner-mismatch": func(t *testing.T, s *Server) error {
		return want(getDoc(t, s, pathKey1)["owner"] == s.URL()+pathEndorser, "the key's owner is /endorser")
	},
	"badgeclass-id-not-its-url": func(t *testing.T, s *Server) error {
		linked := getDoc(t, s, pathHosted)["badge"]
		if linked != s.URL()+pathBadgeAlias {
			return want(false, "the hosted Assertion links "+pathBadgeAlias)
		}
		return want(getDoc(t, s, pathBadgeAlias)["id"] == s.URL()+pathBadgeClass, "the alias serves a BadgeClass whose id is "+pathBadgeClass)
	},
	"timestamps-not-utc": func(t *testing.T, s *Server) error {
		d := getDoc(t, s, pathHosted)
		return want(strings.HasSuffix(d["issuedOn"].(string), "+02:00") && strings.HasSuffix(d["expires"].(string), "+02:00"),
			"issuedOn and expires carry +02:00")
	},
	"no-signed-badge": func(t *testing.T, s *Server) error {
		for _, b := range append(s.CandidateFile().Issuer.Badges, s.CandidateFile().Issuer.Revoked...) {
			if b.JWS != "" || strings.HasSuffix(b.URL, ".svg") {
				return want(false, "no signed badge declared; found "+b.Name)
			}
		}
		return nil
	},
	"plaintext-recipient": func(t *testing.T, s *Server) error {
		r, _ := getDoc(t, s, pathHosted)["recipient"].(map[string]any)
		return want(r["hashed"] == false && r["identity"] == DefaultRecipient && r["salt"] == nil,
			"the recipient is not hashed")
	},
}

func want(ok bool, what string) error {
	if ok {
		return nil
	}
	return errors.New("want: " + what)
}

// bakeBreaks checks that bake.Extract names req for the image at path.
func bakeBreaks(path, req string) effect {
	return func(t *testing.T, s *Server) error {
		var reqs []string
		ex, err := bake.Extract(get(t, s, path).body)
		var be *bake.Error
		if errors.As(err, &be) {
			reqs = be.Requirements
		} else if err == nil {
			for _, f := range ex.Findings {
				reqs = append(reqs, f.Requirements...)
			}
		}
		return want(slices.Contains(reqs, req), fmt.Sprintf("bake.Extract(%s) names %s; it names %v (%v)", path, req, reqs, err))
	}
}

func TestFaultEffects(t *testing.T) {
	for _, f := range Faults() {
		if drivesAPart(f) {
			continue // a part option: the part's own tests and the fault table show its effect
		}
		t.Run(f.Name, func(t *testing.T) {
			check, ok := effects[f.Name]
			if !ok {
				t.Fatalf("no effect check for fault %s", f.Name)
			}
			if err := check(t, start(t, WithFault(f))); err != nil {
				t.Error(err)
			}
		})
	}
	for name := range effects {
		if _, ok := LookupFault(name); !ok {
			t.Errorf("effect check for unknown fault %s", name)
		}
	}
}

// TestCleanShowsNoFaultEffect runs every effect check on the clean server: each must fail there,
// or it proves nothing about its fault.
func TestCleanShowsNoFaultEffect(t *testing.T) {
	s := start(t)
	for name, check := range effects {
		if check(t, s) == nil {
			t.Errorf("the clean server shows the effect of %s", name)
		}
	}
}

// drivesAPart tells a fault whose whole effect is an option of a part's own package (the
// reference displayer's or host's), not an edit of what the reference serves.
func drivesAPart(f Fault) bool {
	for _, h := range f.effect {
		if h.displayer == nil && h.host == nil && h.connect == nil && h.consumer == nil {
			return false
		}
	}
	return len(f.effect) > 0
}
