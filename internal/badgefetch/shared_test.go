package badgefetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/openbadges/verify"
)

// The corpora whose cases TestVerificationsWriteNoSharedBytes verifies: the reference validator's
// scenarios and obcert's adversarial corpus, each case a folder with a scenario.json and a mocks.json.
var sharedCorpora = []string{
	filepath.Join("..", "..", "testdata", "validator-core-testfiles", "scenarios"),
	filepath.Join("..", "..", "cmd", "obcert", "testdata", "adversarial"),
}

// TestVerificationsWriteNoSharedBytes: the run cache and the offline map hand every caller the same
// body and header (cache.go), so a verification that wrote into one would change what other badges
// are verified from. Every case of the scenarios and of the adversarial corpus is verified by
// several workers at once, twice each, through one Cache over the case's offline map; a SHA-256 of
// every body and a deep copy of every header are taken when the Fetcher hands the document out
// (that is, when the cache stores it); after the run, every document handed out, every document the
// cache holds, and every URL the map answers (against its file on disk) must be as it was.
// The subtest "a writing verifier is caught" shows the check fails when a caller writes.
func TestVerificationsWriteNoSharedBytes(t *testing.T) {
	cases := sharedCases(t)
	if len(cases) < 60 {
		t.Fatalf("%d cases found under %v, want the scenarios and the adversarial corpus", len(cases), sharedCorpora)
	}
	verified, documents := 0, 0
	for _, sc := range cases {
		fetched, problems := sc.run(t, 4, nil)
		verified++
		documents += fetched
		if fetched == 0 && sc.fetches {
			t.Errorf("%s: nothing was fetched, so nothing shared was checked", sc.name)
		}
		for _, p := range problems {
			t.Errorf("%s: %s", sc.name, p)
		}
	}
	t.Logf("%d cases verified by 4 workers, twice each; %d documents handed out, none written into", verified, documents)
	if documents < len(cases) {
		t.Errorf("%d documents handed out for %d cases: too few to show anything", documents, len(cases))
	}

	t.Run("a writing verifier is caught", func(t *testing.T) {
		var sc *sharedCase
		for _, c := range cases {
			if strings.HasSuffix(c.name, "01-hosted-2_0-basic") {
				sc = c
			}
		}
		if sc == nil {
			t.Fatal("no scenario 01-hosted-2_0-basic")
		}
		for name, scribble := range map[string]func(*verify.Fetched){
			"a byte of the body": func(d *verify.Fetched) {
				if len(d.Body) > 0 {
					d.Body[len(d.Body)-1] ^= 0x20
				}
			},
			"a header value": func(d *verify.Fetched) {
				if d.Header != nil {
					d.Header.Set("Content-Type", "text/plain")
				}
			},
		} {
			_, problems := sc.run(t, 1, scribble)
			if len(problems) == 0 {
				t.Errorf("writing %s into every document went unseen", name)
				continue
			}
			t.Logf("writing %s: %d problems seen, the first: %s", name, len(problems), problems[0])
		}
	})
}

// sharedCase is one case of a corpus: its folder, offline map and input.
type sharedCase struct {
	name, dir string
	in        verify.Input
	opts      []verify.Option
	fetches   bool // the input is a URL: at least one document is fetched
}

func sharedCases(t *testing.T) []*sharedCase {
	t.Helper()
	var out []*sharedCase
	for _, corpus := range sharedCorpora {
		dirs, err := filepath.Glob(filepath.Join(corpus, "[0-9][0-9]-*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, dir := range dirs {
			if sc := readSharedCase(t, dir); sc != nil {
				out = append(out, sc)
			}
		}
	}
	return out
}

func readSharedCase(t *testing.T, dir string) *sharedCase {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "scenario.json"))
	if err != nil {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, "mocks.json")); err != nil {
		return nil
	}
	var spec struct {
		Input      string          `json:"input"`
		Recipient  string          `json:"recipient"`
		Profile    json.RawMessage `json:"recipient_profile"`
		Now        string          `json:"now"`
		Algorithms string          `json:"algorithms"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil || spec.Input == "" {
		t.Fatalf("%s: scenario.json: %v", dir, err)
	}
	sc := &sharedCase{name: filepath.Join(filepath.Base(filepath.Dir(dir)), filepath.Base(dir)), dir: dir}
	if b, err := os.ReadFile(filepath.Join(dir, spec.Input)); err == nil {
		sc.in = verify.Input{Data: b, Name: spec.Input}
	} else {
		sc.in = verify.Input{Value: spec.Input}
		sc.fetches = strings.HasPrefix(spec.Input, "http")
	}
	recipient := spec.Recipient
	if p := bytes.TrimSpace(spec.Profile); len(p) > 0 && string(p) != "null" {
		recipient = string(p)
	}
	if recipient != "" {
		p, err := verify.ParseRecipient(recipient)
		if err != nil {
			t.Fatalf("%s: recipient: %v", dir, err)
		}
		sc.opts = append(sc.opts, verify.WithRecipient(p))
	}
	if spec.Now != "" {
		now, err := time.Parse(time.RFC3339, spec.Now)
		if err != nil {
			t.Fatalf("%s: now: %v", dir, err)
		}
		sc.opts = append(sc.opts, verify.WithClock(func() time.Time { return now }))
	}
	if spec.Algorithms != "" {
		algs, err := verify.ParseAlgorithms(spec.Algorithms)
		if err != nil {
			t.Fatalf("%s: algorithms: %v", dir, err)
		}
		sc.opts = append(sc.opts, verify.WithAlgorithms(algs...))
	}
	return sc
}

// run verifies the case's input twice in each of workers goroutines, through one Cache over the
// case's offline map and one Verifier, with scribble (when not nil) applied to every document a
// verification gets, as a verification that writes into it would. It returns how many documents
// the Fetcher handed out and what changed in the shared bytes.
func (sc *sharedCase) run(t *testing.T, workers int, scribble func(*verify.Fetched)) (int, []string) {
	t.Helper()
	m, err := httpx.LoadOfflineMap(filepath.Join(sc.dir, "mocks.json"))
	if err != nil {
		t.Fatalf("%s: %v", sc.name, err)
	}
	rec := &sealingFetcher{next: Fetcher{Client: httpx.New(httpx.WithTransport(m))}}
	cache := NewCache(rec, 0, 0)
	var fetcher verify.Fetcher = cache
	if scribble != nil {
		fetcher = scribbler{next: cache, scribble: scribble}
	}
	v := verify.New(append([]verify.Option{verify.WithFetcher(fetcher)}, sc.opts...)...)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range 2 {
				v.Verify(context.Background(), sc.in)
			}
		})
	}
	wg.Wait()

	var problems []string
	for _, s := range rec.sealed() {
		problems = append(problems, s.changes("handed out")...)
	}
	cache.mu.Lock()
	for key, e := range cache.entries {
		if !e.ok {
			continue
		}
		s, ok := rec.sealOf(e.doc.Body, e.doc.Header)
		if !ok {
			problems = append(problems, fmt.Sprintf("the cache holds %s (Accept %s), which the Fetcher never handed out", key.url, key.accept))
			continue
		}
		problems = append(problems, s.changes("in the cache")...)
	}
	cache.mu.Unlock()
	problems = append(problems, mapUnchanged(t, sc.dir, m)...)
	sort.Strings(problems)
	return len(rec.sealed()), problems
}

// mapUnchanged asks a fresh client over m for every URL the map names a file for, and reports each
// answer whose body is no longer the file's bytes or whose header is no longer what it says.
func mapUnchanged(t *testing.T, dir string, m *httpx.OfflineMap) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "mocks.json"))
	if err != nil {
		t.Fatal(err)
	}
	var specs map[string]json.RawMessage
	if err := json.Unmarshal(raw, &specs); err != nil {
		t.Fatal(err)
	}
	c := httpx.New(httpx.WithTransport(m))
	var problems []string
	for u, spec := range specs {
		var file string
		if json.Unmarshal(spec, &file) != nil {
			var obj struct {
				File string `json:"file"`
			}
			_ = json.Unmarshal(spec, &obj)
			file = obj.File
		}
		want, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
		if file == "" || err != nil {
			continue
		}
		resp, err := c.Get(context.Background(), u, "application/ld+json")
		if err != nil {
			continue // a redirect, a body the client refuses: the map never shared it
		}
		if !bytes.Equal(resp.Body, want) {
			problems = append(problems, fmt.Sprintf("the offline map's body for %s is no longer the bytes of %s", u, file))
		}
		if got := resp.Header.Get("Content-Length"); got != fmt.Sprint(len(resp.Body)) || len(resp.Header) != 2 {
			problems = append(problems, fmt.Sprintf("the offline map's header for %s was changed: %v", u, resp.Header))
		}
	}
	return problems
}

// sealingFetcher passes fetches on and remembers, for every document it hands out, a SHA-256 of its
// body and a deep copy of its header, taken then.
type sealingFetcher struct {
	next verify.Fetcher
	mu   sync.Mutex
	docs []*seal
}

type seal struct {
	doc    *verify.Fetched
	url    string
	sum    [sha256.Size]byte
	header http.Header
}

func (f *sealingFetcher) Fetch(ctx context.Context, url, accept string) (*verify.Fetched, error) {
	doc, err := f.next.Fetch(ctx, url, accept)
	if err == nil && doc != nil {
		f.mu.Lock()
		f.docs = append(f.docs, &seal{doc: doc, url: url, sum: sha256.Sum256(doc.Body), header: doc.Header.Clone()})
		f.mu.Unlock()
	}
	return doc, err
}

func (f *sealingFetcher) sealed() []*seal {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*seal(nil), f.docs...)
}

// sealOf is the seal of the document whose body and header are body and header (the same memory).
func (f *sealingFetcher) sealOf(body []byte, header http.Header) (*seal, bool) {
	for _, s := range f.sealed() {
		if sameBytes(s.doc.Body, body) && reflect.ValueOf(s.doc.Header).UnsafePointer() == reflect.ValueOf(header).UnsafePointer() {
			return s, true
		}
	}
	return nil, false
}

func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// changes says how the sealed document's body and header differ from what they were when sealed.
func (s *seal) changes(where string) []string {
	var out []string
	if sha256.Sum256(s.doc.Body) != s.sum {
		out = append(out, fmt.Sprintf("the body of %s %s was written into", s.url, where))
	}
	if !reflect.DeepEqual(s.doc.Header, s.header) {
		out = append(out, fmt.Sprintf("the header of %s %s was changed: %v, was %v", s.url, where, s.doc.Header, s.header))
	}
	return out
}

// scribbler is a Fetcher between a verification and the cache that writes into every document it
// passes on, as a verification writing into its documents would.
type scribbler struct {
	next     verify.Fetcher
	scribble func(*verify.Fetched)
}

func (s scribbler) Fetch(ctx context.Context, url, accept string) (*verify.Fetched, error) {
	doc, err := s.next.Fetch(ctx, url, accept)
	if err == nil && doc != nil {
		s.scribble(doc)
	}
	return doc, err
}
