package issuer

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/badgefetch"
	"github.com/obcert/obcert/openbadges/verify"
	"github.com/obcert/obcert/suites"
	"github.com/obcert/obcert/suites/match"
)

// ConformanceRecipient is the identity IMS asks issuers to award the conformance badge to (ISSUER-02).
const ConformanceRecipient = "conformance@imsglobal.org"

// maxBadgeFile bounds a badge file read from the candidate's folder.
const maxBadgeFile = 16 << 20

// checked is one declared badge and what the verification core made of it.
type checked struct {
	Ref     obcert.BadgeRef
	Label   string
	Revoked bool // declared among the revoked badges
	Result  *verify.Result
	Err     error // the badge could not be read at all (a missing file)
}

// Kind tells hosted, signed, baked PNG or baked SVG from what was verified.
func (c checked) Kind() string {
	switch {
	case c.Result == nil:
		return ""
	case c.Result.Baked != nil:
		return "baked-" + string(c.Result.Baked.Format)
	case c.Result.InputType == "jws":
		return "signed"
	}
	return "hosted"
}

// Signed reports whether the badge was verified from a JWS (directly or baked).
func (c checked) Signed() bool { return c.Result != nil && c.Result.Signed != nil }

// Hosted reports whether the badge was verified from its hosted URL.
func (c checked) Hosted() bool {
	return c.Result != nil && c.Result.Signed == nil && c.Result.InputType == "url" &&
		(strings.HasPrefix(c.Result.Subject, "http://") || strings.HasPrefix(c.Result.Subject, "https://"))
}

// recipient is the identity the badges must be awarded to.
func recipient(env *suites.Env) string {
	if r := env.Candidate.Issuer.Recipient; r != "" {
		return r
	}
	return ConformanceRecipient
}

// badges verifies every declared badge once per run and returns them, the issued ones first.
func badges(ctx context.Context, env *suites.Env) []checked {
	return env.Memo("issuer/badges", func() any {
		var out []checked
		iss := env.Candidate.Issuer
		if iss == nil {
			return out
		}
		for i, ref := range iss.Badges {
			out = append(out, verifyRef(ctx, env, ref, label(ref, "badges", i), false))
		}
		for i, ref := range iss.Revoked {
			out = append(out, verifyRef(ctx, env, ref, label(ref, "revoked", i), true))
		}
		return out
	}).([]checked)
}

func label(ref obcert.BadgeRef, list string, i int) string {
	if ref.Name != "" {
		return ref.Name
	}
	return fmt.Sprintf("issuer.%s[%d]", list, i)
}

func verifyRef(ctx context.Context, env *suites.Env, ref obcert.BadgeRef, name string, revoked bool) checked {
	c := checked{Ref: ref, Label: name, Revoked: revoked}
	in, err := input(env, ref)
	if err != nil {
		c.Err = err
		return c
	}
	profile, err := verify.ParseRecipient(recipient(env))
	if err != nil {
		c.Err = fmt.Errorf("issuer.recipient: %w", err)
		return c
	}
	v := verify.New(
		verify.WithFetcher(badgefetch.Fetcher{Client: env.Client}),
		verify.WithClock(env.Now),
		verify.WithRecipient(profile),
	)
	c.Result, c.Err = v.Verify(ctx, in)
	return c
}

func input(env *suites.Env, ref obcert.BadgeRef) (verify.Input, error) {
	switch {
	case ref.URL != "":
		return verify.Input{Value: ref.URL}, nil
	case ref.JWS != "":
		return verify.Input{Value: ref.JWS}, nil
	case ref.File != "":
		p := ref.File
		if !filepath.IsAbs(p) {
			p = filepath.Join(env.BaseDir, p)
		}
		st, err := os.Stat(p)
		if err != nil {
			return verify.Input{}, err
		}
		if st.Size() > maxBadgeFile {
			return verify.Input{}, fmt.Errorf("%s is larger than %d MiB", p, maxBadgeFile>>20)
		}
		b, err := os.ReadFile(p)
		return verify.Input{Data: b, Name: ref.File}, err
	}
	return verify.Input{}, fmt.Errorf("the badge names no url, file or jws")
}

// issued returns the declared (not revoked) badges that pass the filter, aborting the spec when
// the harness could not verify one (a missing file, or the candidate not answering at all).
func issued(ctx context.Context, env *suites.Env, keep func(checked) bool) []checked {
	return pick(ctx, env, false, keep)
}

// revokedBadges returns the declared revoked badges that pass the filter.
func revokedBadges(ctx context.Context, env *suites.Env, keep func(checked) bool) []checked {
	return pick(ctx, env, true, keep)
}

func pick(ctx context.Context, env *suites.Env, revoked bool, keep func(checked) bool) []checked {
	var out []checked
	for _, c := range badges(ctx, env) {
		if c.Revoked != revoked {
			continue
		}
		if c.Err != nil && c.Result == nil {
			suites.Abort("could not verify badge %s: %v", c.Label, c.Err)
		}
		if own := unreachableOwn(env, c.Result); own != "" {
			suites.Abort("the candidate did not answer for badge %s: no HTTP response from %s", c.Label, own)
		}
		if keep == nil || keep(c) {
			out = append(out, c)
		}
	}
	return out
}

// unreachableOwn returns a URL on one of the candidate's own origins that gave no answer at all:
// that is the harness failing to reach the candidate, not a conformance failure.
func unreachableOwn(env *suites.Env, r *verify.Result) string {
	if r == nil {
		return ""
	}
	own := map[string]bool{}
	for _, ref := range append(append([]obcert.BadgeRef{}, env.Candidate.Issuer.Badges...), env.Candidate.Issuer.Revoked...) {
		if u, err := url.Parse(ref.URL); err == nil && u.Host != "" {
			own[strings.ToLower(u.Host)] = true
		}
	}
	for _, raw := range r.Unreachable {
		if u, err := url.Parse(raw); err == nil && own[strings.ToLower(u.Host)] {
			return raw
		}
	}
	return ""
}

// problems collects the findings of the given badges that name any of ids, at the given severities.
func problems(cs []checked, ids []string, sev ...obcert.Severity) []match.Problem {
	var out []match.Problem
	for _, c := range cs {
		for _, f := range c.Result.FindingsFor(ids...) {
			for _, s := range sev {
				if f.Severity == s {
					out = append(out, match.Problem{Badge: c.Label, Finding: f})
					break
				}
			}
		}
	}
	return out
}

// evidence returns the recorded exchanges behind the badges' verification.
func evidence(cs []checked) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range cs {
		if c.Result == nil {
			continue
		}
		for _, d := range c.Result.Documents {
			if d.Evidence != "" && !seen[d.Evidence] {
				seen[d.Evidence] = true
				out = append(out, d.Evidence)
			}
		}
	}
	return out
}

func findingsOf(ps []match.Problem) []obcert.Finding {
	out := make([]obcert.Finding, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.Finding)
	}
	return out
}
