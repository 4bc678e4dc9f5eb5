package bake

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"image/png"
	"slices"
	"strings"
	"testing"
)

func TestPNGRoundTrip(t *testing.T) {
	for _, payload := range []string{assertionJSON, compactJWS, `{"name":"Zoë – ✓ 日本語 🏅"}`, " spaced\n"} {
		baked, err := BakePNG(newPNG(t), payload)
		if err != nil {
			t.Fatalf("BakePNG(%q): %v", payload, err)
		}
		ex := mustExtract(t, baked)
		if ex.Payload != payload || ex.Source != "iTXt" || ex.Format != PNG || len(ex.Findings) != 0 {
			t.Errorf("round trip of %q gave %+v", payload, ex)
		}
		if _, err := png.Decode(bytes.NewReader(baked)); err != nil {
			t.Errorf("baked PNG no longer decodes: %v", err)
		}
	}
}

func TestBakePNGWritesOneUncompressedITXtBeforeIEND(t *testing.T) {
	baked, err := BakePNG(newPNG(t), assertionJSON)
	if err != nil {
		t.Fatal(err)
	}
	chunks, _, err := readChunks(baked)
	if err != nil {
		t.Fatal(err)
	}
	n := len(chunks)
	want := "openbadges\x00\x00\x00\x00\x00" + assertionJSON
	if chunks[n-1].typ != "IEND" || chunks[n-2].typ != "iTXt" || string(chunks[n-2].data) != want {
		t.Errorf("last chunks are %s %q, %s", chunks[n-2].typ, chunks[n-2].data, chunks[n-1].typ)
	}
}

func TestRebakingPNGReplacesTheBadge(t *testing.T) {
	const old = "https://example.org/old"
	for _, first := range [][]byte{pngWith(t, itxtChunk(old)), pngWith(t, textChunk(t, keyword, old)),
		pngWith(t, itxtChunk(old), itxtChunk(old)), pngWith(t, compressedITXt(t, old))} {
		second, err := BakePNG(first, assertionJSON)
		if err != nil {
			t.Fatal(err)
		}
		ex := mustExtract(t, second)
		if ex.Payload != assertionJSON || len(ex.Findings) != 0 {
			t.Errorf("re-baking gave %+v", ex)
		}
	}
}

func TestPNGFaults(t *testing.T) {
	const payload = "https://example.org/assertions/ü"
	text := textChunk(t, keyword, payload)
	cases := []struct {
		name   string
		img    []byte
		source string
		want   []string
	}{
		{"compressed iTXt", pngWith(t, compressedITXt(t, payload)), "iTXt", []string{"BAKE-04/ERROR"}},
		{"two iTXt chunks", pngWith(t, itxtChunk(payload), itxtChunk(payload)), "iTXt", []string{"BAKE-06/ERROR"}},
		{"legacy tEXt", pngWith(t, text), "tEXt", []string{"BAKE-02/WARNING", "BAKE-09/WARNING"}},
		{"two tEXt chunks", pngWith(t, text, text), "tEXt",
			[]string{"BAKE-06/ERROR", "BAKE-02/WARNING", "BAKE-09/WARNING"}},
	}
	for _, c := range cases {
		ex := mustExtract(t, c.img)
		if ex.Payload != payload || ex.Source != c.source {
			t.Errorf("%s: payload %q from %s", c.name, ex.Payload, ex.Source)
		}
		if got := findingIDs(ex.Findings); !slices.Equal(got, c.want) {
			t.Errorf("%s: findings %v, want %v", c.name, got, c.want)
		}
	}
}

func TestPNGITXtWinsOverEarlierTEXt(t *testing.T) {
	legacy := pngWith(t, textChunk(t, keyword, "https://example.org/legacy"))
	both := insertBeforeIEND(t, legacy, encodeChunk("iTXt", []byte("openbadges\x00\x00\x00en\x00Abzeichen\x00"+assertionJSON)))
	ex := mustExtract(t, both)
	if ex.Payload != assertionJSON || ex.Source != "iTXt" || !slices.Equal(findingIDs(ex.Findings), []string{"BAKE-06/ERROR"}) {
		t.Errorf("got %+v", ex)
	}
}

func TestPNGOtherKeywordIsNoBadge(t *testing.T) {
	_, err := Extract(pngWith(t, encodeChunk("iTXt", []byte("OpenBadges\x00\x00\x00\x00\x00"+assertionJSON))))
	requireError(t, err, "BAKE-08")
}

func TestPNGErrors(t *testing.T) {
	baked, err := BakePNG(newPNG(t), assertionJSON)
	if err != nil {
		t.Fatal(err)
	}
	badCRC := bytes.Clone(baked)
	badCRC[len(pngSignature)+8] ^= 0xff // first byte of IHDR data
	bomb := zlibBytes(t, strings.Repeat("0", maxPayload+1))
	cases := []struct {
		name string
		img  []byte
		want string
	}{
		{"no badge", newPNG(t), "BAKE-08"},
		{"bad CRC", badCRC, "BAKE-08"},
		{"truncated", baked[:len(baked)-5], "BAKE-08"},
		{"no IEND", baked[:len(baked)-12], "BAKE-08"},
		{"signature only", pngSignature, "BAKE-08"},
		{"first chunk not IHDR", append(bytes.Clone(pngSignature), encodeChunk("IEND", nil)...), "BAKE-08"},
		{"huge chunk length", hugeLength(t), "BAKE-08"},
		{"empty iTXt", withChunk(t, "openbadges\x00\x00\x00\x00\x00 "), "BAKE-08"},
		{"no NUL after language tag", withChunk(t, "openbadges\x00\x00\x00en"), "BAKE-08"},
		{"no compression fields", withChunk(t, "openbadges\x00"), "BAKE-08"},
		{"compression flag 2", withChunk(t, "openbadges\x00\x02\x00\x00\x00x"), "BAKE-04"},
		{"compression method 1", withChunk(t, "openbadges\x00\x01\x01\x00\x00x"), "BAKE-04"},
		{"bad zlib", withChunk(t, "openbadges\x00\x01\x00\x00\x00not zlib"), "BAKE-04"},
		{"zip bomb", withChunk(t, "openbadges\x00\x01\x00\x00\x00"+string(bomb)), "BAKE-04"},
		{"empty tEXt", withChunkType(t, "tEXt", "openbadges\x00"), "BAKE-09"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ex, err := Extract(c.img)
			if ex != nil {
				t.Errorf("got %+v", ex)
			}
			requireError(t, err, c.want)
		})
	}
}

func TestBakePNGRefuses(t *testing.T) {
	img := newPNG(t)
	for payload, want := range map[string]string{"": "BAKE-03", "\xff\xfe": "BAKE-03"} {
		out, err := BakePNG(img, payload)
		if out != nil {
			t.Errorf("BakePNG(%q) returned an image", payload)
		}
		requireError(t, err, want)
	}
	_, err := BakePNG([]byte("not a png"), assertionJSON)
	requireError(t, err, "BAKE-01")
}

func zlibBytes(t testing.TB, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withChunk returns the test PNG with one raw iTXt chunk holding data.
func withChunk(t *testing.T, data string) []byte {
	t.Helper()
	return withChunkType(t, "iTXt", data)
}

func withChunkType(t *testing.T, typ, data string) []byte {
	t.Helper()
	return insertBeforeIEND(t, newPNG(t), encodeChunk(typ, []byte(data)))
}

func insertBeforeIEND(t testing.TB, img, raw []byte) []byte {
	t.Helper()
	i := len(img) - 12
	if string(img[i+4:i+8]) != "IEND" {
		t.Fatal("image does not end with IEND")
	}
	return slices.Concat(img[:i], raw, img[i:])
}

// hugeLength is a PNG whose second chunk claims 2³¹ bytes.
func hugeLength(t *testing.T) []byte {
	t.Helper()
	img := newPNG(t)
	i := len(pngSignature) + 12 + 13
	binary.BigEndian.PutUint32(img[i:], 1<<31)
	return img
}

func TestPNGInvalidUTF8IsNeitherJSONNorJWS(t *testing.T) {
	ex := mustExtract(t, withChunk(t, "openbadges\x00\x00\x00\x00\x00{\xff}"))
	if ex.Payload != "{\xff}" || !slices.Equal(findingIDs(ex.Findings), []string{"BAKE-03/ERROR"}) {
		t.Errorf("got %+v", ex)
	}
}

func TestPNGChunkCountIsCapped(t *testing.T) {
	img := newPNG(t)
	filler := bytes.Repeat(encodeChunk("tIME", nil), maxChunks)
	_, err := Extract(insertBeforeIEND(t, img, filler))
	requireError(t, err, "BAKE-08")
	if !strings.Contains(err.Error(), "65536 chunks") {
		t.Errorf("error %q does not say why", err)
	}
}
