package reference

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/obcert/obcert/openbadges/bake"
)

// disc draws a filled disc of colour fg on bg, size pixels square.
func disc(size int, fg, bg color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	c, r2 := size/2, (size/2-2)*(size/2-2)
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			dx, dy := x-c, y-c
			if dx*dx+dy*dy <= r2 {
				img.SetRGBA(x, y, fg)
			} else {
				img.SetRGBA(x, y, bg)
			}
		}
	}
	return img
}

var (
	badgeColour  = color.RGBA{R: 0x1f, G: 0x6f, B: 0xb2, A: 0xff}
	issuerColour = color.RGBA{R: 0x2e, G: 0x8b, B: 0x57, A: 0xff}
	white        = color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)

func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// badgeSVG is the unbaked SVG image the signed badge is baked into.
const badgeSVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
  <title>obcert Reference Badge</title>
  <circle cx="32" cy="32" r="30" fill="#1f6fb2"/>
  <text x="32" y="38" font-family="sans-serif" font-size="16" text-anchor="middle" fill="#ffffff">OB</text>
</svg>
`

// OBJ-12: "Every image (Assertion, BadgeClass, Profile) is PNG or SVG." buildImages returns
// every image the issuer serves, by path.
func buildImages(hostedJSON []byte, signedJWS string) (map[string]file, error) {
	issuerPNG, err := encodePNG(disc(32, issuerColour, white))
	if err != nil {
		return nil, err
	}
	badgePNG, err := encodePNG(disc(64, badgeColour, white))
	if err != nil {
		return nil, err
	}
	// BAKE-02: "PNG: insert an iTXt chunk with keyword openbadges." BAKE-03: "The iTXt text is
	// either a compact JWS (signed) or the raw JSON Assertion."
	hostedPNG, err := bake.BakePNG(badgePNG, string(hostedJSON))
	if err != nil {
		return nil, fmt.Errorf("baking %s: %w", pathHostedPNG, err)
	}
	// BAKE-10, BAKE-11, BAKE-13: the root svg declares xmlns:openbadges, and a self-closing
	// openbadges:assertion right after its start tag carries the JWS in verify.
	signedSVG, err := bake.BakeSVG([]byte(badgeSVG), bake.SVGAssertion{Verify: signedJWS})
	if err != nil {
		return nil, fmt.Errorf("baking %s: %w", pathSignedSVG, err)
	}
	return map[string]file{
		pathIssuerImage: {"image/png", issuerPNG}, pathBadgeImage: {"image/png", badgePNG},
		pathHostedPNG: {"image/png", hostedPNG}, pathSignedSVG: {"image/svg+xml", signedSVG},
	}, nil
}
