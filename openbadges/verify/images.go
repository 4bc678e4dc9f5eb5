package verify

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/openbadges"
	"github.com/obcert/obcert/openbadges/bake"
)

type imageRole int

const (
	imageAssertion imageRole = iota
	imageBadgeClass
	imageProfile
)

// maxDataURIBytes caps the decoded size of a data-URI image.
const maxDataURIBytes = 2 << 20

// checkImage checks an image by its bytes, fetched from its URL or decoded from its data URI.
// OBJ-12: "Every image (Assertion, BadgeClass, Profile) is PNG or SVG." The spec says of the
// BadgeClass image: "This must be a PNG or SVG image"; of Image id (OBJ-31): "the URI or Data URI
// of the image". The reference validator accepts any content type, reads only the media type a
// data URI declares, and never checks Profile images; obcert checks the bytes of all three.
func (s *session) checkImage(n *Node, role imageRole) {
	src := str(n.Data["image"])
	switch {
	case openbadges.IsDataURI(src):
		b, err := decodeDataURI(src)
		if err != nil {
			s.errorf("IMAGE_VALIDATION", n.ID, []string{"OBJ-12"},
				"Encode the image as data:image/png;base64,... (or an SVG data URI) of at most 2 MiB.",
				"The data-URI image of %s cannot be used: %v", n.ID, err)
			return
		}
		media, _ := openbadges.DataURIMediaType(src)
		s.imageBytes(n, "the data URI", "declared as "+media, b)
	case isHTTPURL(src):
		s.imageURL(n, role, src)
	}
	// Anything else is not an image reference; the class validator reports it.
}

func (s *session) imageURL(n *Node, role imageRole, u string) {
	doc, err := s.get(u, "image/png, image/svg+xml", PurposeImage, openbadges.ClassImage)
	sev := obcert.Error
	if role == imageProfile {
		// An issuer's own logo being unreachable does not make a badge unverifiable.
		sev = obcert.Warning
	}
	if err != nil || doc.Status < 200 || doc.Status >= 300 {
		reason, hint := "", "Serve the image over HTTP(S) with 200 OK."
		if err != nil {
			reason = ": " + err.Error()
		} else {
			reason = fmt.Sprintf(": HTTP %d", doc.Status)
			if doc.Status == 401 || doc.Status == 403 {
				hint = statusHint(doc.Status)
			}
		}
		s.add(obcert.Finding{Check: "IMAGE_VALIDATION", Severity: sev, Node: n.ID, Property: "image",
			Requirements: []string{"OBJ-12", "VERIFY-01"}, Hint: hint,
			Message: "Could not fetch image at " + u + reason})
		return
	}
	s.read(doc, "")
	s.imageBytes(n, u, "served as "+mediaType(doc.ContentType), doc.Body)
}

// imageBytes checks that an image is PNG or SVG by its content, whatever its type claims.
func (s *session) imageBytes(n *Node, where, claim string, b []byte) {
	if bake.Sniff(b) != "" {
		return
	}
	s.errorf("IMAGE_VALIDATION", n.ID, []string{"OBJ-12", "BAKE-01"},
		"Use a PNG or SVG image: OB 2.0 allows no other image format, whatever the media type says.",
		"Image at %s (%s) is not PNG or SVG: its bytes are %s", where, claim, sniffName(b))
}

// sniffName names what image bytes look like, for a message.
func sniffName(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return "a JPEG"
	case bytes.HasPrefix(b, []byte("GIF8")):
		return "a GIF"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "a WebP"
	case len(b) == 0:
		return "empty"
	}
	return "of another format"
}

// decodeDataURI returns the bytes of a data URI (base64 or percent-encoded), at most maxDataURIBytes.
func decodeDataURI(src string) ([]byte, error) {
	head, data, ok := strings.Cut(src, ",")
	if !ok {
		return nil, errors.New("it has no comma before its data")
	}
	if len(data) > maxDataURIBytes*4/3+4 {
		return nil, fmt.Errorf("it is larger than %d bytes", maxDataURIBytes)
	}
	var b []byte
	var err error
	if strings.HasSuffix(strings.ToLower(head), ";base64") {
		clean := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
				return -1
			}
			return r
		}, data)
		b, err = base64.StdEncoding.DecodeString(clean)
		if err != nil {
			b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(clean, "="))
		}
	} else {
		var text string
		text, err = url.PathUnescape(data)
		b = []byte(text)
	}
	if err != nil {
		return nil, fmt.Errorf("its data does not decode: %v", err)
	}
	if len(b) > maxDataURIBytes {
		return nil, fmt.Errorf("it is larger than %d bytes", maxDataURIBytes)
	}
	return b, nil
}
