package verify

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/obcert/obcert"
)

// Item 2. VERIFY-11 / ISSUER-11: the hosted scope, with origins compared as origins.
func TestHostedScopeOrigins(t *testing.T) {
	for name, tc := range map[string]struct {
		policy    map[string]any // nil: no verification object
		assertion string
		ok        bool
		rule      string // the rule the INFO or ERROR names
	}{
		"no policy, same origin":            {nil, "https://example.org/a.json", true, "default origin rule"},
		"no policy, port differs":           {nil, "https://example.org:8443/a.json", false, "default origin rule"},
		"policy without origins or prefix":  {map[string]any{"type": "VerificationObject"}, "https://evil.example/a.json", false, "default origin rule"},
		"startsWith is not a bare prefix":   {map[string]any{"startsWith": "https://example.org"}, "https://example.org.attacker.example/a.json", false, "default origin rule"},
		"startsWith cannot widen":           {map[string]any{"startsWith": "https://cdn.example.net/"}, "https://cdn.example.net/a.json", false, "default origin rule"},
		"startsWith narrows":                {map[string]any{"startsWith": "https://example.org/badges/"}, "https://example.org/a.json", false, "startsWith"},
		"startsWith admits within origin":   {map[string]any{"startsWith": []any{"https://example.org/badges/"}}, "https://example.org/badges/a.json", true, "startsWith"},
		"allowedOrigins admits":             {map[string]any{"allowedOrigins": "cdn.example.net"}, "https://cdn.example.net/a.json", true, "allowedOrigins"},
		"allowedOrigins and startsWith":     {map[string]any{"allowedOrigins": "cdn.example.net", "startsWith": "https://cdn.example.net/x/"}, "https://cdn.example.net/x/a.json", true, "startsWith"},
		"startsWith on an unallowed origin": {map[string]any{"allowedOrigins": "cdn.example.net", "startsWith": "https://evil.example/"}, "https://evil.example/a.json", false, "allowedOrigins"},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHosted()
			if tc.policy != nil {
				h.issuer["verification"] = tc.policy
			}
			h.assertion["id"] = tc.assertion
			w := h.web()
			delete(w, "https://example.org/a.json")
			w.json(tc.assertion, h.assertion)
			res := verifyWith(t, w, Input{Value: tc.assertion})
			if res.Valid != tc.ok {
				t.Fatalf("valid=%v, want %v\n%s", res.Valid, tc.ok, dump(res))
			}
			sev := obcert.Info
			if !tc.ok {
				sev = obcert.Error
			}
			wantFinding(t, res, sev, "VERIFY-11", tc.rule)
		})
	}
	t.Run("http on the issuer's https host is admitted with a warning, as the reference validator's scenario 04 needs", func(t *testing.T) {
		h := newHosted()
		h.assertion["id"] = "http://example.org/a.json"
		w := h.web()
		w.json("http://example.org/a.json", h.assertion)
		res := verifyWith(t, w, Input{Value: "http://example.org/a.json"})
		wantValid(t, res)
		wantFinding(t, res, obcert.Warning, "VERIFY-11", "not the issuer Profile id's origin https://example.org")
	})
}

// TestAdmitsRememberedIsAdmits: the remembered answer is admits' answer, the first time and
// from memory, for ids on and off the issuer's origin, scheme and port; and a scope with a policy
// is not remembered.
func TestAdmitsRememberedIsAdmits(t *testing.T) {
	issuers := []string{"https://example.org/issuer", "http://example.org/i", "https://example.org:8443/i", "urn:uuid:x"}
	ids := []string{"https://example.org/b.json", "http://example.org/b.json", "https://EXAMPLE.org:443/b",
		"https://example.org:8443/b", "https://other.example/b", "not a url", "https://example.org.evil/b"}
	for round := range 2 {
		for _, iss := range issuers {
			for _, id := range ids {
				sc := scope{issuer: iss}
				wantRule, wantLevel := sc.admits(id)
				gotRule, gotLevel := sc.admitsRemembered(id)
				if gotRule != wantRule || gotLevel != wantLevel {
					t.Fatalf("round %d, %s in %s's scope: remembered %q %v, admits %q %v", round, id, iss, gotRule, gotLevel, wantRule, wantLevel)
				}
			}
		}
	}
	sc := scope{issuer: "https://example.org/i", prefixes: []string{"https://example.org/badges/"}}
	for range 2 {
		if rule, _ := sc.admitsRemembered("https://example.org/other"); rule != func() string { r, _ := sc.admits("https://example.org/other"); return r }() {
			t.Fatalf("a scope with startsWith: %q", rule)
		}
	}
	scopeMu.RLock()
	_, ok := scopeVerdicts[scopeKey{"https://example.org/other", "https://example.org/i"}]
	scopeMu.RUnlock()
	if ok {
		t.Error("a scope with startsWith was remembered")
	}
}

// TestAdmitsShortcutIsAdmits: admits' shortcut (an id written as the issuer's origin and a slash)
// answers what the parsed URLs answer, for issuers and ids on and off each other's origin, with
// ports, upper case, user info, IPv6 and percent-encoded hosts, and for random texts built from
// the pieces of such URLs.
func TestAdmitsShortcutIsAdmits(t *testing.T) {
	issuers := []string{"https://example.org/issuer", "http://example.org/i", "https://example.org:8443/i",
		"https://example.org:443/i", "https://EXAMPLE.org/i", "https://[::1]:8443/i", "https://ex%41mple.org/i",
		"https://user@example.org/i", "urn:uuid:x", "https://example.org", "https://xn--bcher-kva.example/i"}
	pieces := []string{"https://", "http://", "example.org", "EXAMPLE.org", ":8443", ":443", ":80", "/", "/a", "?q", "#f",
		"@", "user", "[::1]", "%41", ".evil", "xn--bcher-kva.example", " ", ":"}
	ids := []string{"https://example.org/b.json", "http://example.org/b.json", "https://EXAMPLE.org:443/b",
		"https://example.org:8443/b", "https://other.example/b", "not a url", "https://example.org.evil/b",
		"https://example.org/", "https://example.org//x", "https://example.org/@evil.example/", "https://[::1]:8443/b"}
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 4000 {
		var b strings.Builder
		if rnd.IntN(2) == 0 { // on an issuer's origin, then anything
			b.WriteString([]string{"https://example.org/", "http://example.org/", "https://example.org:8443/"}[rnd.IntN(3)])
		}
		for range 1 + rnd.IntN(5) {
			b.WriteString(pieces[rnd.IntN(len(pieces))])
		}
		ids = append(ids, b.String())
	}
	shortcuts := 0
	for _, iss := range issuers {
		for _, id := range ids {
			sc := scope{issuer: iss}
			gotRule, gotLevel := sc.admits(id)
			wantRule, wantLevel := sc.admitsParsed(id)
			if gotRule != wantRule || gotLevel != wantLevel {
				t.Fatalf("%s in %s's scope: admits %q %v, by the parsed URLs %q %v", id, iss, gotRule, gotLevel, wantRule, wantLevel)
			}
			if o := originOfIssuer(iss); o.plain && strings.HasPrefix(id, o.origin+"/") && isHTTPURL(id) {
				shortcuts++
			}
		}
	}
	if shortcuts < 100 {
		t.Errorf("the shortcut answered %d times: the test saw too little of it", shortcuts)
	}
	t.Logf("%d ids in the scopes of %d issuers, %d answered by the shortcut, 0 disagreements", len(ids), len(issuers), shortcuts)
}
