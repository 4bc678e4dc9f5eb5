package runner

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/obcert/obcert"
	"github.com/obcert/obcert/internal/httpx"
)

func TestProgressLines(t *testing.T) {
	var plain, tty strings.Builder
	for _, p := range []*progress{newProgress(&plain, false, 12), newProgress(&tty, true, 12)} {
		p.before(types.SpecReport{LeafNodeText: "issuer/a"})
		p.after(obcert.Result{ID: "issuer/a", State: obcert.StateFailed, Message: "one\ntwo\nthree\nfour", DurationMs: 1500})
		p.after(obcert.Result{ID: "issuer/b", State: obcert.StateInterrupted, Message: "not run"})
		p.after(obcert.Result{ID: "issuer/c", State: obcert.StateInterrupted, Message: "not run"})
	}
	want := "spec  1 of 12  FAILED       issuer/a (1.5s)\n    one\n    two\n    three\n    …\n" +
		"spec  2 of 12  INTERRUPTED  issuer/b (0s)\n    not run\nspec  3 of 12  INTERRUPTED  issuer/c (0s)\n"
	if plain.String() != want {
		t.Errorf("plain progress:\n%q\nwant\n%q", plain.String(), want)
	}
	if !strings.HasPrefix(tty.String(), "spec  1 of 12  issuer/a …\r\x1b[K") || !strings.Contains(tty.String(), "\x1b[31mFAILED") {
		t.Errorf("terminal progress: %q", tty.String())
	}
	var quiet *progress
	quiet.after(obcert.Result{}) // a nil progress is quiet
	newProgress(nil, false, 1).printf("nothing %d", 1)
}

func TestPreflightProgress(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	client := httpx.New()
	var plain, tty strings.Builder
	preflight(context.Background(), client, []string{srv.URL}, newProgress(&plain, false, 1))
	preflight(context.Background(), client, []string{srv.URL}, newProgress(&tty, true, 1))
	if plain.String() != "preflight: 1 of 1 origins answer\n" {
		t.Errorf("plain preflight progress %q", plain.String())
	}
	if want := "preflight: reaching 1 origins …\r\x1b[Kpreflight: 1 of 1 origins answer\n"; tty.String() != want {
		t.Errorf("terminal preflight progress %q, want %q", tty.String(), want)
	}
}
