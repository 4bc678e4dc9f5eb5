package connect

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/obcert/obcert/internal/redact"
)

// recordedExchange is one request obcert's provider received, as written to the evidence:
// secrets (client secrets, codes, verifiers, tokens, credential headers) redacted.
type recordedExchange struct {
	Seq          int                 `json:"seq"`
	Method       string              `json:"method"`
	URL          string              `json:"url"`
	Header       map[string][]string `json:"header,omitempty"`
	Body         string              `json:"body,omitempty"`
	Status       int                 `json:"status"`
	Answer       string              `json:"answer,omitempty"`
	Location     string              `json:"location,omitempty"`
	AuthorizeSeq int                 `json:"authorizeSeq,omitempty"`
	TokenScope   string              `json:"tokenScope,omitempty"`
	TokenVia     string              `json:"tokenVia,omitempty"`
}

// maxEvidenceBody bounds each body written to the evidence.
const maxEvidenceBody = 64 << 10

// writeRecording writes the connection's recording, redacted, into the report folder's
// evidence/ and returns its reference ("" writes nothing).
func writeRecording(out string, c *connection) []string {
	if out == "" {
		return nil
	}
	r := redact.New(connectionSecrets(c)...)
	var xs []recordedExchange
	for _, x := range c.Rec.Exchanges {
		u := x.Path
		if len(x.Query) > 0 {
			u += "?" + x.Query.Encode()
		}
		h := map[string][]string{}
		for k, v := range x.Header {
			if slices.ContainsFunc(redact.Headers, func(s string) bool { return strings.EqualFold(s, k) }) {
				v = []string{redact.Redacted}
			}
			h[k] = v
		}
		xs = append(xs, recordedExchange{Seq: x.Seq, Method: x.Method, URL: r.String(u), Header: h, Body: r.String(clip(string(x.Body), maxEvidenceBody)),
			Status: x.Status, Answer: r.String(clip(string(x.Answer), maxEvidenceBody)), Location: r.String(x.Location),
			AuthorizeSeq: x.AuthorizeSeq, TokenScope: x.Scope, TokenVia: x.TokenVia})
	}
	b, err := json.MarshalIndent(map[string]any{"manifest": c.Rec.Manifest, "nulls": c.Rec.Nulls, "dropped": c.Rec.Dropped, "exchanges": xs}, "", "  ")
	if err != nil {
		return nil
	}
	rel := "evidence/connect-consumer/" + strings.ReplaceAll(c.Name, " ", "-") + ".json"
	if os.MkdirAll(filepath.Join(out, "evidence", "connect-consumer"), 0o755) != nil ||
		os.WriteFile(filepath.Join(out, filepath.FromSlash(rel)), b, 0o644) != nil {
		return nil
	}
	return []string{rel}
}

// connectionSecrets are the secret values that passed through the connection: client secrets,
// codes, verifiers, access and refresh tokens, and the credentials of its Authorization headers.
func connectionSecrets(c *connection) []string {
	var out []string
	for _, x := range c.Rec.Exchanges {
		var ans map[string]any
		_ = json.Unmarshal(x.Answer, &ans)
		for _, k := range []string{"client_secret", "access_token", "refresh_token"} {
			if v, ok := ans[k].(string); ok {
				out = append(out, v)
			}
		}
		if loc, err := url.Parse(x.Location); err == nil {
			out = append(out, loc.Query().Get("code"))
		}
		for _, k := range []string{"code", "code_verifier", "client_secret", "access_token", "refresh_token"} {
			out = append(out, formOf(x).Get(k), x.Query.Get(k))
		}
		if _, cred, ok := strings.Cut(x.Header.Get("Authorization"), " "); ok {
			out = append(out, cred)
		}
	}
	return out
}
