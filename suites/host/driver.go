package host

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/suites"
)

// Driver imports badges into a host and reads them back. The conformance adapter is the first
// implementation; Badge Connect, a browser driver and an operator's answers can follow it.
type Driver interface {
	// Import imports the badge into the account whose recipient identity is account.
	Import(ctx context.Context, in Input, account string) (Imported, error)
	// Export reads the imported badge id back, as json, png or svg.
	Export(ctx context.Context, id, as string) (Exported, error)
}

// Input is a badge as given to a host (api/adapter.yaml, ImportRequest): exactly one form is set.
type Input struct {
	URL       string          `json:"url,omitempty"`
	Image     []byte          `json:"image,omitempty"`
	MediaType string          `json:"mediaType,omitempty"`
	JWS       string          `json:"jws,omitempty"`
	JSON      json.RawMessage `json:"json,omitempty"`
	Account   string          `json:"account"`
}

// Imported is the host's answer to an import (ImportAnswer).
type Imported struct {
	ID       string   `json:"id"`
	Status   string   `json:"status"`
	Reason   string   `json:"reason"`
	Evidence []string `json:"-"`
}

// Exported is a badge as the host exports it (Export): JSON, or a baked image.
type Exported struct {
	JSON      json.RawMessage `json:"json"`
	Image     []byte          `json:"image"`
	MediaType string          `json:"mediaType"`
	Status    string          `json:"status"`
	Evidence  []string        `json:"-"`
}

// adapter drives the conformance adapter at base over the harness's HTTP client.
type adapter struct {
	base   string
	client *httpx.Client
}

var _ Driver = (*adapter)(nil)

func (a *adapter) Import(ctx context.Context, in Input, account string) (Imported, error) {
	in.Account = account
	var ans Imported
	ev, err := a.post(ctx, "/import", in, &ans)
	ans.Evidence = ev
	if err == nil && !slices.Contains([]string{"imported", "refused"}, ans.Status) {
		err = &suites.DriveError{Reason: fmt.Sprintf("POST %s/import answered status %q, which is not imported or refused", a.base, ans.Status), Evidence: ev}
	}
	if err == nil && ans.Status == "imported" && ans.ID == "" {
		err = &suites.DriveError{Reason: fmt.Sprintf("POST %s/import answered imported with no id to export it by", a.base), Evidence: ev}
	}
	return ans, err
}

func (a *adapter) Export(ctx context.Context, id, as string) (Exported, error) {
	var ex Exported
	ev, err := a.post(ctx, "/export", map[string]string{"id": id, "as": as}, &ex)
	ex.Evidence = ev
	return ex, err
}

// post POSTs body as JSON to the operation and decodes a 200 JSON answer into out.
func (a *adapter) post(ctx context.Context, op string, body, out any) ([]string, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, &suites.DriveError{Reason: fmt.Sprintf("the request could not be encoded (a harness bug): %v", err)}
	}
	u := strings.TrimSuffix(a.base, "/") + op
	resp, err := a.client.Do(ctx, httpx.Request{Method: http.MethodPost, URL: u, Body: b,
		Header: http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}}})
	if err != nil {
		return nil, &suites.DriveError{Reason: fmt.Sprintf("POST %s got no answer: %v", u, err), Unreachable: true}
	}
	var ev []string
	if resp.Entry >= 0 {
		ev = []string{httpx.EntryRef(resp.Entry)}
	}
	if resp.Status != http.StatusOK {
		return ev, &suites.DriveError{Reason: fmt.Sprintf("POST %s answered HTTP %d, not 200 OK", u, resp.Status), Evidence: ev}
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return ev, &suites.DriveError{Reason: fmt.Sprintf("POST %s answered with a body that is not the JSON object api/adapter.yaml describes: %v", u, err), Evidence: ev}
	}
	return ev, nil
}
