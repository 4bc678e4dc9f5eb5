package bake

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"os"
	"testing"
)

// fuzzPayload is baked into every fuzz input that a Bake function accepts.
const fuzzPayload = `{"id":"https://example.org/a/1","name":"Zoë ]]> ✓"}`

// addPeerSeeds adds fixtures the repository carries as seeds; a missing one fails the target.
func addPeerSeeds(f *testing.F, files ...string) {
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatalf("reading seed: %v", err)
		}
		f.Add(b)
	}
}

func FuzzExtractPNG(f *testing.F) {
	addPeerSeeds(f, peers+"history/baked_heart.png", peers+"bakery/baked_heart.png", peers+"inline/baked_heart_assertion1_url.png",
		scenarios+"02-baked-png-2_0/baked_heart_2_0_assertion.png", peers+"public_domain_heart.png")
	const seed = `{"id":"https://example.org/a/1","name":"Zoë"}`
	f.Add(pngWith(f, itxtChunk(seed)))
	f.Add(pngWith(f, compressedITXt(f, seed)))
	f.Add(pngWith(f, textChunk(f, keyword, seed)))
	f.Add(pngWith(f, itxtChunk(seed), itxtChunk(seed)))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, img := range [][]byte{data, withFixedCRCs(data)} {
			ex, err := Extract(img)
			if err == nil && ex.Format == PNG && len(ex.Findings) == 0 {
				rebaked, err := BakePNG(img, ex.Payload)
				if err != nil {
					t.Fatalf("BakePNG refused what Extract accepted: %v", err)
				}
				checkRebake(t, rebaked, ex.Payload)
			}
			if baked, err := BakePNG(img, fuzzPayload); err == nil {
				checkRebake(t, baked, fuzzPayload)
			}
		}
	})
}

// withFixedCRCs rewrites the CRC of every chunk it can reach, so that mutated chunks get past
// the CRC check to the parsers behind it.
func withFixedCRCs(data []byte) []byte {
	if !bytes.HasPrefix(data, pngSignature) {
		return data
	}
	out := bytes.Clone(data)
	for i := len(pngSignature); i+12 <= len(out); {
		n := uint64(binary.BigEndian.Uint32(out[i:]))
		if n > uint64(len(out)-i-12) {
			break
		}
		end := i + 8 + int(n)
		binary.BigEndian.PutUint32(out[end:], crc32.ChecksumIEEE(out[i+4:end]))
		i = end + 4
	}
	return out
}

func FuzzExtractSVG(f *testing.F) {
	addPeerSeeds(f, peers+"bakery/baked_example.svg", peers+"bakery/unbaked_example.svg", peers+"inline/circle.svg",
		peers+"inline/circle_red_http_body.svg")
	for _, a := range []SVGAssertion{{Verify: "https://example.org/a/1", Body: `{"a":"]]>"}`}, {Verify: compactJWS}} {
		f.Add(faultySVG(f, plainSVG, a))
		for _, edit := range []svgEdit{omitNamespace, duplicateElement, notFirst} {
			f.Add(faultySVG(f, plainSVG, a, edit))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ex, err := Extract(data)
		if err == nil && ex.Format == SVG && len(ex.Findings) == 0 {
			a := SVGAssertion{Verify: ex.Verify}
			if ex.Source == "svg-body" {
				a.Body = ex.Payload
			}
			rebaked, err := BakeSVG(data, a)
			if err != nil {
				t.Fatalf("BakeSVG refused what Extract accepted: %v", err)
			}
			checkRebake(t, rebaked, ex.Payload)
		}
		if baked, err := BakeSVG(data, SVGAssertion{Body: fuzzPayload}); err == nil {
			checkRebake(t, baked, fuzzPayload)
		}
	})
}

// checkRebake asserts a re-baked image extracts to the same payload, without findings.
func checkRebake(t *testing.T, rebaked []byte, payload string) {
	t.Helper()
	again, err := Extract(rebaked)
	if err != nil {
		t.Fatalf("re-baked image does not extract: %v\n%q", err, rebaked)
	}
	if again.Payload != payload || len(again.Findings) != 0 {
		t.Fatalf("re-baked image gave payload %q findings %v, want %q\n%q", again.Payload, findingIDs(again.Findings), payload, rebaked)
	}
}
