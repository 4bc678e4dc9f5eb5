package bake

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"strings"
	"unicode/utf8"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/limits"
)

const (
	keyword        = "openbadges"
	maxChunks      = 1 << 16
	maxChunkLength = 1<<31 - 1
	maxPayload     = MaxImageBytes
)

// chunk is one PNG chunk; raw is its whole encoding (length, type, data, CRC).
type chunk struct {
	typ  string
	data []byte
	raw  []byte
}

// readChunks walks a PNG up to IEND, checking the signature and every CRC. It returns the bytes
// that follow IEND unchanged.
func readChunks(img []byte) ([]chunk, []byte, error) {
	if !bytes.HasPrefix(img, pngSignature) {
		return nil, nil, newError("not a PNG: bad signature", "BAKE-01")
	}
	chunks := make([]chunk, 0, 8) // a badge PNG has a handful: room for them, not grown by doubling
	rest := img[len(pngSignature):]
	for len(chunks) < maxChunks {
		c, err := nextChunk(rest, len(chunks) == 0)
		if err != nil {
			return nil, nil, err
		}
		chunks = append(chunks, c)
		rest = rest[len(c.raw):]
		if c.typ == "IEND" {
			return chunks, rest, nil
		}
	}
	return nil, nil, newError("corrupt PNG: more than 65536 chunks", "BAKE-08")
}

func nextChunk(rest []byte, first bool) (chunk, error) {
	if len(rest) < 12 {
		return chunk{}, newError("corrupt PNG: truncated before IEND", "BAKE-08")
	}
	n := binary.BigEndian.Uint32(rest)
	if n > maxChunkLength || uint64(n) > uint64(len(rest)-12) {
		return chunk{}, newError("corrupt PNG: chunk length runs past the end", "BAKE-08")
	}
	typ := rest[4:8]
	if !isChunkType(typ) {
		return chunk{}, newError("corrupt PNG: invalid chunk type", "BAKE-08")
	}
	end := 8 + int(n)
	if crc32.ChecksumIEEE(rest[4:end]) != binary.BigEndian.Uint32(rest[end:]) {
		return chunk{}, newError("corrupt PNG: CRC mismatch in "+string(typ)+" chunk", "BAKE-08")
	}
	if first && string(typ) != "IHDR" {
		return chunk{}, newError("corrupt PNG: first chunk is not IHDR", "BAKE-08")
	}
	return chunk{typ: chunkTypeName(typ), data: rest[8:end], raw: rest[:end+4]}, nil
}

// chunkTypeName returns the chunk type as a string: the common types as constants, so that
// reading a PNG does not allocate one for every chunk.
func chunkTypeName(t []byte) string {
	switch string(t) {
	case "IHDR":
		return "IHDR"
	case "IDAT":
		return "IDAT"
	case "IEND":
		return "IEND"
	case "iTXt":
		return "iTXt"
	case "tEXt":
		return "tEXt"
	case "zTXt":
		return "zTXt"
	case "PLTE":
		return "PLTE"
	case "tRNS":
		return "tRNS"
	case "pHYs":
		return "pHYs"
	case "sRGB":
		return "sRGB"
	case "gAMA":
		return "gAMA"
	case "cHRM":
		return "cHRM"
	case "iCCP":
		return "iCCP"
	case "bKGD":
		return "bKGD"
	case "tIME":
		return "tIME"
	}
	return string(t)
}

func isChunkType(t []byte) bool {
	for _, b := range t {
		if (b < 'A' || b > 'Z') && (b < 'a' || b > 'z') {
			return false
		}
	}
	return true
}

// chunkKeyword is the keyword of a tEXt or iTXt chunk: its bytes up to the first NUL, or ""
// when the chunk has no NUL and so no keyword.
func chunkKeyword(data []byte) string {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return string(data[:i])
	}
	return ""
}

func isBadgeChunk(c chunk, kw string) bool {
	return (c.typ == "iTXt" || c.typ == "tEXt") && chunkKeyword(c.data) == kw
}

func extractPNG(img []byte) (*Extracted, error) {
	chunks, _, err := readChunks(img)
	if err != nil {
		return nil, err
	}
	var itxt, text []chunk
	for _, c := range chunks {
		if isBadgeChunk(c, keyword) && c.typ == "iTXt" {
			itxt = append(itxt, c)
		} else if isBadgeChunk(c, keyword) {
			text = append(text, c)
		}
	}
	ex := &Extracted{Format: PNG}
	// BAKE-06: "A PNG holds more than one iTXt chunk with keyword openbadges" (MUST NOT).
	if n := len(itxt) + len(text); n > 1 {
		ex.Findings = append(ex.Findings, finding(obcert.Error, "iTXt",
			"the PNG holds more than one openbadges text chunk; the first iTXt one was read",
			"bake exactly one iTXt chunk with keyword openbadges, removing any earlier one", "BAKE-06"))
	}
	switch {
	// BAKE-08: "PNG extraction: read up to the first iTXt chunk with keyword openbadges; the rest may be skipped."
	case len(itxt) > 0:
		err = readITXt(ex, itxt[0].data)
	// BAKE-09: "Legacy PNGs: a tEXt:openbadges chunk holds the URL of a hosted Assertion."
	case len(text) > 0:
		err = readTEXt(ex, text[0].data)
	default:
		err = newError("no openbadges data: the PNG has no iTXt chunk with keyword openbadges", "BAKE-02", "BAKE-08")
	}
	if err != nil {
		return nil, err
	}
	return ex, nil
}

// itxtFields are the parts of an iTXt chunk after the keyword.
type itxtFields struct {
	flag, method byte
	text         []byte
}

func parseITXt(data []byte) (itxtFields, error) {
	rest := data[len(keyword)+1:]
	if len(rest) < 2 {
		return itxtFields{}, newError("corrupt openbadges iTXt chunk: no compression fields", "BAKE-08")
	}
	f := itxtFields{flag: rest[0], method: rest[1]}
	rest = rest[2:]
	// BAKE-05: "The iTXt language tag and translated keyword carry no meaning": skip both.
	for range 2 {
		i := bytes.IndexByte(rest, 0)
		if i < 0 {
			return itxtFields{}, newError("corrupt openbadges iTXt chunk: unterminated language tag or translated keyword", "BAKE-08")
		}
		rest = rest[i+1:]
	}
	f.text = rest
	return f, nil
}

func readITXt(ex *Extracted, data []byte) error {
	f, err := parseITXt(data)
	if err != nil {
		return err
	}
	text, err := itxtText(ex, f)
	if err != nil {
		return err
	}
	if strings.TrimSpace(string(text)) == "" {
		return newError("no openbadges data: the openbadges iTXt chunk is empty", "BAKE-03", "BAKE-08")
	}
	// BAKE-03: "The iTXt text is either a compact JWS (signed) or the raw JSON Assertion."
	if !utf8.Valid(text) {
		ex.Findings = append(ex.Findings, finding(obcert.Error, "iTXt",
			"the openbadges iTXt text is not valid UTF-8, so it is neither JSON nor a JWS",
			"write the Assertion JSON or compact JWS as UTF-8", "BAKE-03"))
	}
	ex.Payload, ex.Source = string(text), "iTXt"
	return nil
}

// itxtText returns the chunk's text, inflating it (within maxPayload) when it is compressed.
func itxtText(ex *Extracted, f itxtFields) ([]byte, error) {
	// BAKE-04: "MUST NOT compress the chunk (compression flag 0, method 0)."
	if f.flag != 0 || f.method != 0 {
		ex.Findings = append(ex.Findings, finding(obcert.Error, "iTXt",
			"the openbadges iTXt chunk is compressed (compression flag or method is not 0)",
			"write the iTXt text uncompressed, with compression flag 0 and method 0", "BAKE-04"))
	}
	switch {
	case f.flag == 0:
		return f.text, nil
	case f.flag != 1 || f.method != 0:
		return nil, newError("corrupt openbadges iTXt chunk: unknown compression flag or method", "BAKE-04", "BAKE-08")
	}
	return inflate(f.text)
}

func inflate(b []byte) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, newError("corrupt compressed openbadges iTXt chunk: "+err.Error(), "BAKE-04", "BAKE-08")
	}
	defer r.Close()
	out, err := limits.ReadAll(r, maxPayload)
	if errors.Is(err, limits.ErrTooLarge) {
		return nil, newError("compressed openbadges iTXt chunk inflates to more than "+limits.Size(maxPayload), "BAKE-04", "BAKE-08")
	}
	if err != nil {
		return nil, newError("corrupt compressed openbadges iTXt chunk: "+err.Error(), "BAKE-04", "BAKE-08")
	}
	return out, nil
}

func readTEXt(ex *Extracted, data []byte) error {
	text := latin1ToUTF8(data[len(keyword)+1:])
	if strings.TrimSpace(text) == "" {
		return newError("no openbadges data: the legacy openbadges tEXt chunk is empty", "BAKE-08", "BAKE-09")
	}
	// BAKE-02: "PNG: insert an iTXt chunk with keyword openbadges" (SHOULD).
	ex.Findings = append(ex.Findings, finding(obcert.Warning, "tEXt",
		"the PNG carries only a legacy tEXt openbadges chunk (a hosted Assertion URL), not an iTXt chunk",
		"bake the Assertion JSON or JWS into an iTXt chunk with keyword openbadges", "BAKE-02", "BAKE-09"))
	ex.Payload, ex.Source = text, "tEXt"
	return nil
}

// latin1ToUTF8 decodes tEXt text, which PNG defines as ISO 8859-1.
func latin1ToUTF8(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}
