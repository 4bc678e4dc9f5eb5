package bake

import (
	"bytes"
	"encoding/xml"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/limits"
)

// Format is the kind of image a badge is baked into.
type Format string

const (
	PNG Format = "png"
	SVG Format = "svg"
)

// MaxImageBytes is the largest image Extract and the Bake functions accept: the harness's badge
// size limit.
const MaxImageBytes = limits.MaxBadgeBytes

// CheckName is the Check of every finding this package reports.
const CheckName = "BAKE_VALIDATION"

// Extracted is what an image carries.
type Extracted struct {
	Format Format
	// Payload is the baked text: JSON, a compact JWS, or (legacy PNG tEXt, or an SVG verify
	// attribute with no body) a URL.
	Payload string
	// Source is where the payload came from: "iTXt", "tEXt" (legacy, BAKE-09), "svg-body"
	// (CDATA or text body) or "svg-verify" (the verify attribute alone).
	Source string
	// Verify is the SVG verify attribute, when present.
	Verify string
	// Findings are the BAKE violations that did not stop extraction.
	Findings []obcert.Finding
}

// Error is why an image could not be read or baked, naming the requirements concerned.
type Error struct {
	Requirements []string
	Msg          string
}

func (e *Error) Error() string {
	return "bake: " + e.Msg + " (" + strings.Join(e.Requirements, ", ") + ")"
}

func newError(msg string, reqs ...string) *Error {
	return &Error{Requirements: reqs, Msg: msg}
}

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

const (
	svgNamespace        = "http://www.w3.org/2000/svg"
	openbadgesNamespace = "http://openbadges.org"
	utf8BOM             = "\xef\xbb\xbf"
	sniffTokenLimit     = 256
)

// Sniff tells PNG (by its signature) or SVG (XML whose root element is svg, after an optional
// BOM, XML declaration, comments and doctype) from content; it returns "" otherwise.
func Sniff(data []byte) Format {
	if bytes.HasPrefix(data, pngSignature) {
		return PNG
	}
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte(utf8BOM))))
	for range sniffTokenLimit {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if isSVGRoot(t.Name) {
				return SVG
			}
			return ""
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return ""
			}
		}
	}
	return ""
}

func isSVGRoot(n xml.Name) bool {
	return n.Local == "svg" && (n.Space == "" || n.Space == svgNamespace)
}

// Extract reads the Open Badges data from a PNG or SVG image. Errors are *Error values.
func Extract(data []byte) (*Extracted, error) {
	format := Sniff(data)
	if len(data) > MaxImageBytes {
		return nil, newError("image is larger than "+limits.Size(MaxImageBytes), extractionRequirement(format))
	}
	switch format {
	case PNG:
		return extractPNG(data)
	case SVG:
		return extractSVG(data)
	}
	// BAKE-01: "The BadgeClass image must be PNG or SVG so that it can be baked."
	return nil, newError("image is neither PNG nor SVG", "BAKE-01")
}

// extractionRequirement names the extraction rule for a format, or BAKE-01 when the format is unknown.
func extractionRequirement(f Format) string {
	switch f {
	case PNG:
		return "BAKE-08"
	case SVG:
		return "BAKE-16"
	}
	return "BAKE-01"
}

func finding(sev obcert.Severity, prop, msg, hint string, reqs ...string) obcert.Finding {
	return obcert.Finding{
		Check:        CheckName,
		Severity:     sev,
		Message:      msg,
		Property:     prop,
		Requirements: reqs,
		Hint:         hint,
	}
}
