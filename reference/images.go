package reference

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
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

func encodeJPEG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		return nil, fmt.Errorf("encoding JPEG: %w", err)
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

// images are the image bodies the reference serves.
type images struct {
	issuerPNG, badge, hostedPNG, signedSVG []byte
	badgeType                              string
}

// BAKE-02: "PNG: insert an iTXt chunk with keyword openbadges." BAKE-03: "The iTXt text is either
// a compact JWS (signed) or the raw JSON Assertion."
func bakeHostedPNG(c *config, img []byte, assertion []byte) ([]byte, error) {
	switch c.png {
	case pngNotBaked:
		return img, nil
	case pngCompressed:
		return bake.BakePNGWith(img, string(assertion), bake.PNGOptions{Compressed: true})
	case pngDuplicate:
		return bake.BakePNGWith(img, string(assertion), bake.PNGOptions{Duplicate: true})
	}
	return bake.BakePNG(img, string(assertion))
}

// BAKE-10, BAKE-11, BAKE-13: the root svg declares xmlns:openbadges, and a self-closing
// openbadges:assertion right after its start tag carries the JWS in verify.
func bakeSignedSVG(c *config, jws string) ([]byte, error) {
	a := bake.SVGAssertion{Verify: jws}
	if c.svgDuplicate || c.svgNoNamespace {
		return bake.BakeSVGWith([]byte(badgeSVG), a, bake.SVGOptions{
			Duplicate: c.svgDuplicate, OmitNamespace: c.svgNoNamespace})
	}
	return bake.BakeSVG([]byte(badgeSVG), a)
}

// OBJ-12: "Every image (Assertion, BadgeClass, Profile) is PNG or SVG."
func buildImages(c *config, hostedJSON []byte, signedJWS string) (images, error) {
	var im images
	var err error
	if im.issuerPNG, err = encodePNG(disc(32, issuerColour, white)); err != nil {
		return im, err
	}
	badge := disc(64, badgeColour, white)
	badgePNG, err := encodePNG(badge)
	if err != nil {
		return im, err
	}
	im.badge, im.badgeType = badgePNG, "image/png"
	if c.badgeImageJPEG {
		if im.badge, err = encodeJPEG(badge); err != nil {
			return im, err
		}
		im.badgeType = "image/jpeg"
	}
	if im.hostedPNG, err = bakeHostedPNG(c, badgePNG, hostedJSON); err != nil {
		return im, fmt.Errorf("baking %s: %w", pathHostedPNG, err)
	}
	if im.signedSVG, err = bakeSignedSVG(c, signedJWS); err != nil {
		return im, fmt.Errorf("baking %s: %w", pathSignedSVG, err)
	}
	return im, nil
}
