package jsonld

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// servedBy is a RemoteLoader answering from a map, counting its calls.
func servedBy(docs map[string]string, calls *int) RemoteLoader {
	return func(_ context.Context, url string) ([]byte, error) {
		*calls++
		if d, ok := docs[url]; ok {
			return []byte(d), nil
		}
		return nil, fmt.Errorf("404 for %s", url)
	}
}

func TestUnknownRemoteContextFailsOffline(t *testing.T) {
	const u = "https://example.org/unknown-context.json"
	doc := decode(t, `{"@context":"`+u+`","id":"http://e.org/a","type":"Assertion"}`)
	_, _, err := New(nil).Compact(context.Background(), doc, V2)
	if err == nil || !strings.Contains(err.Error(), u) || !errors.Is(err, ErrOffline) {
		t.Fatalf("got %v, want an offline error naming %s", err, u)
	}
}

func TestRemoteContextLoadsThroughTheLoader(t *testing.T) {
	const u = "http://example.org/ctx"
	calls := 0
	p := New(servedBy(map[string]string{u: `{"@context":{"nick":"http://schema.org/alternateName"}}`}, &calls))
	doc := decode(t, `{"@context":["https://w3id.org/openbadges/v2","`+u+`"],"type":"Issuer","nick":"Bob"}`)
	got, loaded, err := p.Compact(context.Background(), doc, V2)
	if err != nil {
		t.Fatal(err)
	}
	if got["schema:alternateName"] != "Bob" || len(loaded) != 1 || loaded[0] != u || calls != 1 {
		t.Fatalf("got %v, loaded %v after %d fetches", got, loaded, calls)
	}
}

func TestLoaderErrorNamesTheURL(t *testing.T) {
	const u = "http://example.org/missing"
	calls := 0
	doc := decode(t, `{"@context":"`+u+`","type":"Issuer"}`)
	_, _, err := New(servedBy(nil, &calls)).Compact(context.Background(), doc, V2)
	if err == nil || !strings.Contains(err.Error(), u) || calls != 1 {
		t.Fatalf("got %v after %d fetches", err, calls)
	}
}

func TestLoaderLimits(t *testing.T) {
	big := `{"@context":{"x":"http://e.org/x"},"pad":"` + strings.Repeat("a", maxDocumentBytes) + `"}`
	docs := map[string]string{"http://example.org/big": big}
	// A chain of 20 contexts, each including the next.
	for i := range 20 {
		docs[fmt.Sprintf("http://example.org/c%d", i)] = fmt.Sprintf(`{"@context":["http://example.org/c%d",{"t%d":"http://e.org/t"}]}`, i+1, i)
	}
	docs["http://example.org/c20"] = `{"@context":{}}`
	wide := []string{}
	for i := range 20 {
		u := fmt.Sprintf("http://example.org/w%d", i)
		docs[u] = fmt.Sprintf(`{"@context":{"w%d":"http://e.org/w"}}`, i)
		wide = append(wide, `"`+u+`"`)
	}
	cases := []struct{ name, context, want string }{
		{"a document over 1 MiB", `"http://example.org/big"`, "larger than"},
		{"more than 16 documents", "[" + strings.Join(wide, ",") + "]", "more than 16 remote documents"},
		{"a chain deeper than 8", `"http://example.org/c0"`, "more than 8 levels deep"},
		{"a non-http URL", `"ftp://example.org/ctx"`, "only absolute http and https"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			calls := 0
			doc := decode(t, `{"@context":`+c.context+`,"type":"Issuer"}`)
			_, _, err := New(servedBy(docs, &calls)).Compact(context.Background(), doc, V2)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error containing %q", err, c.want)
			}
			if calls > maxRemoteDocuments {
				t.Errorf("%d fetches, limit %d", calls, maxRemoteDocuments)
			}
		})
	}
}

func TestCancelledContextStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	doc := readJSON(t, scenarioDir+"/01-hosted-2_0-basic/assertion.json")
	if _, _, err := New(nil).Compact(ctx, doc, V2); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestRemoteLoaderSeesTheCallContext(t *testing.T) {
	type key struct{}
	ctx := context.WithValue(context.Background(), key{}, "call")
	var seen any
	p := New(func(c context.Context, _ string) ([]byte, error) {
		seen = c.Value(key{})
		return []byte(`{"@context":{}}`), nil
	})
	doc := decode(t, `{"@context":"http://example.org/ctx","type":"Issuer"}`)
	if _, _, err := p.Compact(ctx, doc, V2); err != nil || seen != "call" {
		t.Fatalf("loader saw %v, err %v", seen, err)
	}
}

func TestDeepDocumentIsRefused(t *testing.T) {
	s := strings.Repeat(`{"a":`, 200) + `1` + strings.Repeat(`}`, 200)
	doc := decode(t, `{"@context":"https://w3id.org/openbadges/v2","x":`+s+`}`)
	p := New(nil)
	if _, _, err := p.Compact(context.Background(), doc, V2); err == nil || !strings.Contains(err.Error(), "nested") {
		t.Errorf("Compact: got %v", err)
	}
	if _, err := p.Expand(context.Background(), doc); err == nil {
		t.Error("Expand accepted a document nested 200 levels deep")
	}
	if _, err := p.Normalize(context.Background(), doc); err == nil {
		t.Error("Normalize accepted a document nested 200 levels deep")
	}
}

func TestOddInputsGiveErrorsNotPanics(t *testing.T) {
	p := New(nil)
	for _, s := range []string{`"https://example.org/a-url-is-no-document"`, `42`, `null`, `{"@context":42}`,
		`{"@context":{"@version":2}}`, `{"@context":"https://w3id.org/openbadges/v2","@id":7}`} {
		if got, _, err := p.Compact(context.Background(), decode(t, s), V2); err == nil {
			t.Errorf("%s compacted to %v without an error", s, got)
		}
	}
	if got, _, err := p.Compact(context.Background(), decode(t, `[1,2]`), V2); err != nil || len(got) != 0 {
		t.Errorf("[1,2] compacted to %v, %v; want an empty node", got, err)
	}
}
