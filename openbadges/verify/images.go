package verify

import (
	"fmt"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges/bake"
)

type imageRole int

const (
	imageAssertion imageRole = iota
	imageBadgeClass
	imageProfile
)

// checkImage fetches an image URL and checks it is PNG or SVG.
// OBJ-12: "Every image (Assertion, BadgeClass, Profile) is PNG or SVG."
// The reference validator accepts any content type and never checks Profile images; obcert checks both.
func (s *session) checkImage(n *Node, role imageRole) {
	u := str(n.Data["image"])
	if u == "" || !isHTTPURL(u) {
		return // absent, or a data URI: the class validator checks those
	}
	doc, err := s.fetchQuiet(u, "image/png, image/svg+xml")
	sev := obcert.Error
	if role == imageProfile {
		// An issuer's own logo being unreachable does not make a badge unverifiable.
		sev = obcert.Warning
	}
	if err != nil || doc.Status < 200 || doc.Status >= 300 {
		reason := ""
		if err != nil {
			reason = ": " + err.Error()
		} else {
			reason = fmt.Sprintf(": HTTP %d", doc.Status)
		}
		s.add(obcert.Finding{Check: "IMAGE_VALIDATION", Severity: sev, Node: n.ID, Property: "image",
			Requirements: []string{"OBJ-12", "VERIFY-01"}, Hint: "Serve the image over HTTP(S) with 200 OK.",
			Message: "Could not fetch image at " + u + reason})
		return
	}
	// The content decides, whatever the Content-Type says.
	if bake.Sniff(doc.Body) != "" {
		return
	}
	s.errorf("IMAGE_VALIDATION", n.ID, []string{"OBJ-12", "BAKE-01"},
		"Use a PNG or SVG image: OB 2.0 allows no other image format.",
		"Image at %s (served as %s) is not PNG or SVG", u, mediaType(doc.ContentType))
}
