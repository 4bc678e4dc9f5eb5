package displayer

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/obcert/obcert/openbadges/bake"
)

// input is a badge as the adapter takes it (api/adapter.yaml, BadgeInput).
type input struct {
	URL       string `json:"url"`
	Image     []byte `json:"image"`
	MediaType string `json:"mediaType"`
	JWS       string `json:"jws"`
}

// stored is the displayer's stored verification of one badge.
type stored struct {
	shown     seen
	firstTime time.Time
}

type handler struct {
	c     config
	mu    sync.Mutex
	store map[string]stored
}

// New returns the reference displayer: its conformance adapter (POST /display shows the stored
// verification of a badge, verifying it the first time; POST /verify verifies it again now) and
// its HTML page (GET /view?badge=..., for the browser driver).
func New(opts ...Option) http.Handler {
	h := &handler{c: config{client: &http.Client{Timeout: 10 * time.Second}, now: time.Now}, store: map[string]stored{}}
	for _, o := range opts {
		o(&h.c)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /display", func(w http.ResponseWriter, r *http.Request) { h.serve(w, r, false) })
	mux.HandleFunc("POST /verify", func(w http.ResponseWriter, r *http.Request) { h.serve(w, r, true) })
	mux.HandleFunc("GET /view", h.page)
	return mux
}

func (h *handler) serve(w http.ResponseWriter, r *http.Request, again bool) {
	var in input
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 20<<20)).Decode(&in); err != nil {
		http.Error(w, "the body is not a BadgeInput: "+err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(h.show(r.Context(), in, again))
}

// show is what the displayer shows for the badge: its stored verification (verified the first
// time), verified again when asked.
func (h *handler) show(ctx context.Context, in input, again bool) seen {
	key := in.URL + in.JWS + string(in.Image)
	h.mu.Lock()
	st, known := h.store[key]
	h.mu.Unlock()
	if !known || (again && !h.c.neverReverify) {
		st = h.verify(ctx, in, st)
		h.mu.Lock()
		h.store[key] = st
		h.mu.Unlock()
	}
	return h.present(st.shown)
}

// verify verifies the badge now; the stored first time stays.
func (h *handler) verify(ctx context.Context, in input, st stored) stored {
	now := h.c.now().UTC()
	if st.firstTime.IsZero() {
		st.firstTime = now
	}
	st.shown = h.check(ctx, in)
	st.shown.LastVerified = now.Format(time.RFC3339Nano)
	if h.c.staleLastVerified {
		st.shown.LastVerified = st.firstTime.Format(time.RFC3339Nano)
	}
	return st
}

// check verifies a badge given as a URL, a JWS or a baked image.
func (h *handler) check(ctx context.Context, in input) seen {
	k := checker{c: &h.c, ctx: ctx}
	switch {
	case in.URL != "":
		return k.hosted(in.URL)
	case in.JWS != "":
		return k.signed(strings.TrimSpace(in.JWS))
	}
	ex, err := bake.Extract(in.Image)
	if err != nil {
		return seen{Status: "invalid"}
	}
	p := strings.TrimSpace(ex.Payload)
	var a doc
	switch {
	case json.Unmarshal([]byte(p), &a) == nil:
		return k.hosted(idOf(a["id"]))
	case strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://"):
		return k.hosted(p)
	}
	return k.signed(p)
}

// present is what a viewer sees, after the presentation faults.
func (h *handler) present(s seen) seen {
	c := h.c
	switch {
	case c.revokedAsValid && s.Status == "revoked":
		s.Status = "valid"
	case c.allInvalid:
		s.Status = "invalid"
	}
	if c.wrongIssuer {
		s.IssuerName = "obcert Reference Displayer"
	}
	if c.noImage {
		s.Image = ""
	}
	if c.wrongName {
		s.Name = "Badge"
	}
	if c.noDescription {
		s.Description = ""
	}
	if c.wrongDate {
		s.IssuedOn = c.now().Format("2006-01-02")
	}
	return s
}
