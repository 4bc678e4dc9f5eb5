package bake

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"unicode/utf8"

	"github.com/obcert/obcert/internal/limits"
)

// BakePNG returns img with payload in one uncompressed iTXt chunk with keyword openbadges,
// placed before IEND. Any openbadges iTXt or tEXt chunk img already holds is removed.
func BakePNG(img []byte, payload string) ([]byte, error) {
	if len(img) > MaxImageBytes || len(payload) > maxPayload {
		return nil, newError("image or payload is larger than "+limits.Size(MaxImageBytes), "BAKE-08")
	}
	if payload == "" {
		return nil, newError("empty payload: bake an Assertion JSON or compact JWS", "BAKE-03")
	}
	if !utf8.ValidString(payload) {
		return nil, newError("iTXt text must be UTF-8", "BAKE-03")
	}
	chunks, trailing, err := readChunks(img)
	if err != nil {
		return nil, err
	}
	return assemblePNG(chunks, trailing, encodeChunk("iTXt", itxtData(payload))), nil
}

// assemblePNG writes the chunks back with every existing badge chunk removed and baked inserted
// before IEND.
func assemblePNG(chunks []chunk, trailing, baked []byte) []byte {
	var out bytes.Buffer
	out.Write(pngSignature)
	for _, c := range chunks {
		// BAKE-07: "When baking an image that already has OB data, raise an error or overwrite."
		if isBadgeChunk(c, keyword) {
			continue
		}
		if c.typ == "IEND" {
			out.Write(baked)
		}
		out.Write(c.raw)
	}
	out.Write(trailing)
	return out.Bytes()
}

// itxtData lays out an iTXt chunk: keyword, NUL, compression flag and method, empty language
// tag and translated keyword (BAKE-05), text.
// BAKE-04: "MUST NOT compress the chunk (compression flag 0, method 0)."
func itxtData(payload string) []byte {
	b := append([]byte(keyword), 0, 0, 0, 0, 0)
	return append(b, payload...)
}

func encodeChunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}
