package reference

import "net/http"

// The middleware the faults wrap handlers in: each rewrites the status line or headers of what the
// handler answers, before they are sent.

// rewriteResponse returns middleware that lets edit change the status and headers of a response.
func rewriteResponse(edit func(status int, h http.Header) int) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(&rewriter{ResponseWriter: w, edit: edit}, r)
		})
	}
}

// rewriter applies edit once, when the handler writes its header.
type rewriter struct {
	http.ResponseWriter
	edit  func(status int, h http.Header) int
	wrote bool
}

func (w *rewriter) WriteHeader(status int) {
	if !w.wrote {
		w.wrote = true
		status = w.edit(status, w.Header())
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *rewriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// serveJSONAs answers every JSON response (application/ld+json or application/json) as
// contentType instead.
func serveJSONAs(contentType string) func(http.Handler) http.Handler {
	return rewriteResponse(func(status int, h http.Header) int {
		if ct := h.Get("Content-Type"); ct == typeLDJSON || ct == typeJSON {
			h.Set("Content-Type", contentType)
		}
		return status
	})
}
