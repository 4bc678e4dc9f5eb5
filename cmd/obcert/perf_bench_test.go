package main

// The performance benchmarks of issue 10, in one file so that `make bench-ratio` can set each
// pipeline figure beside its floor from the same run (internal/tools/benchratio).
//
// They live in cmd/obcert, not in openbadges/verify, because only here is the whole pipeline a
// batch runs reachable: the batch runner (batch.go) with its run cache, the offline map and the
// HTTP client behind it, the input reading, the verifier and the report line. A benchmark of the
// verifier alone would hide the plumbing a real run pays for.
//
// The corpus is built in memory once (one issuer, its BadgeClass, its RSA-2048 key, 1,000 distinct
// Assertions, their compact JWS and baked PNG forms) and written to a temporary directory with an
// offline map per kind, so every document is offline and nothing touches the network.
//
//	BenchmarkFloorHosted   JSON parse of the Assertion, BadgeClass and Profile of one badge
//	BenchmarkFloorSigned   the same for a signed badge (JWS payload, BadgeClass, Profile, key)
//	                       plus the RSA-2048 verification of the JWS
//	BenchmarkFloorBakedPNG the same for a baked PNG badge: the PNG's chunk headers up to its iTXt
//	                       chunk, the baked Assertion, its hosted copy, BadgeClass and Profile
//	BenchmarkBatchHosted   one op is one badge of a batch of 1,000 distinct hosted Assertions of
//	                       one issuer (a new batch runner, so a cold run cache, every 1,000 badges)
//	BenchmarkBatchSigned   the same with the 1,000 compact JWS
//	BenchmarkBatchBakedPNG the same with 1,000 baked PNG files (the hosted Assertion JSON baked in)
//	BenchmarkColdHosted    one badge validated by a new batch runner: an empty run cache and a
//	BenchmarkColdSigned    new offline map, as one `obcert validate` does, and every process-wide
//	                       memory of verdicts, shape errors and parsed keys emptied (internal/memos),
//	                       as in a new process (the parsed JSON-LD contexts and compiled schemas,
//	                       built once whatever the badge, are warm after the first op), with the
//	                       garbage collector off while an op is timed, as it is in a process that
//	                       validates one badge (runCold)
//
// Run them with -cpu 1: `make bench-ratio`.

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/obcert/obcert/internal/memos"
	"github.com/obcert/obcert/openbadges/bake"
)

// benchBatchSize is the number of distinct Assertions of one batch.
const benchBatchSize = 1000

const (
	benchIssuerURL = "https://example.org/organization.json"
	benchBadgeURL  = "https://example.org/robotics-badge.json"
	benchKeyURL    = "https://example.org/key1"
	benchImageURL  = "https://example.org/robotics-badge.png"
)

// benchDocs is the in-memory corpus.
type benchDocs struct {
	key        *rsa.PrivateKey
	issuer     []byte // Profile of a hosted issuer
	signIssuer []byte // Profile listing the key
	badge      []byte // BadgeClass
	keyDoc     []byte // CryptographicKey
	image      []byte // PNG of the BadgeClass (and the baking base)
	hosted     [][]byte
	payloads   [][]byte // signed Assertions
	jws        []string
	baked      [][]byte
}

var (
	benchOnce   sync.Once
	benchCorpus *benchDocs
	benchErr    error
)

func loadBenchDocs(b *testing.B) *benchDocs {
	b.Helper()
	benchOnce.Do(func() { benchCorpus, benchErr = newBenchDocs() })
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchCorpus
}

func newBenchDocs() (*benchDocs, error) {
	img, err := os.ReadFile(filepath.Join(scenarios, "01-hosted-2_0-basic", "heart.png"))
	if err != nil {
		return nil, err
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return nil, err
	}
	pemKey := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	d := &benchDocs{key: key, image: img}
	profile := map[string]any{
		"@context": "https://w3id.org/openbadges/v2", "type": "Issuer", "id": benchIssuerURL,
		"name": "An Example Badge Issuer", "url": "https://example.org", "email": "contact@example.org",
	}
	d.issuer = mustJSON(profile)
	profile["publicKey"] = benchKeyURL
	d.signIssuer = mustJSON(profile)
	d.badge = mustJSON(map[string]any{
		"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass", "id": benchBadgeURL,
		"name": "Awesome Robotics Badge", "description": "For doing awesome things with robots.",
		"image": benchImageURL, "criteria": "https://example.org/robotics-badge.html", "issuer": benchIssuerURL,
	})
	d.keyDoc = mustJSON(map[string]any{
		"@context": "https://w3id.org/openbadges/v2", "type": "CryptographicKey", "id": benchKeyURL,
		"owner": benchIssuerURL, "publicKeyPem": pemKey,
	})
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key}, nil)
	if err != nil {
		return nil, err
	}
	for i := range benchBatchSize {
		a := map[string]any{
			"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": benchAssertionURL(i),
			"recipient": map[string]any{"type": "email", "hashed": true, "salt": fmt.Sprintf("salt%d", i),
				"identity": fmt.Sprintf("sha256$%x", sha256.Sum256(fmt.Appendf(nil, "learner%d@example.orgsalt%d", i, i)))},
			"issuedOn": "2016-12-31T23:59:59Z", "badge": benchBadgeURL,
			"evidence":     fmt.Sprintf("https://example.org/work/%d.html", i),
			"verification": map[string]any{"type": "hosted"},
		}
		d.hosted = append(d.hosted, mustJSON(a))
		baked, err := bake.BakePNG(img, string(d.hosted[i]))
		if err != nil {
			return nil, err
		}
		d.baked = append(d.baked, baked)
		a["verification"] = map[string]any{"type": "signed", "creator": benchKeyURL}
		p := mustJSON(a)
		d.payloads = append(d.payloads, p)
		sig, err := signer.Sign(p)
		if err != nil {
			return nil, err
		}
		tok, err := sig.CompactSerialize()
		if err != nil {
			return nil, err
		}
		d.jws = append(d.jws, tok)
	}
	return d, nil
}

func benchAssertionURL(i int) string {
	return fmt.Sprintf("https://example.org/assertions/%04d.json", i)
}

func mustJSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

// benchMap writes docs (URL -> body) and their offline map into a new directory; it returns the
// map's path.
func benchMap(b *testing.B, docs map[string][]byte) string {
	b.Helper()
	dir := b.TempDir()
	m := map[string]string{}
	n := 0
	for u, body := range docs {
		ext := ".json"
		if strings.HasSuffix(u, ".png") {
			ext = ".png"
		}
		name := fmt.Sprintf("d%05d%s", n, ext)
		n++
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			b.Fatal(err)
		}
		m[u] = name
	}
	path := filepath.Join(dir, "mocks.json")
	if err := os.WriteFile(path, mustJSON(m), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// benchKind is one kind of badge of the pipeline benchmarks.
type benchKind struct {
	mapPath string
	inputs  []string
}

func hostedKind(b *testing.B, n int) benchKind {
	d := loadBenchDocs(b)
	docs := map[string][]byte{benchIssuerURL: d.issuer, benchBadgeURL: d.badge, benchImageURL: d.image}
	var inputs []string
	for i := range n {
		docs[benchAssertionURL(i)] = d.hosted[i]
		inputs = append(inputs, benchAssertionURL(i))
	}
	return benchKind{mapPath: benchMap(b, docs), inputs: inputs}
}

func signedKind(b *testing.B, n int) benchKind {
	d := loadBenchDocs(b)
	docs := map[string][]byte{benchIssuerURL: d.signIssuer, benchBadgeURL: d.badge, benchKeyURL: d.keyDoc, benchImageURL: d.image}
	return benchKind{mapPath: benchMap(b, docs), inputs: d.jws[:n]}
}

func bakedKind(b *testing.B, n int) benchKind {
	d := loadBenchDocs(b)
	k := hostedKind(b, n)
	dir := filepath.Dir(k.mapPath)
	k.inputs = nil
	for i := range n {
		p := filepath.Join(dir, fmt.Sprintf("baked%04d.png", i))
		if err := os.WriteFile(p, d.baked[i], 0o644); err != nil {
			b.Fatal(err)
		}
		k.inputs = append(k.inputs, p)
	}
	return k
}

func (k benchKind) runner(b *testing.B) *batchRunner {
	r, err := newBatchRunner(validateFlags{offlineMap: k.mapPath, timeout: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// validOne validates one input and fails the benchmark unless it is valid: a benchmark of a
// pipeline that stopped early would measure nothing.
func validOne(b *testing.B, r *batchRunner, input string) {
	if l := r.one(context.Background(), batchItem{input: input}); !l.Valid {
		b.Fatalf("%s is not valid: %d errors, first %s", input, l.ErrorCount, firstError(l))
	}
}

func firstError(l batchLine) string {
	for _, m := range l.Messages {
		if m.MessageLevel == "ERROR" {
			return m.Name + ": " + m.Result
		}
	}
	return "none"
}

// runBatch validates b.N badges, one op each, taking the kind's inputs in order with a new batch
// runner (a new run) every len(inputs) badges.
func (k benchKind) runBatch(b *testing.B) {
	b.ReportAllocs()
	b.ResetTimer()
	var r *batchRunner
	for i := range b.N {
		if i%len(k.inputs) == 0 {
			r = k.runner(b)
		}
		validOne(b, r, k.inputs[i%len(k.inputs)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "badges/s")
}

// runCold validates one badge per op, each with a new batch runner and, as in a new process, every
// process-wide memory of pure functions emptied (internal/memos; the emptying is not timed).
//
// The garbage collector is off while an op is timed: a process that validates one badge allocates
// some 40 kB for it, far below the 4 MB heap at which Go's first collection starts, so it does not
// collect for it, while ops in a loop, in this benchmark process, would pay for each other's
// garbage and for marking the heap of the whole test binary (the corpus of the other benchmarks,
// tens of MB) at every collection. The garbage is collected untimed every coldCollectEvery ops.
// COLDGC=on measures as a loop of cold badges in this process pays: the collector on, and nothing
// collected untimed.
func (k benchKind) runCold(b *testing.B) {
	gcOn := os.Getenv("COLDGC") == "on"
	if !gcOn {
		defer debug.SetGCPercent(debug.SetGCPercent(-1))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		memos.ForgetAll()
		if !gcOn && i%coldCollectEvery == 0 {
			runtime.GC()
		}
		b.StartTimer()
		validOne(b, k.runner(b), k.inputs[0])
	}
}

// coldCollectEvery bounds the heap of the cold benchmarks: at most some 10 MB of garbage.
const coldCollectEvery = 256

// BenchmarkFloorHosted parses the three documents a hosted badge needs.
func BenchmarkFloorHosted(b *testing.B) {
	d := loadBenchDocs(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		for _, doc := range [][]byte{d.hosted[i%benchBatchSize], d.badge, d.issuer} {
			var v any
			if err := json.Unmarshal(doc, &v); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkFloorBakedPNG parses the documents a baked PNG badge needs: the PNG's chunks up to its
// openbadges iTXt chunk (their headers only: no CRC is checked, nothing is decompressed), the
// Assertion JSON baked in it, the hosted copy at its id that it is compared with (VERIFY-10; the
// same bytes here), and the BadgeClass and Profile.
func BenchmarkFloorBakedPNG(b *testing.B) {
	d := loadBenchDocs(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		text := floorITXt(d.baked[i%benchBatchSize])
		if text == nil {
			b.Fatal("no openbadges iTXt chunk")
		}
		for _, doc := range [][]byte{text, d.hosted[i%benchBatchSize], d.badge, d.issuer} {
			var v any
			if err := json.Unmarshal(doc, &v); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// floorITXt returns the text of the first uncompressed iTXt chunk with keyword openbadges, by the
// chunk headers alone, or nil.
func floorITXt(png []byte) []byte {
	for rest := png[8:]; len(rest) >= 12; {
		n := int(binary.BigEndian.Uint32(rest))
		if n > len(rest)-12 {
			return nil
		}
		if data := rest[8 : 8+n]; string(rest[4:8]) == "iTXt" && bytes.HasPrefix(data, []byte("openbadges\x00\x00\x00")) {
			// keyword, NUL, compression flag and method; then language tag and translated keyword, each NUL-ended
			rest := data[len("openbadges")+3:]
			for range 2 {
				j := bytes.IndexByte(rest, 0)
				if j < 0 {
					return nil
				}
				rest = rest[j+1:]
			}
			return rest
		}
		rest = rest[12+n:]
	}
	return nil
}

// BenchmarkFloorSigned parses the documents a signed badge needs (the JWS header and payload,
// BadgeClass, Profile, key) and verifies the RSA-2048 signature of the JWS.
func BenchmarkFloorSigned(b *testing.B) {
	d := loadBenchDocs(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		tok := d.jws[i%benchBatchSize]
		parts := strings.Split(tok, ".")
		header, err1 := base64.RawURLEncoding.DecodeString(parts[0])
		payload, err2 := base64.RawURLEncoding.DecodeString(parts[1])
		sig, err3 := base64.RawURLEncoding.DecodeString(parts[2])
		if err1 != nil || err2 != nil || err3 != nil {
			b.Fatal("bad JWS")
		}
		for _, doc := range [][]byte{header, payload, d.badge, d.signIssuer, d.keyDoc} {
			var v any
			if err := json.Unmarshal(doc, &v); err != nil {
				b.Fatal(err)
			}
		}
		digest := sha256.Sum256([]byte(tok[:len(parts[0])+1+len(parts[1])]))
		if err := rsa.VerifyPKCS1v15(&d.key.PublicKey, crypto.SHA256, digest[:], sig); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBatchHosted(b *testing.B)   { hostedKind(b, benchBatchSize).runBatch(b) }
func BenchmarkBatchSigned(b *testing.B)   { signedKind(b, benchBatchSize).runBatch(b) }
func BenchmarkBatchBakedPNG(b *testing.B) { bakedKind(b, benchBatchSize).runBatch(b) }
func BenchmarkColdHosted(b *testing.B)    { hostedKind(b, 1).runCold(b) }
func BenchmarkColdSigned(b *testing.B)    { signedKind(b, 1).runCold(b) }
