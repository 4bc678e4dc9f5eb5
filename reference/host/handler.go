package host

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/obcert/obcert/openbadges/bake"
	refdisplayer "github.com/obcert/obcert/reference/displayer"
)

type doc = map[string]any

// request is an import (api/adapter.yaml, ImportRequest).
type request struct {
	URL       string          `json:"url,omitempty"`
	Image     []byte          `json:"image,omitempty"`
	MediaType string          `json:"mediaType,omitempty"`
	JWS       string          `json:"jws,omitempty"`
	JSON      json.RawMessage `json:"json,omitempty"`
	Account   string          `json:"account"`
}

// badge is one stored badge: how to verify it again, the Assertion as imported, and its JWS
// when it is a signed badge.
type badge struct {
	account string
	verify  request // the displayer input it is verified by
	doc     doc
	jws     string
	status  string
}

type handler struct {
	c        config
	verifier http.Handler
	mu       sync.Mutex
	badges   map[string]*badge
	order    []string
}

// New returns the reference host's conformance adapter: POST /import verifies a badge and stores
// it in the account, POST /export answers it back (as stored, or baked), GET /badges lists them.
func New(opts ...Option) http.Handler {
	h := &handler{c: config{client: &http.Client{Timeout: 10 * time.Second}, now: time.Now}, badges: map[string]*badge{}}
	for _, o := range opts {
		o(&h.c)
	}
	vopts := []refdisplayer.Option{refdisplayer.WithClient(h.c.client), refdisplayer.WithClock(h.c.now)}
	for name, on := range map[string]bool{"displayer-tampered-shown-valid": h.c.acceptTampered, "displayer-revoked-shown-valid": h.c.acceptRevoked} {
		if f, ok := refdisplayer.LookupFault(name); ok && on {
			vopts = append(vopts, f.Option)
		}
	}
	h.verifier = refdisplayer.New(vopts...)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /import", h.importBadge)
	mux.HandleFunc("POST /export", h.export)
	mux.HandleFunc("GET /badges", h.list)
	h.pages(mux)
	return mux
}

func answer(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (h *handler) importBadge(w http.ResponseWriter, r *http.Request) {
	var in request
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 20<<20)).Decode(&in); err != nil {
		http.Error(w, "the body is not an ImportRequest: "+err.Error(), http.StatusBadRequest)
		return
	}
	id, reason := h.store(r.Context(), in)
	if id == "" {
		answer(w, map[string]string{"status": "refused", "reason": reason})
		return
	}
	answer(w, map[string]string{"id": id, "status": "imported"})
}

// store verifies and keeps the import: the badge's id, or "" and why it was refused.
func (h *handler) store(ctx context.Context, in request) (id, reason string) {
	if f := formOf(in); f != "" && f == h.c.refuseForm {
		return "", "this backpack does not import badges given as " + f
	}
	b, err := h.read(ctx, in)
	if err == nil {
		err = h.accept(ctx, b)
	}
	if err != nil {
		if h.c.silentRefusal {
			return "", ""
		}
		return "", err.Error()
	}
	h.mu.Lock()
	id = fmt.Sprintf("badge-%d", len(h.order)+1)
	h.badges[id] = b
	h.order = append(h.order, id)
	h.mu.Unlock()
	return id, ""
}

// read reads the Assertion the import carries, and what to verify it by.
func (h *handler) read(ctx context.Context, in request) (*badge, error) {
	b := &badge{account: in.Account, verify: in}
	var err error
	switch {
	case in.URL != "":
		b.doc, err = h.fetch(ctx, in.URL)
	case in.JWS != "":
		b.jws = strings.TrimSpace(in.JWS)
		b.doc, err = payload(b.jws)
	case len(in.JSON) > 0:
		err = json.Unmarshal(in.JSON, &b.doc)
		id, _ := b.doc["id"].(string)
		if err == nil && !strings.HasPrefix(id, "http") {
			err = errors.New("a JSON Assertion is imported only when it is a hosted one (its id an HTTP URL) that can be verified")
		}
		b.verify = request{URL: id}
	case len(in.Image) > 0:
		var x *bake.Extracted
		if x, err = bake.Extract(in.Image); err != nil {
			return nil, fmt.Errorf("the image carries no Open Badge: %v", err)
		}
		p := strings.TrimSpace(x.Payload)
		switch {
		case strings.HasPrefix(p, "{"):
			err = json.Unmarshal([]byte(p), &b.doc)
		case strings.HasPrefix(p, "http"):
			b.doc, err = h.fetch(ctx, p)
		default:
			b.jws = p
			b.doc, err = payload(p)
		}
	default:
		err = errors.New("the import names no url, image, jws or json")
	}
	if err != nil {
		return nil, fmt.Errorf("the badge could not be read: %v", err)
	}
	return b, nil
}

// accept verifies the badge and checks that it is issued to the account.
func (h *handler) accept(ctx context.Context, b *badge) error {
	b.status = h.check(ctx, b.verify)
	switch b.status {
	case "valid":
	case "revoked":
		return errors.New("the issuer revoked this badge")
	case "expired":
		return errors.New("this badge has expired")
	default:
		return errors.New("this badge does not verify: its signature, issuer, BadgeClass or hosting place is not right")
	}
	if !h.c.ignoreAccount && !issuedTo(b.doc, b.account) {
		return fmt.Errorf("this badge is not issued to %s, the identity of this account", b.account)
	}
	return nil
}

// check asks the reference displayer's checks what the badge's status is now.
func (h *handler) check(ctx context.Context, in request) string {
	body, _ := json.Marshal(map[string]any{"url": in.URL, "jws": in.JWS, "image": in.Image, "mediaType": in.MediaType})
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/verify", bytes.NewReader(body))
	rec := httptest.NewRecorder()
	h.verifier.ServeHTTP(rec, req)
	var s struct{ Status string }
	if json.Unmarshal(rec.Body.Bytes(), &s) != nil {
		return "invalid"
	}
	return s.Status
}

// issuedTo reports whether the Assertion's recipient is identity (plain, or hashed with sha256).
func issuedTo(a doc, identity string) bool {
	r, _ := a["recipient"].(doc)
	got, _ := r["identity"].(string)
	if hashed, _ := r["hashed"].(bool); !hashed {
		return strings.EqualFold(got, identity)
	}
	salt, _ := r["salt"].(string)
	sum := sha256.Sum256([]byte(identity + salt))
	return strings.EqualFold(got, "sha256$"+hex.EncodeToString(sum[:]))
}

func (h *handler) fetch(ctx context.Context, u string) (doc, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/ld+json, application/json")
	resp, err := h.c.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, err
	}
	var d doc
	if err := json.Unmarshal(body, &d); err != nil && resp.StatusCode == http.StatusOK {
		return nil, err
	}
	return d, nil
}

func payload(jws string) (doc, error) {
	parts := strings.Split(jws, ".")
	if len(parts) != 3 {
		return nil, errors.New("the JWS is not compact")
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, err
	}
	var d doc
	return d, json.Unmarshal(b, &d)
}

// exportRequest is api/adapter.yaml's ExportRequest.
type exportRequest struct {
	ID string `json:"id"`
	As string `json:"as"`
}

func (h *handler) export(w http.ResponseWriter, r *http.Request) {
	var in exportRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&in); err != nil {
		http.Error(w, "the body is not an ExportRequest: "+err.Error(), http.StatusBadRequest)
		return
	}
	h.mu.Lock()
	b, ok := h.badges[in.ID]
	h.mu.Unlock()
	if !ok {
		http.Error(w, "no badge "+in.ID, http.StatusNotFound)
		return
	}
	status := h.statusOf(r.Context(), b)
	switch in.As {
	case "json":
		answer(w, map[string]any{"json": h.exported(b.doc), "status": status})
	case "png", "svg":
		img, mt, err := h.bake(b, in.As)
		if err != nil {
			http.Error(w, "baking failed: "+err.Error(), http.StatusInternalServerError)
			return
		}
		answer(w, map[string]any{"image": img, "mediaType": mt, "status": status})
	default:
		http.Error(w, "as must be json, png or svg", http.StatusBadRequest)
	}
}

// exported is the JSON export of the stored Assertion, after the export faults and form.
func (h *handler) exported(d doc) any {
	out := doc{}
	for k, v := range d {
		out[k] = v
	}
	if h.c.dropProperty {
		delete(out, "expires")
	}
	for k := range out {
		if h.c.dropExtension && strings.HasPrefix(k, "extensions:") {
			delete(out, k)
		}
	}
	if h.c.changeValue {
		out["issuedOn"] = "2001-01-01T00:00:00Z"
	}
	if h.c.exportForm != nil {
		return h.c.exportForm(out)
	}
	return out
}

// bake bakes the stored badge into a fresh image: its JWS when signed, else its JSON.
func (h *handler) bake(b *badge, as string) ([]byte, string, error) {
	js, err := json.Marshal(b.doc)
	if err != nil {
		return nil, "", err
	}
	if as == "svg" {
		a := bake.SVGAssertion{Verify: b.jws}
		if b.jws == "" {
			id, _ := b.doc["id"].(string)
			a = bake.SVGAssertion{Verify: id, Body: string(js)}
		}
		img, err := bake.BakeSVG([]byte(plainSVG), a)
		return img, "image/svg+xml", err
	}
	p := string(js)
	if b.jws != "" {
		p = b.jws
	}
	img, err := bake.BakePNG(plainPNG(), p)
	if err == nil && h.c.rebake != nil {
		img, err = h.c.rebake(img)
	}
	return img, "image/png", err
}

const plainSVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32"><rect width="32" height="32" fill="#2a7"/></svg>
`

// plainPNG is a 16×16 green square.
func plainPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for y := 0; y < 16; y++ {
		for x := 0; x < 16; x++ {
			img.SetRGBA(x, y, color.RGBA{G: 0xa0, B: 0x60, A: 0xff})
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

// list answers the badges of ?account=, in import order.
func (h *handler) list(w http.ResponseWriter, r *http.Request) {
	account := r.URL.Query().Get("account")
	h.mu.Lock()
	out := []map[string]string{}
	for _, id := range h.order {
		if b := h.badges[id]; b.account == account {
			out = append(out, map[string]string{"id": id, "status": b.status})
		}
	}
	h.mu.Unlock()
	answer(w, out)
}

// formOf names the form an import is given in: png, svg, url, jws or json.
func formOf(in request) string {
	switch {
	case len(in.Image) > 0 && strings.Contains(in.MediaType, "svg"):
		return "svg"
	case len(in.Image) > 0:
		return "png"
	case in.URL != "":
		return "url"
	case in.JWS != "":
		return "jws"
	case len(in.JSON) > 0:
		return "json"
	}
	return ""
}
