package bake

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"unicode/utf8"

	"github.com/obcert/obcert/internal/limits"
)

// PNGOptions shape the baked chunk, so that a test double can bake a faulty PNG on purpose.
// The zero value bakes what the specification asks for.
type PNGOptions struct {
	Compressed bool   // compress the iTXt text (breaks BAKE-04)
	Keyword    string // chunk keyword; default "openbadges"
	Chunk      string // "iTXt" (default) or "tEXt" (the legacy form, BAKE-09)
	Duplicate  bool   // write the chunk twice (breaks BAKE-06)
}

// BakePNG returns img with payload in one uncompressed iTXt chunk with keyword openbadges,
// placed before IEND. Any openbadges iTXt or tEXt chunk img already holds is removed.
func BakePNG(img []byte, payload string) ([]byte, error) {
	return BakePNGWith(img, payload, PNGOptions{})
}

// BakePNGWith is BakePNG with the chunk shaped by o.
func BakePNGWith(img []byte, payload string, o PNGOptions) ([]byte, error) {
	if len(img) > MaxImageBytes || len(payload) > maxPayload {
		return nil, newError("image or payload is larger than "+limits.Size(MaxImageBytes), "BAKE-08")
	}
	if payload == "" {
		return nil, newError("empty payload: bake an Assertion JSON or compact JWS", "BAKE-03")
	}
	kw := o.Keyword
	if kw == "" {
		kw = keyword
	}
	data, err := textChunkData(kw, payload, o)
	if err != nil {
		return nil, err
	}
	chunks, trailing, err := readChunks(img)
	if err != nil {
		return nil, err
	}
	return assemblePNG(chunks, trailing, encodeChunk(o.Chunk, data), o.Duplicate, kw), nil
}

// assemblePNG writes the chunks back with every existing badge chunk removed and baked inserted
// before IEND.
func assemblePNG(chunks []chunk, trailing, baked []byte, twice bool, kw string) []byte {
	var out bytes.Buffer
	out.Write(pngSignature)
	for _, c := range chunks {
		// BAKE-07: "When baking an image that already has OB data, raise an error or overwrite."
		if isBadgeChunk(c, keyword) || isBadgeChunk(c, kw) {
			continue
		}
		if c.typ == "IEND" {
			out.Write(baked)
			if twice {
				out.Write(baked)
			}
		}
		out.Write(c.raw)
	}
	out.Write(trailing)
	return out.Bytes()
}

func textChunkData(kw, payload string, o PNGOptions) ([]byte, error) {
	if len(kw) > 79 || bytes.IndexByte([]byte(kw), 0) >= 0 {
		return nil, newError("chunk keyword must be 1 to 79 bytes without NUL", "BAKE-02")
	}
	switch o.Chunk {
	case "", "iTXt":
		return itxtData(kw, payload, o.Compressed)
	case "tEXt":
		return textData(kw, payload, o.Compressed)
	}
	return nil, newError("unknown chunk type "+o.Chunk+": want iTXt or tEXt", "BAKE-02")
}

// itxtData lays out an iTXt chunk: keyword, NUL, compression flag and method, empty language
// tag and translated keyword (BAKE-05), text.
func itxtData(kw, payload string, compressed bool) ([]byte, error) {
	if !utf8.ValidString(payload) {
		return nil, newError("iTXt text must be UTF-8", "BAKE-03")
	}
	b := append([]byte(kw), 0, 0, 0, 0, 0)
	if !compressed {
		// BAKE-04: "MUST NOT compress the chunk (compression flag 0, method 0)."
		return append(b, payload...), nil
	}
	b[len(kw)+1] = 1
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write([]byte(payload)) // writes to a bytes.Buffer do not fail
	w.Close()
	return append(b, z.Bytes()...), nil
}

// textData lays out a legacy tEXt chunk, whose text is ISO 8859-1.
func textData(kw, payload string, compressed bool) ([]byte, error) {
	if compressed {
		return nil, newError("a tEXt chunk cannot be compressed", "BAKE-09")
	}
	b := append([]byte(kw), 0)
	for _, r := range payload {
		if r > 0xff { // also catches utf8.RuneError
			return nil, newError("tEXt text must be ISO 8859-1", "BAKE-09")
		}
		b = append(b, byte(r))
	}
	return b, nil
}

func encodeChunk(typ string, data []byte) []byte {
	if typ == "" {
		typ = "iTXt"
	}
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}
