package httpx_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/obcert/obcert/internal/httpx"
)

// har is the part of a HAR 1.2 document the tests read back.
type har struct {
	Log struct {
		Version string
		Creator struct{ Name, Version string }
		Entries []struct {
			StartedDateTime string
			Time            float64
			Comment         string
			Request         struct {
				Method, URL string
				Headers     []struct{ Name, Value string }
				QueryString []struct{ Name, Value string }
				PostData    *struct{ MimeType, Text string }
			}
			Response struct {
				Status      int
				RedirectURL string
				Headers     []struct{ Name, Value string }
				Content     struct {
					Size                              int64
					MimeType, Text, Encoding, Comment string
				}
			}
			Timings struct{ Send, Wait, Receive float64 }
		}
	}
}

func writeHAR(t *testing.T, rec *httpx.Recorder) (har, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := rec.WriteHAR(&buf); err != nil {
		t.Fatal(err)
	}
	var doc har
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("the HAR does not parse as JSON: %v", err)
	}
	return doc, buf.String()
}

func TestWriteHAR(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
	mux := http.NewServeMux()
	mux.HandleFunc("/badge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/ld+json")
		io.WriteString(w, `{"type":"Assertion"}`)
	})
	mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) { w.Write(png) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, strings.Repeat("é", 200<<10)) })
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/badge", http.StatusFound) })
	srv := serve(t, mux.ServeHTTP)

	rec := httpx.NewRecorder()
	c := httpx.New(httpx.WithRecorder(rec))
	for _, p := range []string{"/old", "/image", "/big"} {
		if _, err := c.Get(context.Background(), srv.URL+p+"?q=1", ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Get(context.Background(), "http://127.0.0.1:1/refused", ""); err == nil {
		t.Fatal("a request to a closed port succeeded")
	}
	doc, _ := writeHAR(t, rec)

	if doc.Log.Version != "1.2" || doc.Log.Creator != (struct{ Name, Version string }{"obcert", "dev"}) || len(doc.Log.Entries) != 5 {
		t.Fatalf("log: version %q, creator %+v, %d entries", doc.Log.Version, doc.Log.Creator, len(doc.Log.Entries))
	}
	if doc, _ := writeHAR(t, httpx.NewRecorder(httpx.CreatorVersion("1.2.3"))); doc.Log.Creator.Version != "1.2.3" {
		t.Errorf("CreatorVersion: creator %+v", doc.Log.Creator)
	}
	e := doc.Log.Entries
	if e[0].Response.Status != 302 || e[0].Response.RedirectURL != "/badge" || e[1].Request.URL != srv.URL+"/badge" {
		t.Errorf("redirect hop: %+v then %s", e[0].Response, e[1].Request.URL)
	}
	if e[1].Response.Content.Text != `{"type":"Assertion"}` || e[1].Response.Content.MimeType != "application/ld+json" {
		t.Errorf("text body: %+v", e[1].Response.Content)
	}
	if len(e[0].Request.QueryString) != 1 || e[0].Request.QueryString[0].Name != "q" || e[0].StartedDateTime == "" {
		t.Errorf("query string %+v, started %q", e[0].Request.QueryString, e[0].StartedDateTime)
	}
	img := e[2].Response.Content
	if decoded, _ := base64.StdEncoding.DecodeString(img.Text); img.Encoding != "base64" || !bytes.Equal(decoded, png) {
		t.Errorf("binary body: encoding %q, text %q", img.Encoding, img.Text)
	}
	big := e[3].Response.Content
	if big.Size != 400<<10 || len(big.Text) > 256<<10 || !strings.Contains(big.Comment, "truncated") {
		t.Errorf("big body: size %d, kept %d, comment %q", big.Size, len(big.Text), big.Comment)
	}
	if e[4].Response.Status != 0 || !strings.Contains(e[4].Comment, "GET http://127.0.0.1:1/refused: ") {
		t.Errorf("failed exchange: status %d, comment %q", e[4].Response.Status, e[4].Comment)
	}
}

func TestEntryRef(t *testing.T) {
	if got := httpx.EntryRef(7); got != "exchanges.har#entry=7" {
		t.Errorf("EntryRef(7) = %q", got)
	}
}

func TestEntriesIsACopy(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "body") })
	rec := httpx.NewRecorder()
	if _, err := httpx.New(httpx.WithRecorder(rec)).Get(context.Background(), srv.URL, ""); err != nil {
		t.Fatal(err)
	}
	first := rec.Entries()
	first[0].ResponseBody[0] = 'X'
	first[0].ResponseHeader.Set("Content-Type", "changed")
	if again := rec.Entries()[0]; string(again.ResponseBody) != "body" || again.ResponseHeader.Get("Content-Type") == "changed" {
		t.Errorf("changing a copy changed the recorder: %q", again.ResponseBody)
	}
}

func TestRedactionKeepsSecretsOutOfTheHAR(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/authorize", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/token?code=SECRET-LOCATION&state=keep-state", http.StatusFound)
	})
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "sid", Value: "SECRET-SETCOOKIE"})
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token": "SECRET-AT", "refresh_token":"SECRET-RT",`+
			` "nested": {"id_token": "SECRET-ID"}, "token_type": "Bearer", "scope": "keep-scope"}`)
	})
	srv := serve(t, mux.ServeHTTP)

	rec := httpx.NewRecorder()
	c := httpx.New(httpx.WithRecorder(rec))
	req := httpx.Request{Method: http.MethodPost, URL: srv.URL + "/authorize?client_secret=SECRET-QUERY&state=keep-state#access_token=SECRET-FRAGMENT",
		Header: http.Header{
			"Authorization":       {"Basic SECRET-BASIC"},
			"Proxy-Authorization": {"Basic SECRET-PROXY"},
			"Cookie":              {"sid=SECRET-COOKIE"},
			"Content-Type":        {"application/x-www-form-urlencoded"},
		},
		Body: []byte("grant_type=authorization_code&code=SECRET-FORM&code_verifier=SECRET-VERIFIER&password=SECRET-PW&redirect_uri=keep-uri"),
	}
	resp, err := c.Do(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(resp.Body), "SECRET-AT") {
		t.Errorf("the caller must get the real body, got %s", resp.Body)
	}
	if _, err := c.Get(context.Background(), "http://127.0.0.1:1/cb?code=SECRET-FAILED", ""); err == nil {
		t.Fatal("a request to a closed port succeeded")
	}
	_, text := writeHAR(t, rec)
	if strings.Contains(text, "truncated") {
		t.Errorf("a redacted body is not a truncated one:\n%s", text)
	}
	if strings.Contains(text, "SECRET") {
		t.Errorf("a secret reached the HAR:\n%s", text)
	}
	for _, kept := range []string{"keep-state", "keep-scope", "keep-uri", "Bearer", "grant_type=authorization_code", `"REDACTED"`} {
		if !strings.Contains(text, kept) {
			t.Errorf("the HAR lost %q:\n%s", kept, text)
		}
	}
	if n := strings.Count(text, "REDACTED"); n < 12 {
		t.Errorf("%d values redacted, want at least 12:\n%s", n, text)
	}
}
