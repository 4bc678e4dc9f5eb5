package connect

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// badge is one stored Assertion: as posted (its JSON, or its JWS), and when it was last updated.
type badge struct {
	id      string
	raw     json.RawMessage // the unsigned Assertion as posted
	jws     string          // the signed Assertion as posted
	updated time.Time
	seq     int
}

// defaultLimit is the page size when the request names none; maxOffset the largest offset read.
const (
	defaultLimit = 50
	maxOffset    = 1 << 30
)

// getAssertions answers a page of the account's Assertions, newest update first (CONNECT-60..72).
func (p *Provider) getAssertions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, offset := defaultLimit, 0
	var since time.Time
	var err error
	if s := q.Get("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil || limit < 1 {
			p.status(w, http.StatusBadRequest, textValidation, "limit must be an integer of at least 1", nil)
			return
		}
		limit = min(limit, maxBadges) // CONNECT-63: the provider MAY use a smaller limit; the links say which
	}
	if s := q.Get("offset"); s != "" {
		if offset, err = strconv.Atoi(s); err != nil || offset < 0 || offset > maxOffset {
			p.status(w, http.StatusBadRequest, textValidation, "offset must be an integer from 0 to "+strconv.Itoa(maxOffset), nil)
			return
		}
	}
	if s := q.Get("since"); s != "" {
		if since, err = time.Parse(time.RFC3339Nano, s); err != nil {
			p.status(w, http.StatusBadRequest, textValidation, "since must be an ISO 8601 date-time with a time zone", nil)
			return
		}
	}
	p.mu.Lock()
	var all []*badge
	for _, b := range p.badges {
		if since.IsZero() || p.c.f.ignoresSince || b.updated.After(since) {
			all = append(all, b)
		}
	}
	p.mu.Unlock()
	sort.SliceStable(all, func(i, j int) bool { return all[i].seq > all[j].seq })
	total := len(all)
	size := limit
	if p.c.f.ignoresLimit {
		size = max(total, 1) // the whole list on one page: a complete list, linked as such
	}
	page := all[min(offset, total):min(offset+size, total)]
	p.links(w, r, q, size, offset, total)
	count := total
	if p.c.f.wrongTotal {
		count = len(page)
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(count))
	fields := map[string]any{}
	var unsigned []json.RawMessage
	var signed []any
	for _, b := range page {
		switch {
		case b.jws != "" && p.c.f.signedAsObjects:
			signed = append(signed, map[string]string{"signedAssertion": b.jws})
		case b.jws != "":
			signed = append(signed, b.jws)
		default:
			unsigned = append(unsigned, p.listed(b.raw))
		}
	}
	if len(unsigned) > 0 {
		fields["assertions"] = unsigned
	}
	if len(signed) > 0 {
		fields["signedAssertions"] = signed
	}
	p.status(w, http.StatusOK, textOK, "", fields)
}

// CONNECT-61: "An HTTP Link header MUST appear when a list is incomplete; it MAY appear on
// complete lists." CONNECT-62: "next (MUST when the list is incomplete), last (MUST always), first
// (MUST always), prev (MUST when offset > 0)."
//
// links writes the Link header: first and last always, next when the list goes on, prev when
// offset > 0 (CONNECT-61, -62), each an absolute URL keeping limit and since.
func (p *Provider) links(w http.ResponseWriter, r *http.Request, q url.Values, limit, offset, total int) {
	at := func(off int) string {
		v := url.Values{"limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(off)}}
		if s := q.Get("since"); s != "" {
			v.Set("since", s)
		}
		return "<" + p.apiBase(r) + pathAssertions + "?" + v.Encode() + ">"
	}
	last := 0
	if total > 0 {
		last = (total - 1) / limit * limit
	}
	var l []string
	incomplete := offset+limit < total
	switch {
	case incomplete && p.c.f.noLinkOnPartial:
		return
	case incomplete:
		l = append(l, at(offset+limit)+`; rel="next"`)
	case p.c.f.nextOnLast && offset < total:
		l = append(l, at(offset+limit)+`; rel="next"`) // past the end: an empty page
	}
	l = append(l, at(last)+`; rel="last"`, at(0)+`; rel="first"`)
	if offset > 0 {
		l = append(l, at(max(0, min(offset-limit, last)))+`; rel="prev"`)
	}
	w.Header().Set("Link", strings.Join(l, ", "))
}

// listed is an unsigned Assertion as GET /assertions lists it: as posted, but under the
// faults that change it, with an internal member beside its terms, or its type as an array.
func (p *Provider) listed(raw json.RawMessage) json.RawMessage {
	if !p.c.f.internalMember && !p.c.f.typeAsArray {
		return raw
	}
	var d map[string]any
	if json.Unmarshal(raw, &d) != nil {
		return raw
	}
	if p.c.f.internalMember {
		d["importedAt"] = p.now().UTC().Format(time.RFC3339)
	}
	if t, ok := d["type"].(string); ok && p.c.f.typeAsArray {
		d["type"] = []any{t}
	}
	out, err := json.Marshal(d)
	if err != nil {
		return raw
	}
	return out
}

// payload is an Assertion Payload (CONNECT-73).
type payload struct {
	Assertion       json.RawMessage `json:"assertion"`
	SignedAssertion json.RawMessage `json:"signedAssertion"`
}

// postAssertion verifies the posted badge and stores it, creating or updating it (CONNECT-73, -74).
//
// CONNECT-73: "POST /assertions is create-or-update (upsert). The body MUST be an Assertion
// Payload {assertion?: object, signedAssertion?: compact JWS}. If both are present, the unsigned
// one MUST be ignored. [...] The 200 response is {status} only."
// CONNECT-74: "On every POSTed Assertion (new or update), the Provider verifies it (VERIFY-*) and
// does not implicitly trust the posted data."
func (p *Provider) postAssertion(w http.ResponseWriter, r *http.Request) {
	var in payload
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxPayloadBody))
	if err := dec.Decode(&in); err != nil {
		p.status(w, http.StatusBadRequest, textValidation, "the body is not an Assertion Payload (a JSON object with assertion or signedAssertion) within 8 MiB", nil)
		return
	}
	b, doc, verifyBy, err := readPayload(in)
	if err != nil {
		p.status(w, http.StatusBadRequest, textValidation, err.Error(), nil)
		return
	}
	if !p.c.f.acceptsInvalid {
		if text, msg := p.verify(r.Context(), doc, verifyBy); text != "" {
			p.status(w, http.StatusBadRequest, text, msg, nil)
			return
		}
	}
	switch stored := p.store(b); {
	case stored == errFull:
		p.status(w, http.StatusBadRequest, textBadRequest, "this account holds as many Assertions as it keeps", nil)
		return
	case stored != nil:
		p.status(w, http.StatusBadRequest, textBadRequest, "an Assertion with this id is already stored", nil)
		return
	}
	code := http.StatusOK
	st := map[string]any{"error": nil, "statusCode": code, "statusText": textOK}
	if p.c.f.statusCodeMismatch {
		st["statusCode"] = http.StatusCreated
	}
	writeJSON(w, code, map[string]any{"status": st})
}

// readPayload reads the badge of the payload: the signed one when both are given.
func readPayload(in payload) (*badge, map[string]any, map[string]any, error) {
	isNull := func(m json.RawMessage) bool { return len(m) == 0 || string(bytes.TrimSpace(m)) == "null" }
	b := &badge{}
	var doc map[string]any
	switch {
	case !isNull(in.SignedAssertion):
		if err := json.Unmarshal(in.SignedAssertion, &b.jws); err != nil || strings.TrimSpace(b.jws) == "" {
			return nil, nil, nil, errors.New("signedAssertion must be a compact JWS string")
		}
		b.jws = strings.TrimSpace(b.jws)
		d, err := jwsPayload(b.jws)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("signedAssertion is not a compact JWS of an Assertion: %v", err)
		}
		doc = d
	case !isNull(in.Assertion):
		if err := json.Unmarshal(in.Assertion, &doc); err != nil || doc == nil {
			return nil, nil, nil, errors.New("assertion must be a JSON object, an Open Badges 2.0 Assertion")
		}
		b.raw = append(json.RawMessage(nil), bytes.TrimSpace(in.Assertion)...)
	default:
		return nil, nil, nil, errors.New("the Assertion Payload carries neither assertion nor signedAssertion")
	}
	id, _ := doc["id"].(string)
	if id == "" {
		return nil, nil, nil, errors.New("the Assertion has no id")
	}
	b.id = id
	verifyBy := map[string]any{"jws": b.jws}
	if b.jws == "" {
		verifyBy = map[string]any{"url": id}
	}
	return b, doc, verifyBy, nil
}

// verify checks the posted badge with the reference displayer's checks, and its recipient: the
// statusText and message of a refusal, or "".
func (p *Provider) verify(ctx context.Context, doc, in map[string]any) (text, msg string) {
	if u, _ := in["url"].(string); u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return textInvalidBadge, "an unsigned Assertion is accepted only when it is hosted (its id an HTTP URL) so that it can be verified"
	}
	body, _ := json.Marshal(in)
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/verify", bytes.NewReader(body))
	rec := httptest.NewRecorder()
	p.verifier.ServeHTTP(rec, req)
	var s struct{ Status string }
	_ = json.Unmarshal(rec.Body.Bytes(), &s)
	switch s.Status {
	case "valid":
	case "revoked":
		return textInvalidBadge, "the issuer revoked this badge"
	case "expired":
		return textInvalidBadge, "this badge has expired"
	default:
		return textInvalidBadge, "this badge does not verify: its signature, issuer, BadgeClass or hosting place is not right"
	}
	if !issuedTo(doc, p.c.account) {
		return textRecipientMismatch, "this badge is not issued to " + p.c.account + ", the identity of this account"
	}
	return "", ""
}

// errFull and errUpdate are why a badge was not stored: the account is full, or an update was
// refused (a fault).
var (
	errFull   = errors.New("full")
	errUpdate = errors.New("update refused")
)

// store creates or updates the badge by its Assertion id.
func (p *Provider) store(b *badge) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seq++
	b.seq, b.updated = p.seq, p.now()
	if i := slices.IndexFunc(p.badges, func(old *badge) bool { return old.id == b.id }); i >= 0 && !p.c.f.duplicates {
		switch {
		case p.c.f.refusesUpsert:
			return errUpdate
		case p.c.f.dropsOnUpsert:
			b = dropped(b)
		}
		p.badges[i] = b
		return nil
	}
	if len(p.badges) >= maxBadges {
		return errFull
	}
	p.badges = append(p.badges, b) // a new Assertion, or under a fault an update beside the old entry
	return nil
}

// dropped is the badge as a lossy update stores it: a signed one as its bare payload, an
// unsigned one without its expiry.
func dropped(b *badge) *badge {
	out := *b
	var d map[string]any
	if b.jws != "" {
		d, _ = jwsPayload(b.jws)
		out.jws = ""
	} else {
		_ = json.Unmarshal(b.raw, &d)
	}
	delete(d, "expires")
	out.raw, _ = json.Marshal(d)
	return &out
}

// jwsPayload is the JSON payload of a compact JWS.
func jwsPayload(jws string) (map[string]any, error) {
	parts := strings.Split(jws, ".")
	if len(parts) != 3 {
		return nil, errors.New("a compact JWS has three dot-separated parts")
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, errors.New("its payload is not base64url")
	}
	var d map[string]any
	if err := json.Unmarshal(b, &d); err != nil || d == nil {
		return nil, errors.New("its payload is not a JSON object")
	}
	return d, nil
}

// issuedTo reports whether the Assertion's recipient is identity (plain, or hashed with sha256).
func issuedTo(a map[string]any, identity string) bool {
	r, _ := a["recipient"].(map[string]any)
	got, _ := r["identity"].(string)
	if hashed, _ := r["hashed"].(bool); !hashed {
		return strings.EqualFold(got, identity)
	}
	salt, _ := r["salt"].(string)
	sum := sha256.Sum256([]byte(identity + salt))
	return strings.EqualFold(got, "sha256$"+hex.EncodeToString(sum[:]))
}
