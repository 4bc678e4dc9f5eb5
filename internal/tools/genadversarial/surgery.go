package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"

	"github.com/obcert/obcert/openbadges/bake"
)

// The product's baker writes only what the baking specification allows; the corpus breaks a
// correct bake by editing its bytes. bake.BakePNG puts its one iTXt chunk right before IEND.

// bakedChunk returns a correct bake of payload and the bounds of its iTXt chunk.
func bakedChunk(payload string) (img []byte, start, end int) {
	img, err := bake.BakePNG(pngBytes(), payload)
	if err != nil {
		panic(err)
	}
	end = bytes.LastIndex(img, []byte("IEND")) - 4 // the IEND chunk's length field
	start = bytes.LastIndex(img[:end], []byte("iTXtopenbadges")) - 4
	return img, start, end
}

// pngDuplicateChunk bakes payload with its openbadges iTXt chunk written twice (breaks BAKE-06).
func pngDuplicateChunk(payload string) []byte {
	img, start, end := bakedChunk(payload)
	return splice(img, start, end, append(bytes.Clone(img[start:end]), img[start:end]...))
}

// pngCompressedChunk bakes payload with its iTXt text zlib-compressed (breaks BAKE-04).
func pngCompressedChunk(payload string) []byte {
	img, start, end := bakedChunk(payload)
	data := append([]byte("openbadges"), 0, 1, 0, 0, 0)
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write([]byte(payload)) // writes to a bytes.Buffer do not fail
	w.Close()
	return splice(img, start, end, pngChunk("iTXt", append(data, z.Bytes()...)))
}

func splice(img []byte, start, end int, with []byte) []byte {
	out := append(bytes.Clone(img[:start]), with...)
	return append(out, img[end:]...)
}

func pngChunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(append(b, typ...), data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}
