package verify

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/mail"
	"regexp"
	"sort"
	"strings"
)

// RecipientProfile is the trusted set of identities a badge may have been awarded to, by
// identity type: {"email": ["a@example.org"], "url": [...], "telephone": [...]}.
type RecipientProfile map[string][]string

var telephoneRE = regexp.MustCompile(`^\+?[1-9]\d{1,14}(;ext=\d+)?$`)

// ParseRecipient reads a recipient given on the command line: an email, URL or telephone number
// (the type is inferred), or a JSON object in the reference validator's recipient-profile shape,
// e.g. {"email":"nobody@example.org"} or {"email":["a@example.org","b@example.org"]}.
func ParseRecipient(s string) (RecipientProfile, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "{") {
		var raw map[string]any
		if err := json.Unmarshal([]byte(s), &raw); err != nil {
			return nil, fmt.Errorf("recipient profile is not valid JSON: %v", err)
		}
		p := RecipientProfile{}
		for k, v := range raw {
			for _, x := range values(v) {
				str, ok := x.(string)
				if !ok {
					return nil, fmt.Errorf("recipient profile %s values must be strings", k)
				}
				p[k] = append(p[k], str)
			}
		}
		if len(p) == 0 {
			return nil, fmt.Errorf("recipient profile names no identity")
		}
		return p, nil
	}
	switch {
	case isHTTPURL(s):
		return RecipientProfile{"url": {s}}, nil
	case telephoneRE.MatchString(s):
		return RecipientProfile{"telephone": {s}}, nil
	}
	if a, err := mail.ParseAddress(s); err == nil && a.Address == s {
		return RecipientProfile{"email": {s}}, nil
	}
	return nil, fmt.Errorf("cannot tell whether recipient %q is an email, URL or telephone number; give a JSON profile such as {\"email\":\"...\"}", s)
}

// recipientCheck confirms the Assertion was awarded to an identity of the expected profile.
// VERIFY-04: "a plaintext match, or alg(identifier+salt) equals identity, for the declared type".
func (s *session) recipientCheck(n *Node) {
	p := s.v.recipient
	if p == nil {
		return
	}
	r, ok := n.Data["recipient"].(map[string]any)
	if !ok {
		return // the class validator reports a missing recipient
	}
	typ := str(r["type"])
	identity, _ := r["identity"].(string)
	hashed, _ := r["hashed"].(bool)
	salt, _ := r["salt"].(string)
	candidates := (*p)[typ]
	if len(candidates) == 0 {
		s.errorf("VERIFY_RECIPIENT_IDENTIFIER", n.ID, []string{"VERIFY-04", "VERIFY-26"},
			"Issue the badge to an identity of the expected type.",
			"Assertion %s is awarded to a %q identity; the expected recipient has none (has %s)", n.ID, typ, profileTypes(*p))
		return
	}
	for _, c := range candidates {
		if identityMatches(identity, hashed, salt, c) {
			s.res.RecipientProfile = map[string]string{typ: c}
			return
		}
	}
	s.errorf("VERIFY_RECIPIENT_IDENTIFIER", n.ID, []string{"VERIFY-04"},
		"Issue the badge to the expected recipient; when hashing, hash identity+salt with sha256 and prefix sha256$.",
		"Assertion %s was not awarded to the expected recipient %s %v", n.ID, typ, candidates)
}

func identityMatches(identity string, hashed bool, salt, candidate string) bool {
	if !hashed {
		return identity == candidate
	}
	alg, sum, ok := strings.Cut(strings.ToLower(identity), "$")
	if !ok {
		return false
	}
	switch alg {
	case "sha256":
		h := sha256.Sum256([]byte(candidate + salt))
		return hex.EncodeToString(h[:]) == sum
	case "md5":
		h := md5.Sum([]byte(candidate + salt))
		return hex.EncodeToString(h[:]) == sum
	}
	return false
}

func profileTypes(p RecipientProfile) string {
	var ts []string
	for t := range p {
		ts = append(ts, t)
	}
	sort.Strings(ts)
	return strings.Join(ts, ", ")
}
