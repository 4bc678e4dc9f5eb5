package issuer

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/badgefetch"
	"github.com/obcert/obcert/openbadges"
	"github.com/obcert/obcert/openbadges/verify"
	"github.com/obcert/obcert/suites"
)

// ConformanceRecipient is the identity IMS asks issuers to award the conformance badge to (ISSUER-02).
const ConformanceRecipient = "conformance@imsglobal.org"

// checked is one declared badge and what the verification core made of it.
type checked struct {
	Ref     obcert.BadgeRef
	Label   string
	Revoked bool // declared among the revoked badges
	Result  *verify.Result
	Err     error // the badge could not be given to the core at all (an unreadable file)
}

// Kind tells hosted, signed, baked PNG or baked SVG from what was verified; an image that
// carries no badge is still a baked PNG or SVG by its format.
func (c checked) Kind() string {
	switch {
	case c.Result == nil:
		return ""
	case c.Result.Baked != nil:
		return "baked-" + string(c.Result.Baked.Format)
	case imageWithoutBadge(c):
		return "baked-" + c.imageFormat()
	case c.Result.InputType == "jws":
		return "signed"
	}
	return "hosted"
}

// imageFormat is png or svg by the media type the badge's URL answered with, or "".
func (c checked) imageFormat() string {
	for _, d := range c.Result.Documents {
		if d.URL == c.Ref.URL {
			return map[string]string{"image/png": "png", "image/svg+xml": "svg"}[d.ContentType]
		}
	}
	return ""
}

// assertion is the Assertion node the badge was verified from, nil when none was read.
func (c checked) assertion() *verify.Node {
	if c.Result == nil {
		return nil
	}
	if n := c.Result.Node(c.Result.Subject); n != nil && n.Class == openbadges.ClassAssertion {
		return n
	}
	return nil
}

// verificationType is the Assertion's declared verification type, "hosted" or "signed" (the OB v2
// context's HostedBadge and SignedBadge), or "" when it declares none.
func (c checked) verificationType() string {
	n := c.assertion()
	if n == nil {
		return ""
	}
	v, _ := n.Data["verification"].(map[string]any)
	t, _ := v["type"].(string)
	return strings.TrimSuffix(strings.ToLower(t), "badge")
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
		if iss.BadgesFrom != "" {
			out = append(out, verifyFrom(ctx, env)...)
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
	return verifyRefVia(ctx, env, ref, name, revoked, badgefetch.Fetcher{Client: env.Client})
}

// verifyRefVia verifies one badge, fetching through fetcher.
func verifyRefVia(ctx context.Context, env *suites.Env, ref obcert.BadgeRef, name string, revoked bool, fetcher verify.Fetcher) checked {
	c := checked{Ref: ref, Label: name, Revoked: revoked}
	in, err := suites.BadgeInput(env, ref)
	if err != nil {
		c.Err = err
		return c
	}
	profile, err := verify.ParseRecipient(recipient(env))
	if err != nil {
		c.Err = fmt.Errorf("issuer.recipient: %w", err)
		return c
	}
	opts := []verify.Option{
		verify.WithFetcher(fetcher),
		verify.WithClock(env.Now),
		verify.WithRecipient(profile),
	}
	if algs, _ := algorithms(env.Candidate.Issuer); algs != nil { // checked when the file was loaded
		opts = append(opts, verify.WithAlgorithms(algs...))
	}
	v := verify.New(opts...)
	c.Result, c.Err = v.Verify(ctx, in)
	return c
}

// issued returns the declared badges that are not among the revoked ones.
func issued(ctx context.Context, env *suites.Env) []checked { return pick(ctx, env, false) }

// revokedBadges returns the declared revoked badges.
func revokedBadges(ctx context.Context, env *suites.Env) []checked { return pick(ctx, env, true) }

func pick(ctx context.Context, env *suites.Env, revoked bool) []checked {
	var out []checked
	for _, c := range badges(ctx, env) {
		if c.Revoked == revoked {
			out = append(out, c)
		}
	}
	return out
}

// unread says why the badge's Assertion could not be read, or "" when it was: a check that needs
// the Assertion records the reason instead of passing. unreachable is set when the candidate
// gave no HTTP answer at all, which is the harness failing to reach it.
func (c checked) unread(env *suites.Env) (reason string, unreachable bool) {
	if c.Result == nil {
		return fmt.Sprintf("could not be read: %v", c.Err), false
	}
	if own := unreachableOwn(env, c.Result); own != "" {
		if f := c.Result.FetchOf(own); f != nil {
			return fetchTrouble(f), true
		}
		return "the candidate gave no HTTP response from " + own, true
	}
	if c.Result.Incomplete { // stopped by time (c.Err is the context's error): the harness's failing
		return "its verification is incomplete: " + c.Result.IncompleteReason, c.Err != nil
	}
	if c.assertion() != nil {
		return "", false
	}
	return whyNotRead(c.Result), false
}

// whyNotRead words why no Assertion came out of a verification.
func whyNotRead(r *verify.Result) string {
	for _, f := range r.Fetches {
		if !f.Read && f.Purpose == verify.PurposeSubject {
			return fetchTrouble(f) + ", so its Assertion could not be read" + firstError(r)
		}
	}
	if e := firstError(r); e != "" {
		return "its Assertion could not be read" + e
	}
	return "no Assertion could be read from it"
}

// firstError is ": " and the message of the first ERROR finding, or "".
func firstError(r *verify.Result) string {
	for _, f := range r.Findings {
		if f.Severity == obcert.Error {
			return ": " + f.Message
		}
	}
	return ""
}

// fetchTrouble words how a fetch that was not read ended: its status, or why there was no answer.
func fetchTrouble(f *verify.FetchRecord) string {
	see := ""
	if f.Evidence != "" {
		see = " (" + f.Evidence + ")"
	}
	switch {
	case f.Status == 0:
		return fmt.Sprintf("GET %s got no usable answer: %s%s", f.URL, strings.TrimPrefix(f.Error, "GET "+f.URL+": "), see)
	case f.Status != http.StatusOK:
		return fmt.Sprintf("GET %s answered %s%s%s", f.URL, statusText(f.Status), statusHint(f.Status), see)
	}
	return fmt.Sprintf("GET %s answered 200 OK%s with a body that could not be used", f.URL, see)
}

func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprint(code)
}

// statusHint names the vendor's likely mistake behind a status.
func statusHint(code int) string {
	if code == http.StatusUnauthorized || code == http.StatusForbidden {
		return " (Badge Objects must be public, served without credentials)"
	}
	return ""
}

// unreachableOwn returns a URL on one of the candidate's own origins that gave no answer at all:
// that is the harness failing to reach the candidate, not a conformance failure.
func unreachableOwn(env *suites.Env, r *verify.Result) string {
	own := map[string]bool{}
	for _, o := range append(origins(env.Candidate), fromOrigins(env)...) {
		if u, err := url.Parse(o); err == nil {
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
		for _, f := range c.Result.Fetches { // failed exchanges too
			if f.Evidence != "" && !seen[f.Evidence] {
				seen[f.Evidence] = true
				out = append(out, f.Evidence)
			}
		}
	}
	return out
}
