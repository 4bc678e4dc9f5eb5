package issuer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/badgefetch"
	"github.com/obcert/obcert/internal/limits"
	"github.com/obcert/obcert/suites"
)

// issuer.badgesFrom: an audit of an issuer's whole output, thousands of badges named in a file
// beside the candidate file rather than in it, verified several at a time with at most
// issuer.perHostConcurrency requests in flight to any one host.

// Bounds of a badgesFrom file: every verified badge is held until the run's report is written
// (with its recorded exchanges, about 35 KB a badge: a 70 MB live heap for 2,000).
const (
	maxBadgesFrom      = 20_000
	maxBadgesFromBytes = 16 << 20
	maxPerHost         = 64
	maxFromErrors      = 10 // errors of a badgesFrom file said in full; the rest are counted
)

// fromRef is one badge of the badgesFrom file, with its label (the file's name and line).
type fromRef struct {
	ref   obcert.BadgeRef
	label string
}

// readBadgesFrom reads the badgesFrom file, relative to dir: one badge a line, an http(s) URL, a
// file path relative to the candidate file, or a BadgeRef as JSON; empty lines and lines starting
// with # are skipped. A line that is none of these is an error naming its line.
func readBadgesFrom(dir, name string) ([]fromRef, error) {
	if err := suites.CheckFile(dir, name, maxBadgesFromBytes); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(suites.ResolvePath(dir, name))
	if err != nil {
		return nil, err
	}
	var out []fromRef
	var errs []error
	bad := 0
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, limits.MaxBadgeBytes+1)
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		ref, err := parseFromLine(t)
		if err == nil {
			err = suites.CheckBadgeRef(ref, dir)
		}
		if err != nil {
			if bad++; bad <= maxFromErrors {
				errs = append(errs, fmt.Errorf("line %d: %w", line, err))
			}
			continue
		}
		label := fmt.Sprintf("%s:%d", name, line)
		if ref.Name != "" {
			label = ref.Name
		}
		out = append(out, fromRef{ref: ref, label: label})
		if len(out) > maxBadgesFrom {
			return nil, fmt.Errorf("%q names more than %d badges: split the audit into several runs", name, maxBadgesFrom)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%q: %v", name, err)
	}
	if bad > maxFromErrors {
		errs = append(errs, fmt.Errorf("and %d more lines like these", bad-maxFromErrors))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%q names no badge", name)
	}
	return out, nil
}

// parseFromLine reads one line: {"name": ..., "url"|"file"|"jws": ...}, an http(s) URL, or a path.
func parseFromLine(t string) (obcert.BadgeRef, error) {
	var ref obcert.BadgeRef
	switch {
	case strings.HasPrefix(t, "{"):
		dec := json.NewDecoder(strings.NewReader(t))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&ref); err != nil {
			return ref, fmt.Errorf(`not a badge as JSON {"name": ..., "url" | "file" | "jws": ...}: %v`, err)
		}
		return ref, checkJSONKeys(t)
	case strings.Contains(t, "://"): // a URL; checked to be http(s)
		ref.URL = t
	default:
		ref.File = t
	}
	return ref, nil
}

// checkJSONKeys refuses keys that encoding/json matched without regard to case ("URL" for "url").
func checkJSONKeys(t string) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(t), &m); err != nil {
		return err
	}
	for k := range m {
		switch k {
		case "name", "url", "file", "jws":
		default:
			return fmt.Errorf("unknown key %q: a badge as JSON has name and one of url, file, jws", k)
		}
	}
	return nil
}

// checkFrom checks the issuer section's badgesFrom file and perHostConcurrency.
func checkFrom(iss *obcert.IssuerRole, dir string) []error {
	var errs []error
	if iss.BadgesFrom != "" {
		if _, err := readBadgesFrom(dir, iss.BadgesFrom); err != nil {
			errs = append(errs, fmt.Errorf("issuer.badgesFrom: %w", err))
		}
	}
	if n := iss.PerHostConcurrency; n < 0 || n > maxPerHost {
		errs = append(errs, fmt.Errorf("issuer.perHostConcurrency: %d is not between 1 and %d (leave it out for %d)", n, maxPerHost, badgefetch.DefaultPerHost))
	}
	return errs
}

// verifyFrom verifies the badges of the badgesFrom file, several at a time, in the file's order:
// one run cache (an issuer's Profile, BadgeClass and keys are fetched once, not once a badge) over
// a per-host limit, so at most perHostConcurrency requests reach any host at once.
func verifyFrom(ctx context.Context, env *suites.Env) []checked {
	iss := env.Candidate.Issuer
	refs, err := readBadgesFrom(env.BaseDir, iss.BadgesFrom)
	if err != nil { // checked when the file was loaded; it changed since
		return []checked{{Label: "issuer.badgesFrom", Err: fmt.Errorf("issuer.badgesFrom: %w", err)}}
	}
	perHost := max(iss.PerHostConcurrency, 0)
	if perHost == 0 {
		perHost = badgefetch.DefaultPerHost
	}
	fetcher := badgefetch.NewCache(badgefetch.NewPerHost(badgefetch.Fetcher{Client: env.Client}, perHost), 0, 0)
	out := make([]checked, len(refs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(2*perHost, len(refs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = verifyRefVia(ctx, env, refs[i].ref, refs[i].label, false, fetcher)
			}
		}()
	}
	for i := range refs {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// fromOrigins lists the distinct origins of the badgesFrom file's URLs: the candidate's own, as
// those of the declared badges are.
func fromOrigins(env *suites.Env) []string {
	iss := env.Candidate.Issuer
	if iss == nil || iss.BadgesFrom == "" {
		return nil
	}
	return env.Memo("issuer/from-origins", func() any {
		refs, _ := readBadgesFrom(env.BaseDir, iss.BadgesFrom)
		cf := obcert.CandidateFile{Issuer: &obcert.IssuerRole{}}
		for _, r := range refs {
			cf.Issuer.Badges = append(cf.Issuer.Badges, r.ref)
		}
		return origins(cf)
	}).([]string)
}
