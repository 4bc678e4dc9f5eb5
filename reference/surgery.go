package reference

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image/jpeg"
	"image/png"
	"slices"
)

// The baking faults are byte surgery on a correct bake: the product API (openbadges/bake) bakes
// only what the specification asks for.

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// itxtKeyword starts the data of the openbadges iTXt chunk, up to its compression flag.
const itxtKeyword = "openbadges\x00"

// badgeChunk finds the openbadges iTXt chunk of a PNG: the offsets of its start and end.
func badgeChunk(img []byte) (start, end int, err error) {
	for i := len(pngSignature); i+12 <= len(img); {
		n := int(binary.BigEndian.Uint32(img[i:]))
		end := i + 12 + n
		if end > len(img) {
			break
		}
		if string(img[i+4:i+8]) == "iTXt" && bytes.HasPrefix(img[i+8:], []byte(itxtKeyword)) {
			return i, end, nil
		}
		i = end
	}
	return 0, 0, errors.New("the PNG has no openbadges iTXt chunk")
}

// chunk encodes a PNG chunk of type typ with its length and CRC.
func chunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}

// replaceChunk replaces the openbadges chunk of a PNG with what edit makes of it.
func replaceChunk(f *file, edit func(raw []byte) []byte) error {
	start, end, err := badgeChunk(f.body)
	if err != nil {
		return err
	}
	f.body = slices.Concat(f.body[:start], edit(f.body[start:end]), f.body[end:])
	return nil
}

// unbakePNG removes the openbadges chunk, leaving the image the badge was baked into.
func unbakePNG(f *file) error {
	return replaceChunk(f, func([]byte) []byte { return nil })
}

// duplicateChunk writes the openbadges chunk twice.
func duplicateChunk(f *file) error {
	return replaceChunk(f, func(raw []byte) []byte { return slices.Concat(raw, raw) })
}

// compressChunk sets the chunk's compression flag and deflates its text, with a new CRC.
func compressChunk(f *file) error {
	return replaceChunk(f, func(raw []byte) []byte {
		head := 8 + len(itxtKeyword) + 4 // length, type, keyword, flag, method, empty language and translated keyword
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		w.Write(raw[head : len(raw)-4]) // writes to a bytes.Buffer do not fail
		w.Close()
		return chunk("iTXt", slices.Concat([]byte(itxtKeyword), []byte{1, 0, 0, 0}, z.Bytes()))
	})
}

// pngToJPEG re-encodes a PNG image as a JPEG.
func pngToJPEG(f *file) error {
	img, err := png.Decode(bytes.NewReader(f.body))
	if err != nil {
		return fmt.Errorf("decoding PNG: %w", err)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		return fmt.Errorf("encoding JPEG: %w", err)
	}
	f.contentType, f.body = "image/jpeg", buf.Bytes()
	return nil
}

// svgNamespace is the declaration bake.BakeSVG writes on the root svg element.
const svgNamespace = ` xmlns:openbadges="http://openbadges.org"`

// svgOmitNamespace removes the xmlns:openbadges declaration from the root.
func svgOmitNamespace(f *file) error { return svgReplace(f, svgNamespace, "") }

// svgDuplicateAssertion writes the openbadges:assertion element twice.
func svgDuplicateAssertion(f *file) error {
	start := bytes.Index(f.body, []byte("<openbadges:assertion"))
	end := bytes.Index(f.body[max(start, 0):], []byte("/>"))
	if start < 0 || end < 0 {
		return errors.New("the SVG has no self-closing openbadges:assertion element")
	}
	elem := string(f.body[start : start+end+2])
	return svgReplace(f, elem, elem+elem)
}

func svgReplace(f *file, old, repl string) error {
	if !bytes.Contains(f.body, []byte(old)) {
		return fmt.Errorf("the SVG does not hold %q", old)
	}
	f.body = bytes.Replace(f.body, []byte(old), []byte(repl), 1)
	return nil
}
