package verify

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/obcert/obcert"
)

// addSeeds adds the fixture files matching each pattern as seeds; a pattern that matches nothing
// fails the target.
func addSeeds(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(p)
		if len(files) == 0 {
			f.Fatalf("no seed files match %s", p)
		}
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil && len(b) < 1<<20 {
				f.Add(b)
			}
		}
	}
}

func fuzzVerify(t *testing.T, w Fetcher, in Input) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := New(WithFetcher(w)).Verify(ctx, in)
	if err != nil {
		t.Fatalf("Verify returned %v", err)
	}
	if res.Valid && res.Count(obcert.Error) > 0 {
		t.Fatalf("valid with errors: %s", dump(res))
	}
	for _, f := range res.Findings {
		if f.Severity != obcert.Info && len(f.Requirements) == 0 {
			t.Fatalf("finding without requirement: %+v", f)
		}
	}
}

// FuzzVerifyJSON feeds arbitrary bytes to JSON (and file) intake with a conformant badge web behind.
func FuzzVerifyJSON(f *testing.F) {
	addSeeds(f, scenarios+"/*/*.json", examples+"/*.json", components+"/*.json")
	f.Add([]byte(`{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"urn:uuid:9d278beb-36cf-4bc8-888d-674ff9843d72"}`))
	w := newHosted().web()
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzVerify(t, w, Input{Data: data})
	})
}

// FuzzVerifyJWS feeds arbitrary strings to JWS intake.
func FuzzVerifyJWS(f *testing.F) {
	addSeeds(f, scenarios+"/*/*.jws", examples+"/*.jws")
	f.Add([]byte("eyJhbGciOiJub25lIn0.e30."))
	f.Add([]byte("eyJhbGciOiJSUzI1NiJ9.eyJ0eXBlIjoiQXNzZXJ0aW9uIn0.c2ln"))
	s := newSigner(f)
	h, a := signedWeb(f, s)
	f.Add([]byte(s.sign(f, a)))
	w := h.web()
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzVerify(t, w, Input{Value: string(data)})
	})
}
