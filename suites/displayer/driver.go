package displayer

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/obcert/obcert/api"
	"github.com/obcert/obcert/fixtures"
	"github.com/obcert/obcert/internal/httpx"
	"github.com/obcert/obcert/suites"
)

// Driver has a displayer show a badge and reads what it shows: the conformance adapter (adapter),
// the product's page in headless Chromium (browser) and the operator's answers file (manual).
type Driver interface {
	// Display shows the badge as the product would and reports what is shown.
	Display(ctx context.Context, b fixtures.Badge) (Answer, error)
	// Verify asks the product to verify the badge again now and reports what is shown after.
	Verify(ctx context.Context, b fixtures.Badge) (Answer, error)
}

// Answer is what a displayer shows for a badge (api/adapter.yaml, Display).
type Answer struct {
	Name         string `json:"name"`
	Description  string `json:"description"`
	Image        string `json:"image"`
	IssuerName   string `json:"issuerName"`
	IssuedOn     string `json:"issuedOn"`
	Status       string `json:"status"`
	LastVerified string `json:"lastVerified"`
	// Evidence references the exchanges behind the answer.
	Evidence []string `json:"-"`
}

// adapter drives the conformance adapter at base over the harness's HTTP client.
type adapter struct {
	base   string
	client *httpx.Client
	shape  api.Schema
}

var _ Driver = (*adapter)(nil)

func (a *adapter) Display(ctx context.Context, b fixtures.Badge) (Answer, error) {
	return a.call(ctx, "/display", b)
}

func (a *adapter) Verify(ctx context.Context, b fixtures.Badge) (Answer, error) {
	return a.call(ctx, "/verify", b)
}

// call POSTs the badge to the operation and reads the answer against the Display shape.
func (a *adapter) call(ctx context.Context, op string, b fixtures.Badge) (Answer, error) {
	body, err := json.Marshal(b)
	if err != nil {
		return Answer{}, &suites.DriveError{Reason: fmt.Sprintf("the badge could not be encoded (a harness bug): %v", err)}
	}
	u := strings.TrimSuffix(a.base, "/") + op
	resp, err := a.client.Do(ctx, httpx.Request{Method: http.MethodPost, URL: u, Body: body,
		Header: http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}}})
	if err != nil {
		return Answer{}, &suites.DriveError{Reason: fmt.Sprintf("POST %s got no answer: %v", u, err), Unreachable: true}
	}
	ev := entryRef(resp.Entry)
	ans, err := a.read(u, resp)
	if err != nil {
		return Answer{}, &suites.DriveError{Reason: err.Error(), Evidence: ev}
	}
	ans.Evidence = ev
	return ans, nil
}

// read checks the answer against api/adapter.yaml's Display: 200, JSON, every required field a
// string, status in its enum, lastVerified a date-time.
func (a *adapter) read(u string, resp *httpx.Response) (Answer, error) {
	if resp.Status != http.StatusOK {
		return Answer{}, fmt.Errorf("POST %s answered HTTP %d, not 200 OK with a Display", u, resp.Status)
	}
	var raw map[string]any
	if err := json.Unmarshal(resp.Body, &raw); err != nil {
		return Answer{}, fmt.Errorf("POST %s answered with a body that is not a JSON object: %v", u, err)
	}
	for _, f := range a.shape.Required {
		if _, ok := raw[f].(string); !ok {
			return Answer{}, fmt.Errorf("POST %s answered a Display whose field %s is missing or not a string", u, f)
		}
	}
	var ans Answer
	_ = json.Unmarshal(resp.Body, &ans)
	if !a.shape.Allows("status", ans.Status) {
		return Answer{}, fmt.Errorf("POST %s answered status %q, which is not one of %s", u, ans.Status, strings.Join(a.shape.Properties["status"].Enum, ", "))
	}
	if _, err := time.Parse(time.RFC3339, ans.LastVerified); err != nil {
		return Answer{}, fmt.Errorf("POST %s answered lastVerified %q, which is not an RFC 3339 date-time", u, ans.LastVerified)
	}
	return ans, nil
}
